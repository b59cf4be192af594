// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops predict BUNDLE --input FILE}: JSONL requests in, JSONL outputs out. */
@Command(name = "predict", description = {
    "Run a bundle's model on each request of a JSONL file, writing one JSON line per request.",
    "The bundle is opened as verify opens it (verified, adequacy cases passed). A request line is a case"
        + " ({\"id\", \"inputs\"}) or the inputs object alone; one without an id is named \"line N\", N its line in"
        + " the file. Each request gets {\"line\", \"id\", \"outputs\"} on standard output, or {\"line\", \"id\","
        + " \"error\"} when the model refuses it (outside the envelope, for example).",
    "A malformed line (not JSON, or tensors that do not fit the model's inputs) is invalid input: it is reported on"
        + " standard error naming the file and the line, and the next line is read.",
    "With --json, standard output is JSON Lines and nothing else: every request line gets exactly one object, a"
        + " malformed one {\"line\", \"error\"}, and a failure that ends the run (the bundle cannot be opened) is"
        + " one line {\"ok\": false, \"exitCode\", \"error\"}."},
        exitCodeList = {"0:every request was served.", "2:a request line was malformed or refused, or the bundle or"
            + " the requests file is invalid.", ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class PredictCommand extends Verb {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL requests, one a line.")
    Path input;

    @Mixin
    RuntimeOptions runtime;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    boolean jsonLines() {
        return true;
    }

    @Override
    int execute() {
        long failed = 0;
        long requests = 0;
        try (ModelRuntime rt = runtime.build();
                RuntimeModel model = reading(bundle, () -> rt.open(Args.existing(bundle)));
                RequestLines lines = RequestLines.open(input, model.metadata(), CaseLimits.DEFAULT)) {
            // one line in memory at a time
            for (var line = lines.next(); line.isPresent(); line = lines.next()) {
                requests++;
                boolean ok = line.get() instanceof RequestLines.Request r ? answer(model, r)
                        : malformed((RequestLines.Malformed) line.get());
                failed += ok ? 0 : 1;
            }
            out().flush();
        }
        if (failed > 0) {
            err().println("mlops: " + failed + " of " + requests + " requests failed");
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }

    /** Reports a malformed line on stderr and, with {@code --json}, as its JSON line. */
    private boolean malformed(RequestLines.Malformed m) {
        err().println("mlops: " + Text.message(m.error().getMessage()));
        if (json) {
            ObjectNode line = Output.object();
            line.put("line", m.line());
            error(line, m.error());
            out().println(Output.compact(line));
        }
        return false;
    }

    /** Prints one JSON line for a request: its outputs, or the error that refused it. */
    private boolean answer(RuntimeModel model, RequestLines.Request r) {
        AdequacyCase request = r.request();
        ObjectNode line = Output.object();
        line.put("line", r.line());
        line.put("id", request.id());
        boolean ok = true;
        try {
            Map<String, Value> outputs = model.predictValues(request.inputs());
            ObjectNode outs = line.putObject("outputs");
            outputs.forEach((name, v) -> outs.set(name, value(v)));
        } catch (MlopsException e) {
            ok = false;
            error(line, e);
            err().println("mlops: " + Text.escape(input) + ": line " + r.line() + ": " + Text.escape(request.id())
                    + ": " + Text.message(e.getMessage()));
        }
        out().println(Output.compact(line));
        return ok;
    }

    private static void error(ObjectNode line, MlopsException e) {
        ObjectNode error = line.putObject("error");
        error.put("type", e.getClass().getSimpleName());
        error.put("message", e.getMessage());
    }

    /**
     * Writes an output as cases.jsonl does: a tensor as {@code {dtype, shape, data}}, a sequence as an array, a map as
     * an object whose keys are strings.
     */
    static JsonNode value(Value v) {
        if (v instanceof Tensor t) {
            return tensor(t);
        }
        if (v instanceof ValueSequence s) {
            ArrayNode a = Output.object().arrayNode();
            s.elements().forEach(e -> a.add(value(e)));
            return a;
        }
        ObjectNode m = Output.object();
        ((ValueMap) v).entries().forEach((k, x) -> m.set(k.toString(), scalar(x)));
        return m;
    }

    private static JsonNode scalar(Object v) {
        ArrayNode one = Output.object().arrayNode();
        add(one, v);
        return one.get(0);
    }

    static ObjectNode tensor(Tensor t) {
        ObjectNode n = Output.object();
        n.put("dtype", t.dtype().jsonName());
        ArrayNode shape = n.putArray("shape");
        for (long d : t.shape()) {
            shape.add(d);
        }
        ArrayNode data = n.putArray("data");
        for (int i = 0; i < t.size(); i++) {
            add(data, t.get(i));
        }
        return n;
    }

    private static void add(ArrayNode data, Object v) {
        if (v instanceof Float f && !Float.isFinite(f)) {
            data.add(f.isNaN() ? "NaN" : f > 0 ? "Infinity" : "-Infinity");
        } else if (v instanceof Double d && !Double.isFinite(d)) {
            data.add(d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
        } else if (v instanceof Float f) {
            data.add(f);
        } else if (v instanceof Double d) {
            data.add(d);
        } else if (v instanceof Boolean b) {
            data.add(b);
        } else if (v instanceof String s) {
            data.add(s);
        } else {
            data.add(((Number) v).longValue());
        }
    }
}
