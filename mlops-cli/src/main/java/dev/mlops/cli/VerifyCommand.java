// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops verify BUNDLE}: validate, load on the serving provider, run every adequacy case. */
@Command(name = "verify", description = {
    "Validate a bundle, load its model into ONNX Runtime and run every adequacy case.",
    "The model is loaded on the first execution provider in --providers that works (all those of the ONNX Runtime"
        + " jar, GPU first, by default), and every case runs there; the report names the provider."},
        exitCodeList = {"0:every adequacy case passed.", "1:an adequacy case failed (the report names it).",
            "2:the bundle is invalid, or its model cannot be loaded (on the required provider, with"
            + " --require-provider).", ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class VerifyCommand extends Verb {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Mixin
    RuntimeOptions runtime;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        ModelRuntime.Verification v;
        try (ModelRuntime rt = runtime.build()) {
            v = reading(bundle, () -> rt.verify(Args.existing(bundle)));
        }
        warn(v.validation().warnings());
        AdequacyReport report = v.adequacy();
        int code = report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        if (json) {
            ObjectNode o = report(report.passed(), code);
            Reports.describe(o, v.validation());
            o.put("executionProvider", report.executionProvider());
            ArrayNode cases = o.putArray("cases");
            for (CaseResult c : report.cases()) {
                ObjectNode n = cases.addObject();
                n.put("id", c.id());
                n.put("passed", c.passed());
                c.source().ifPresent(s -> n.put("source", s.toString()));
                if (c instanceof CaseResult.Errored e) {
                    n.put("error", e.error());
                }
                ArrayNode outs = n.putArray("outputs");
                if (c instanceof CaseResult.Compared compared) {
                    compared.outputs().forEach(r -> output(outs.addObject(), r));
                }
            }
            Output.print(out(), o);
        } else {
            var m = v.validation().metadata().metadata();
            if (report.passed()) {
                out().println("verified: " + Text.escape(m.name()) + " " + Text.escape(m.version()) + " on "
                        + Text.escape(report.executionProvider()) + ", " + report.cases().size()
                        + " adequacy cases passed (" + Text.escape(v.validation().deliveryId()) + ")");
            } else {
                out().println(describe(report));
            }
        }
        if (!report.passed()) {
            err().println("mlops: " + report.failures().size() + " of " + report.cases().size()
                    + " adequacy cases failed on " + Text.escape(report.executionProvider()));
        }
        return code;
    }

    /**
     * One output's result as JSON: {@code output}, {@code passed}, {@code kind} ({@code numeric}, {@code exact} or
     * {@code structural}); for a numeric output the worst element ({@code worstIndex},
     * {@code worstPosition}, {@code expected}, {@code actual}, {@code absoluteError}, {@code relativeError}); for a
     * bool or string mismatch {@code problem}, {@code worstIndex} and {@code worstPosition} of the first differing
     * element; for a sequence or map {@code type} and, when it failed, {@code path} and {@code problem}; for a
     * structural one {@code problem}; and the tolerance. Keys that do not apply to a kind are left out.
     */
    private static void output(ObjectNode x, OutputResult r) {
        x.put("output", r.output());
        x.put("passed", r.passed());
        if (r instanceof OutputResult.Numeric n) {
            x.put("kind", "numeric");
            OutputResult.Element w = n.worst();
            x.put("worstIndex", w.index());
            ArrayNode pos = x.putArray("worstPosition");
            w.position().forEach(pos::add);
            x.put("expected", w.expected());
            x.put("actual", w.actual());
            x.put("absoluteError", w.absoluteError());
            x.put("relativeError", w.relativeError());
        } else if (r instanceof OutputResult.Exact e) {
            x.put("kind", "exact");
            e.problem().ifPresent(p -> x.put("problem", p));
            e.mismatch().ifPresent(m -> {
                x.put("worstIndex", m.index());
                ArrayNode pos = x.putArray("worstPosition");
                m.position().forEach(pos::add);
            });
        } else if (r instanceof OutputResult.Composite c) {
            x.put("kind", "composite");
            x.put("type", c.type().jsonName());
            c.difference().ifPresent(d -> {
                x.put("path", d.path());
                x.put("problem", d.problem());
            });
        } else if (r instanceof OutputResult.Structural s) {
            x.put("kind", "structural");
            x.put("problem", s.problem());
        }
        x.put("toleranceAbsolute", r.tolerance().absolute());
        x.put("toleranceRelative", r.tolerance().relative());
    }

    /**
     * {@link AdequacyReport#describe()}, each case on its own line with what it quotes from the bundle (case ids,
     * output names, errors) escaped, so a case id cannot break a line.
     */
    static String describe(AdequacyReport report) {
        StringBuilder sb = new StringBuilder("adequacy of ").append(Text.escape(report.model())).append(" on ")
                .append(Text.escape(report.executionProvider())).append(':');
        for (CaseResult c : report.failures()) {
            sb.append("\n  FAIL ").append(Text.escape(c.describe()));
        }
        return sb.append('\n').append(report.cases().size() - report.failures().size()).append(" of ")
                .append(report.cases().size()).append(" adequacy cases passed on ")
                .append(Text.escape(report.executionProvider())).toString();
    }
}
