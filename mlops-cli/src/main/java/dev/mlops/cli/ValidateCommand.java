// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ValidationReport;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops validate BUNDLE}: manifest, metadata and graph signature, without inference. */
@Command(name = "validate", description = {
    "Check a bundle without running its model.",
    "The manifest's integrity, the metadata's schema and rules, the files it names, the adequacy case files and the"
        + " ONNX graph's inputs and outputs against the declared specs are all checked; with --trust, the bundle's"
        + " signature too."},
        exitCodeList = {"0:the bundle is valid.", "2:the bundle is invalid, or not signed by a trusted key.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class ValidateCommand extends Verb {
    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Option(names = "--trust", paramLabel = "KEY", arity = "1..*",
            description = "Accept only bundles signed by one of these Ed25519 public keys (PEM files; docs/signing.md).")
    @Nullable List<Path> trust;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        BundleReader.Builder reader = BundleReader.newBuilder();
        if (trust != null && !trust.isEmpty()) {
            reader.trust(TrustedKeys.read(trust.toArray(Path[]::new)));
        }
        ValidationReport report = reading(bundle, () -> BundleValidation.validate(Args.existing(bundle),
                reader.build(), ModelRuntime.AdequacyPolicy.REQUIRED));
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
