// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.bundle.Manifest;
import dev.mlops.metadata.bundle.ManifestEntry;
import dev.mlops.metadata.bundle.SigningKey;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.ValidationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops pack DIR [--zip OUT]}: validates a bundle directory, then writes its manifest (and a zip). */
@Command(name = "pack", description = {
    "Validate a bundle directory, then write its manifest.json (and with --zip a zip of it).",
    "The metadata, the files it names and the ONNX graph's inputs and outputs are checked first; nothing is written"
        + " when they are invalid. manifest.json is written atomically; the zip is reproducible (the same files give"
        + " the same bytes). With --sign, manifest.sig is written too."},
        exitCodeList = {"0:packed.", "2:the bundle is invalid (nothing was written), or a key or output file cannot be"
            + " read or written.", ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class PackCommand extends Verb {
    @Parameters(index = "0", paramLabel = "DIR", description = "The bundle directory.")
    Path dir;

    @Option(names = "--zip", paramLabel = "OUT", description = "Also write the bundle as a zip to OUT.")
    @Nullable Path zip;

    @Option(names = "--sign", paramLabel = "KEY",
            description = "Sign manifest.json with this Ed25519 private key (PEM, PKCS#8), writing manifest.sig.")
    @Nullable Path sign;

    @Override
    String subject() {
        return String.valueOf(dir);
    }

    @Override
    int execute() {
        if (!Files.isDirectory(Args.existing(dir))) {
            throw new InvalidBundleException(dir.toString(), "is not a directory (pack takes a bundle directory)");
        }
        try (Bundle unpacked = Bundles.openUnverified(dir)) {
            ValidationReport report = BundleValidation.validate(unpacked, ModelRuntime.AdequacyPolicy.IF_PRESENT);
            warn(report.warnings().stream().filter(w -> !w.startsWith("no manifest.json")).toList());
            warn(unreferencedCases(report.metadata().metadata()));
        }
        Manifest manifest;
        if (sign != null) {
            SigningKey key = SigningKey.read(sign);
            manifest = zip == null ? Bundles.pack(dir, key) : Bundles.pack(dir, zip, key);
        } else {
            manifest = zip == null ? Bundles.pack(dir) : Bundles.pack(dir, zip);
        }
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            o.put("deliveryId", manifest.deliveryId());
            o.put("manifest", dir.resolve("manifest.json").toString());
            if (sign != null) {
                o.put("signedBy", SigningKey.read(sign).keyId());
            }
            if (zip != null) {
                o.put("zip", zip.toString());
            }
            ArrayNode files = o.putArray("files");
            for (ManifestEntry e : manifest.files()) {
                files.addObject().put("path", e.path()).put("sha256", e.sha256()).put("size", e.size());
            }
            Output.print(out(), o);
        } else {
            out().println("packed: " + Text.escape(dir) + " (" + manifest.files().size() + " files, "
                    + Text.escape(manifest.deliveryId()) + ")" + (zip == null ? "" : " -> " + Text.escape(zip))
                    + (sign == null ? "" : ", signed by " + SigningKey.read(sign).keyId()));
        }
        return ExitCodes.OK;
    }

    /** The conventional adequacy case files. */
    static final java.util.List<String> CASE_FILES = java.util.List.of("adequacy/cases.jsonl", "adequacy_test.csv");

    /**
     * A warning for each conventional case file in the directory that metadata.json does not name: verify refuses a
     * bundle without cases, and runs only the file that {@code adequacy.cases} names.
     */
    java.util.List<String> unreferencedCases(dev.mlops.api.spec.ModelMetadata m) {
        java.util.Optional<String> named = m.adequacy().map(dev.mlops.api.spec.AdequacySpec::cases);
        return CASE_FILES.stream().filter(f -> Files.isRegularFile(dir.resolve(f)))
                .filter(f -> !named.equals(java.util.Optional.of(f)))
                .map(f -> f + " is in the bundle but metadata.json does not name it, so verify will not run it: set "
                        + "adequacy.cases to \"" + f + "\" (with adequacy.tolerance)"
                        + named.map(n -> ", or remove it (adequacy.cases names " + n + ")").orElse(""))
                .toList();
    }
}
