package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.metadata.cases.CaseStream;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops predict BUNDLE --input FILE}: JSONL requests in, JSONL outputs out. */
@Command(name = "predict", description = {
    "Open a bundle (verified and gated like verify) and run it on each line of a JSONL file: a case",
    "({\"id\", \"inputs\"}) or the inputs object alone. Writes one JSON line per request to stdout:",
    "{\"id\", \"outputs\"} or {\"id\", \"error\"}. Exit 0 all served, 2 a request or the bundle was invalid."})
final class PredictCommand extends Verb {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSONL requests.")
    Path input;

    @Mixin
    RuntimeOptions runtime;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        int failed = 0;
        try (ModelRuntime rt = runtime.build();
                RuntimeModel model = reading(bundle, () -> rt.open(Args.existing(bundle)));
                CaseStream requests = CaseReader.streamRequests(Args.existing(input), input.toString(),
                        model.metadata(), CaseLimits.DEFAULT)) { // one request in memory at a time
            while (requests.hasNext()) {
                failed += answer(model, requests.next()) ? 0 : 1;
            }
            out().flush();
        }
        return failed == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }

    /** Prints one JSON line for a request: its outputs, or the error that refused it. */
    private boolean answer(RuntimeModel model, AdequacyCase request) {
        ObjectNode line = Output.object();
        line.put("id", request.id());
        boolean ok = true;
        try {
            Map<String, Tensor> outputs = model.predict(request.inputs());
            ObjectNode outs = line.putObject("outputs");
            outputs.forEach((name, t) -> outs.set(name, tensor(t)));
        } catch (MlopsException e) {
            ok = false;
            ObjectNode error = line.putObject("error");
            error.put("type", e.getClass().getSimpleName());
            error.put("message", e.getMessage());
            err().println("mlops: " + Text.escape(request.id()) + ": " + Text.message(e.getMessage()));
        }
        out().println(Output.compact(line));
        return ok;
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
            Object v = t.get(i);
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
        return n;
    }
}
