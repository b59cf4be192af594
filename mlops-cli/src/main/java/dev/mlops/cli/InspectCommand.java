// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.GraphSignature;
import dev.mlops.runtime.ValidationReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops inspect BUNDLE [--json]}: metadata, graph signature, delivery id and the provider that serves. */
@Command(name = "inspect", description = {
    "Show a bundle's metadata, graph signature, delivery id and the execution provider that serves it.",
    "The bundle is loaded as verify loads it; a failed adequacy case is shown, not an error (run verify for the"
        + " report)."},
        exitCodeList = {"0:the bundle was shown.", "2:the bundle is invalid, or its model cannot be loaded.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class InspectCommand extends Verb {
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
        ModelRuntime.Verification verification;
        try (ModelRuntime rt = runtime.build(ModelRuntime.AdequacyPolicy.IF_PRESENT)) {
            verification = reading(bundle, () -> rt.verify(Args.existing(bundle)));
        }
        ValidationReport report = verification.validation();
        AdequacyReport adequacy = verification.adequacy();
        String provider = adequacy.executionProvider();
        String gate = adequacy.passed() ? "passed" : "FAILED: " + adequacy.failures().size() + " of "
                + adequacy.cases().size() + " cases (run verify for the report)";
        warn(report.warnings());
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            Reports.describe(o, report);
            o.put("executionProvider", provider);
            o.put("adequacyPassed", adequacy.passed());
            Output.print(out(), o);
            return ExitCodes.OK;
        }
        Lines p = new Lines(out());
        ModelMetadata m = report.metadata().metadata();
        p.println(m.name() + " " + m.version() + "  (schema " + m.schemaVersion() + ")");
        p.println("delivery id:  " + report.deliveryId() + (report.verified() ? "" : "  (not packed: unverified)"));
        m.buildId().ifPresent(v -> p.println("build id:     " + v));
        m.modelType().ifPresent(v -> p.println("model type:   " + v));
        m.author().ifPresent(v -> p.println("author:       " + v));
        m.createdAt().ifPresent(v -> p.println("created at:   " + v));
        m.description().ifPresent(v -> p.println("description:  " + v));
        p.println("artifact:     " + m.artifact().path() + " (" + m.artifact().format() + ")");
        p.println("inputs:");
        m.inputs().forEach(t -> p.println("  " + tensor(t)));
        p.println("outputs:");
        m.outputs().forEach(t -> p.println("  " + tensor(t)));
        p.println("graph:");
        for (GraphSignature.Port in : report.signature().inputs()) {
            p.println("  in   " + in);
        }
        for (GraphSignature.Port out : report.signature().outputs()) {
            p.println("  out  " + out);
        }
        report.dimensionsFixedByGraph().forEach(d -> p.println("  note " + Text.escape(d.toString())));
        if (!m.capabilities().values().isEmpty()) {
            p.println("capabilities:");
            m.capabilities().values().forEach((k, v) -> p.println("  " + k + ": " + String.join(", ", v)));
        }
        if (!m.constraints().isEmpty()) {
            p.println("envelope:");
            m.constraints().forEach(c -> p.println("  " + constraint(c)));
        }
        m.preprocessing().ifPresent(pp -> p.println("preprocessing: " + pp.name() + " " + pp.version()));
        p.println("adequacy:     " + m.adequacy().map(a -> report.adequacyCases() + " cases in " + a.cases()
                + ", tolerance abs " + a.tolerance().absolute() + " rel " + a.tolerance().relative() + ": " + gate)
                .orElse("none"));
        m.metrics().forEach(x -> p.println("metric:       " + x.name() + " = " + x.value()
                + x.dataset().map(d -> " on " + d).orElse("") + x.split().map(s -> " (" + s + ")").orElse("")));
        m.provenance().gitCommit().ifPresent(v -> p.println("git commit:   " + v));
        m.provenance().branch().ifPresent(v -> p.println("branch:       " + v));
        p.println("provider:     " + provider);
        return ExitCodes.OK;
    }

    /** Prints lines of text that quote the bundle: each is escaped whole, so nothing it quotes can break it. */
    private record Lines(PrintWriter out) {
        void println(String line) {
            out.println(Text.escape(line));
        }
    }

    private static String tensor(TensorSpec t) {
        StringBuilder sb = new StringBuilder(t.name()).append(": ").append(t.type().jsonName())
                .append(t.isTensor() ? t.shape().toString() : "");
        if (!t.features().isEmpty()) {
            sb.append(" features ").append(t.features());
        }
        t.unit().ifPresent(u -> sb.append(" [").append(u).append(']'));
        t.range().ifPresent(r -> sb.append(" range ").append(r.min()).append("..").append(r.max()));
        return sb.toString();
    }

    private static String constraint(Constraint c) {
        String target = c.input() + c.feature().map(f -> "." + f).orElse("");
        String min = c.min().isPresent() ? c.min().getAsDouble() + " <= " : "";
        String max = c.max().isPresent() ? " <= " + c.max().getAsDouble() : "";
        return min + target + max + " (" + c.action() + ")" + c.message().map(s -> ": " + s).orElse("");
    }
}
