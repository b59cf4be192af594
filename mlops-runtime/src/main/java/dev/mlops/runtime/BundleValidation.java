// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.MetadataDocument;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.ManifestEntry;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.metadata.cases.CaseStream;
import dev.mlops.metadata.cases.CaseSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
     * Validates a bundle directory or zip with the default reader limits, under the default adequacy policy
     * ({@link ModelRuntime.AdequacyPolicy#REQUIRED}: a bundle without adequacy cases is invalid).
     *
     * @param bundle the directory or {@code .zip}
     * @return the report
     * @throws dev.mlops.api.IntegrityException when a file is missing, changed or unlisted
     * @throws dev.mlops.api.InvalidMetadataException listing every metadata violation
     * @throws dev.mlops.api.SignatureMismatchException listing every graph/metadata difference
     * @throws dev.mlops.api.IncompatibleSdkException when the bundle needs a newer SDK
     * @throws InvalidBundleException for any other defect, naming the file
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Path bundle) {
        return validate(bundle, BundleReader.standard(), ModelRuntime.AdequacyPolicy.REQUIRED);
    }

    /**
     * Validates a bundle directory or zip: the same rules {@link ModelRuntime#open(Path)} applies before it loads a
     * model, so a bundle that validates under a policy is refused by a runtime with that policy only for what needs
     * inference (a failing case, a provider that cannot serve).
     *
     * @param bundle the directory or {@code .zip}
     * @param reader the reader (staging root, limits, trusted keys)
     * @param policy whether a bundle must ship adequacy cases
     * @return the report
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Path bundle, BundleReader reader, ModelRuntime.AdequacyPolicy policy) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(policy, "policy");
        try (Bundle opened = reader.open(bundle)) {
            return validate(opened, policy);
        }
    }

    /**
     * Validates a staged bundle.
     *
     * @param bundle the staged bundle
     * @param policy whether a bundle must ship adequacy cases
     * @return the report
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws dev.mlops.api.ModelLoadException when ONNX Runtime cannot read the model file
     */
    public static ValidationReport validate(Bundle bundle, ModelRuntime.AdequacyPolicy policy) {
        Prepared prepared = prepare(bundle, policy, CaseLimits.DEFAULT, false);
        return prepared.complete(GraphSignature.read(prepared.model()));
    }

    /**
     * Case files up to this size are read whole while they are checked, and the gate runs the cases kept, instead of
     * parsing the file a second time. Parsed cases take at most a few times the file's bytes (an int64 written as one
     * digit and a comma becomes eight bytes); larger files are checked, then streamed, one case in memory at a time.
     */
    static final long KEEP_CASES_BYTES = 4L << 20;

    /**
     * What validation established before the graph is read: the metadata, the files it names, the cases (and, for a
     * small case file read by the loader, the cases themselves). The loader reads the graph signature from the
     * serving session; {@link #validate} from a throwaway one.
     */
    record Prepared(Bundle bundle, MetadataDocument doc, Path model, CaseSummary cases,
            Optional<List<AdequacyCase>> kept, List<String> warnings) {
        Prepared {
            kept = kept.map(List::copyOf);
            warnings = List.copyOf(warnings);
        }

        ModelMetadata metadata() {
            return doc.metadata();
        }

        /**
         * Checks the graph against the metadata and completes the report, warning of each input dimension the
         * metadata declares dynamic and the graph fixes: callers reading the metadata may send sizes the model refuses.
         */
        ValidationReport complete(GraphSignature signature) {
            ModelMetadata meta = doc.metadata();
            signature.requireMatches(meta, meta.artifact().path());
            List<String> all = new ArrayList<>(warnings);
            for (GraphSignature.FixedDimension d : signature.dimensionsFixedByGraph(meta)) {
                if (d.input()) {
                    all.add(Metadata.FILE_NAME + ": " + d + " (declare " + d.size() + ")");
                }
            }
            return new ValidationReport(bundle.deliveryId(), bundle.isVerified(), doc, signature, cases.cases(), all);
        }
    }

    /**
     * Runs every check that needs no model session: metadata, named files, SDK version, every case (read one at a
     * time, within the limits), raw-form cases only with a declared preprocessing, and the adequacy policy.
     *
     * @param keep whether to keep the cases of a case file of at most {@link #KEEP_CASES_BYTES}, for a gate that
     *     runs them next (checking them once more from the file would parse it twice)
     */
    static Prepared prepare(Bundle bundle, ModelRuntime.AdequacyPolicy policy, CaseLimits limits, boolean keep) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(policy, "policy");
        MetadataDocument doc = readMetadata(bundle);
        ModelMetadata meta = doc.metadata();
        Sdk.requireSupports(meta);
        List<String> warnings = new ArrayList<>();
        doc.migratedFrom().ifPresent(v -> warnings.add(Metadata.FILE_NAME + ": schema " + v
                + " was migrated to " + meta.schemaVersion() + "; re-export to drop the migration"));
        warnings.addAll(doc.migrationNotes());
        for (String f : doc.unknownFields()) {
            warnings.add(Metadata.FILE_NAME + ": " + f + " is not a field of schema " + meta.schemaVersion()
                    + " (kept, not used)");
        }
        Path model = require(bundle, meta.artifact().path(), "artifact.path");
        CaseSummary cases = new CaseSummary(0, 0);
        Optional<List<AdequacyCase>> kept = Optional.empty();
        if (meta.adequacy().isPresent()) {
            String file = meta.adequacy().get().cases();
            require(bundle, file, "adequacy.cases");
            if (keep && stagedSize(bundle, file) <= KEEP_CASES_BYTES) {
                List<AdequacyCase> all = CaseReader.read(bundle, meta, limits); // checked as scan checks them
                kept = Optional.of(all);
                cases = new CaseSummary(all.size(), (int) all.stream().filter(AdequacyCase::raw).count());
            } else {
                cases = CaseReader.scan(bundle, meta, limits); // every case checked, one in memory at a time
            }
            if (cases.rawCases() > 0 && meta.preprocessing().isEmpty()) {
                String first = kept.isPresent() ? firstRawCase(kept.get().iterator())
                        : firstRawCase(bundle, meta, limits);
                throw new InvalidBundleException(file, first + ", but metadata.json names no preprocessing to turn"
                        + " it into model inputs");
            }
        }
        if (cases.cases() == 0) {
            String where = meta.adequacy().map(a -> a.cases()).orElse(Metadata.FILE_NAME);
            String what = meta.adequacy().isPresent() ? "holds no adequacy case"
                    : "declares no adequacy section (adequacy.cases)";
            if (policy == ModelRuntime.AdequacyPolicy.REQUIRED) {
                throw new InvalidBundleException(where, what + ": nothing proves the model works where it is"
                        + " loaded, and the adequacy policy REQUIRED refuses such a bundle (ship cases, or choose"
                        + " AdequacyPolicy.IF_PRESENT)");
            }
            warnings.add(where + ": " + what + ": nothing proves the model works where it is loaded");
        }
        if (!bundle.isVerified()) {
            warnings.add("no manifest.json: integrity not checked (run `mlops pack`)");
        }
        return new Prepared(bundle, doc, model, cases, kept, warnings);
    }

    /** The size of a staged file as copied (and, when verified, as its manifest lists it); no file system call. */
    private static long stagedSize(Bundle bundle, String path) {
        for (ManifestEntry e : bundle.files()) {
            if (e.path().equals(path)) {
                return e.size();
            }
        }
        return Long.MAX_VALUE; // not a listed file (manifest.json itself): never kept
    }

    /** Names the first raw-form case, for the message that refuses it. */
    private static String firstRawCase(Bundle bundle, ModelMetadata meta, CaseLimits limits) {
        try (CaseStream stream = CaseReader.stream(bundle, meta, limits)) {
            return firstRawCase(stream);
        }
    }

    private static String firstRawCase(Iterator<AdequacyCase> cases) {
        while (cases.hasNext()) {
            AdequacyCase c = cases.next();
            if (c.raw()) {
                return "case '" + c.id() + "' is in raw form"
                        + c.source().map(s -> " (line " + s.line() + ")").orElse("");
            }
        }
        return "a case is in raw form";
    }

    static MetadataDocument readMetadata(Bundle bundle) {
        return Metadata.read(require(bundle, Metadata.FILE_NAME, null));
    }

    static Path require(Bundle bundle, String path, @Nullable String field) {
        if (!bundle.contains(path)) {
            throw new InvalidBundleException(path, field == null
                    ? "is missing: every bundle needs one"
                    : "is missing: metadata.json " + field + " names it but the bundle has no such file");
        }
        return bundle.resolve(path);
    }
}
