package dev.mlops.runtime;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.MetadataDocument;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Validates a bundle without running its model: the manifest (every file present, unchanged and listed), the
 * metadata (schema and cross-field rules), the files it names, and the ONNX graph's inputs and outputs against the
 * declared specs (names, dtypes, ranks, fixed dimensions), read through ONNX Runtime.
 *
 * <p>Stateless and thread-safe.
 *
 * <pre>{@code
 * ValidationReport report = BundleValidation.validate(Path.of("linear.zip"));
 * System.out.println(report.deliveryId());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class BundleValidation {
    private BundleValidation() {
    }

    /**
     * Validates a bundle directory or zip with the default reader limits.
     *
     * @param bundle the directory or {@code .zip}
     * @return the report
     * @throws dev.mlops.api.IntegrityException when a file is missing, changed or unlisted
     * @throws dev.mlops.api.InvalidMetadataException listing every metadata violation
     * @throws dev.mlops.api.SignatureMismatchException listing every graph/metadata difference
     * @throws InvalidBundleException for any other defect, naming the file
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Path bundle) {
        return validate(bundle, BundleReader.standard());
    }

    /**
     * Validates a bundle directory or zip.
     *
     * @param bundle the directory or {@code .zip}
     * @param reader the reader (staging root and limits)
     * @return the report
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Path bundle, BundleReader reader) {
        try (Bundle opened = reader.open(Objects.requireNonNull(bundle, "bundle"))) {
            return validate(opened);
        }
    }

    /**
     * Validates an opened bundle.
     *
     * @param bundle the staged bundle
     * @return the report
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Bundle bundle) {
        return check(bundle, (meta, model) -> GraphSignature.read(model)).report();
    }

    /** A validation report and the adequacy cases read on the way. */
    record Checked(ValidationReport report, List<AdequacyCase> cases) {
    }

    /**
     * Validates, reading the graph signature with the given function (the runtime passes one that creates the
     * serving session, so the model is loaded once), after every cheaper check passed.
     */
    static Checked check(Bundle bundle, BiFunction<ModelMetadata, Path, GraphSignature> signatures) {
        MetadataDocument doc = readMetadata(bundle);
        ModelMetadata meta = doc.metadata();
        List<String> warnings = new ArrayList<>();
        doc.migratedFrom().ifPresent(v -> warnings.add(Metadata.FILE_NAME + ": schema " + v
                + " was migrated to " + meta.schemaVersion() + "; re-export to drop the migration"));
        warnings.addAll(doc.migrationNotes());
        for (String f : doc.unknownFields()) {
            warnings.add(Metadata.FILE_NAME + ": " + f + " is not a field of schema " + meta.schemaVersion()
                    + " (kept, not used)");
        }
        Path model = require(bundle, meta.artifact().path(), "artifact.path");
        List<AdequacyCase> cases = List.of();
        if (meta.adequacy().isPresent()) {
            require(bundle, meta.adequacy().get().cases(), "adequacy.cases");
            cases = CaseReader.read(bundle, meta);
        } else {
            warnings.add(Metadata.FILE_NAME + ": no adequacy cases: nothing proves the model works where it is loaded");
        }
        GraphSignature signature = signatures.apply(meta, model);
        signature.requireMatches(meta, meta.artifact().path());
        if (!bundle.isVerified()) {
            warnings.add("no manifest.json: integrity not checked (run `mlops pack`)");
        }
        return new Checked(new ValidationReport(bundle.deliveryId(), bundle.isVerified(), doc, signature,
                cases.size(), warnings), cases);
    }

    static MetadataDocument readMetadata(Bundle bundle) {
        return Metadata.read(require(bundle, Metadata.FILE_NAME, null));
    }

    static Path require(Bundle bundle, String path, String field) {
        if (!bundle.contains(path)) {
            throw new InvalidBundleException(path, field == null
                    ? "is missing: every bundle needs one"
                    : "is missing: metadata.json " + field + " names it but the bundle has no such file");
        }
        return bundle.resolve(path);
    }
}
