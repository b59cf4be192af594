package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.runtime.AdequacyReport;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops verify BUNDLE}: validate, load on the serving provider, run every adequacy case. */
@Command(name = "verify", description = {
    "Validate a bundle, load it into ONNX Runtime on the first provider that works, and run every adequacy case",
    "there. Exit 0 all cases pass, 1 a case failed, 2 invalid bundle or the model cannot load."})
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
            for (AdequacyReport.CaseResult c : report.cases()) {
                ObjectNode n = cases.addObject();
                n.put("id", c.id());
                n.put("passed", c.passed());
                c.source().ifPresent(s -> n.put("source", s.file() + ":" + s.line()));
                c.error().ifPresent(e -> n.put("error", e));
                ArrayNode outs = n.putArray("outputs");
                for (AdequacyReport.OutputResult r : c.outputs()) {
                    ObjectNode x = outs.addObject();
                    x.put("output", r.output());
                    x.put("passed", r.passed());
                    r.problem().ifPresent(p -> x.put("problem", p));
                    x.put("worstIndex", r.worstIndex());
                    ArrayNode pos = x.putArray("worstPosition");
                    r.worstPosition().forEach(pos::add);
                    x.put("expected", r.expected());
                    x.put("actual", r.actual());
                    x.put("absoluteError", r.absoluteError());
                    x.put("relativeError", r.relativeError());
                    x.put("toleranceAbsolute", r.tolerance().absolute());
                    x.put("toleranceRelative", r.tolerance().relative());
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
     * {@link AdequacyReport#describe()}, each case on its own line with what it quotes from the bundle (case ids,
     * output names, errors) escaped, so a case id cannot break a line.
     */
    static String describe(AdequacyReport report) {
        StringBuilder sb = new StringBuilder("adequacy of ").append(Text.escape(report.model())).append(" on ")
                .append(Text.escape(report.executionProvider())).append(':');
        for (AdequacyReport.CaseResult c : report.failures()) {
            sb.append("\n  FAIL ").append(Text.escape(c.describe()));
        }
        return sb.append('\n').append(report.cases().size() - report.failures().size()).append(" of ")
                .append(report.cases().size()).append(" adequacy cases passed on ")
                .append(Text.escape(report.executionProvider())).toString();
    }
}
