package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ValidationReport;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code mlops validate BUNDLE}: manifest, metadata and graph signature, without inference. */
@Command(name = "validate", description = {
    "Check a bundle without running it: manifest integrity, metadata schema and rules, the files it names, and the",
    "ONNX graph's inputs and outputs against the declared specs. Exit 0 valid, 2 invalid."})
final class ValidateCommand extends Verb {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        ValidationReport report = reading(bundle, () -> BundleValidation.validate(Args.existing(bundle)));
        warn(report.warnings());
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            Reports.describe(o, report);
            Output.print(out(), o);
        } else {
            var m = report.metadata().metadata();
            out().println("valid: " + Text.escape(m.name()) + " " + Text.escape(m.version()) + " ("
                    + Text.escape(report.deliveryId()) + ")");
        }
        return ExitCodes.OK;
    }
}
