// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Framework;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.bundle.Manifest;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.research.config.CanonicalJson;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of {@link ExportBuilder#export(Path)}: check, stage, compute cases, verify, move into place. */
final class StagedExport {
    private static final Logger LOG = LoggerFactory.getLogger(StagedExport.class);
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final ExportBuilder b;
    private final Path target;
    private final String shown;

    StagedExport(ExportBuilder b, Path target) {
        this.b = b;
        this.target = target.toAbsolutePath().normalize();
        this.shown = target.toString();
    }

    ExportResult run() {
        checkOptions();
        if (ExportBuilder.exists(target)) {
            throw new ExportException("export target " + shown + " already exists: an export never overwrites a "
                    + "bundle (choose a new directory, or remove it first)");
        }
        byte[] onnx = modelBytes();
        Map<String, String> datasetHashes = new LinkedHashMap<>();
        b.datasets.forEach((name, file) -> datasetHashes.put(name, sha256(name, file)));
        Optional<DataStatistics> statistics = statistics(datasetHashes);
        for (ExportBuilder.ReferenceCase c : b.cases.values()) {
            checkCase(c);
        }
        Path parent = target.getParent();
        Path staging;
        try {
            Files.createDirectories(parent);
            staging = Files.createTempDirectory(parent, "." + target.getFileName() + ".export-");
        } catch (IOException e) {
            throw new ExportException("cannot create a staging directory next to " + shown + ": " + e, e);
        }
        boolean moved = false;
        try {
            ExportResult result = stageAndVerify(staging, onnx, datasetHashes, statistics);
            move(staging);
            moved = true;
            LOG.info("exported {} {} to {} ({})", b.name, b.version, target, result.deliveryId());
            return new ExportResult(target, result.metadata(), result.manifest());
        } finally {
            if (!moved) {
                deleteTree(staging);
            }
        }
    }

    private void checkOptions() {
        if (b.modelBytes.isEmpty() && b.modelFile.isEmpty()) {
            throw new ExportException("export " + b.name + ": no model (set model(bytes) or model(path))");
        }
        if (b.inputs.isEmpty() || b.outputs.isEmpty()) {
            throw new ExportException("export " + b.name + ": a model needs at least one input and one output "
                    + "(declared inputs " + names(b.inputs) + ", outputs " + names(b.outputs) + ")");
        }
        if (b.cases.isEmpty()) {
            throw new ExportException("export " + b.name + ": no adequacy case (add at least one with "
                    + "adequacyCase(id, inputs, reference): the export proves itself on them)");
        }
        for (String output : b.perOutput.keySet()) {
            if (b.outputs.stream().noneMatch(t -> t.name().equals(output))) {
                throw new ExportException("tolerance: \"" + output + "\" is not a declared output (outputs are "
                        + names(b.outputs) + ")");
            }
        }
    }

    private byte[] modelBytes() {
        if (b.modelBytes.isPresent()) {
            return b.modelBytes.get();
        }
        Path file = b.modelFile.orElseThrow();
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ExportException("model file " + file + " cannot be read: " + e, e);
        }
    }

    private static String sha256(String dataset, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ExportException("dataset \"" + dataset + "\": file " + file + " does not exist or is not a "
                    + "regular file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ExportException("dataset \"" + dataset + "\": file " + file + " cannot be read: " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private Optional<DataStatistics> statistics(Map<String, String> datasetHashes) {
        if (b.trainingData.isEmpty()) {
            return Optional.empty();
        }
        String dataset = b.statisticsDataset.orElseThrow();
        String hash = datasetHashes.get(dataset);
        if (hash == null) {
            throw new ExportException("trainingData: dataset \"" + dataset + "\" is not one of the export's datasets "
                    + datasetHashes.keySet() + " (give its file with dataset(name, file), so the statistics name the "
                    + "data by its hash)");
        }
        DatasetRef ref = ExportBuilder.datasetRef(dataset, hash);
        return Optional.of(StatisticsCalculator.compute(ref, b.trainingData.get(), b.inputs, b.outputs,
                b.histogramBins.orElse(StatisticsCalculator.DEFAULT_BINS)));
    }

    /** A case's inputs and references against the declared tensors: names, dtypes, shapes. */
    private void checkCase(ExportBuilder.ReferenceCase c) {
        List<String> problems = new ArrayList<>();
        tensors(c.inputs(), b.inputs, "input", problems, true);
        tensors(c.reference(), b.outputs, "reference output", problems, false);
        if (!problems.isEmpty()) {
            throw new ExportException("case \"" + c.id() + "\" does not match the declared tensors: "
                    + String.join("; ", problems));
        }
    }

    private static void tensors(Map<String, Tensor> given, List<TensorSpec> declared, String kind,
            List<String> problems, boolean exactDtype) {
        for (String name : given.keySet()) {
            if (declared.stream().noneMatch(t -> t.name().equals(name))) {
                problems.add(kind + " \"" + name + "\" is not declared (declared: " + names(declared) + ")");
            }
        }
        for (TensorSpec spec : declared) {
            Tensor t = given.get(spec.name());
            if (t == null) {
                problems.add(kind + " \"" + spec.name() + "\" is missing");
                continue;
            }
            boolean convertible = !exactDtype && numeric(t.dtype()) && numeric(spec.dtype());
            if (t.dtype() != spec.dtype() && !convertible) {
                problems.add(kind + " \"" + spec.name() + "\" is " + t.dtype().jsonName() + ", declared "
                        + spec.dtype().jsonName());
            }
            if (!fits(t.shape(), spec.shape())) {
                problems.add(kind + " \"" + spec.name() + "\" has shape " + Arrays.toString(t.shape())
                        + ", declared " + spec.shape().dimensions());
            }
        }
    }

    private static boolean numeric(DataType d) {
        return d != DataType.STRING && d != DataType.BOOL;
    }

    private static boolean fits(long[] shape, Shape declared) {
        if (shape.length != declared.rank()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            long d = declared.dimension(i);
            if (d != Shape.DYNAMIC && d != shape[i]) {
                return false;
            }
        }
        return true;
    }

    private ExportResult stageAndVerify(Path staging, byte[] onnx, Map<String, String> datasetHashes,
            Optional<DataStatistics> statistics) {
        write(staging.resolve("model.onnx"), onnx);
        b.files.forEach((path, content) -> write(staging.resolve(path), content));
        Optional<String> configSha = b.config.map(json -> {
            write(staging.resolve("config.json"), pretty(json));
            return CanonicalJson.sha256(json);
        });
        ModelMetadata.Builder meta = b.metadataBuilder()
                .createdAt(b.createdAt.orElseGet(() -> OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS)))
                .provenance(new Provenance(b.gitCommit, b.branch, b.buildNumber, b.trialId, b.trainEndTime,
                        datasetHashes.entrySet().stream().map(e -> ExportBuilder.datasetRef(e.getKey(), e.getValue()))
                                .toList(),
                        b.frameworkName.map(n -> new Framework(n, b.frameworkVersion.orElseThrow())), configSha));
        statistics.ifPresent(meta::statistics);

        // 1. With provisional cases, the training library's own predictions: the runtime's adequacy gate compares
        //    ONNX Runtime's outputs with them, with the declared tolerance; the cases' final outputs are ONNX Runtime's.
        AdequacySpec adequacy = b.adequacySpec();
        ModelMetadata metadata = meta.adequacy(adequacy).build();
        write(staging.resolve(Metadata.FILE_NAME), Metadata.toJson(metadata).getBytes(StandardCharsets.UTF_8));
        CaseWriter.write(staging.resolve(adequacy.cases()), provisionalCases());
        Bundles.pack(staging);
        List<AdequacyCase> cases = computeCases(staging);

        // 2. With the cases ONNX Runtime computed: pack (and sign), then verify as any consumer would.
        CaseWriter.write(staging.resolve(adequacy.cases()), cases);
        Manifest manifest = b.signingKey.map(k -> Bundles.pack(staging, k)).orElseGet(() -> Bundles.pack(staging));
        verify(staging);
        return new ExportResult(staging, metadata, manifest);
    }

    /** The caller's cases, expecting the training library's predictions (in each output's declared dtype). */
    private List<AdequacyCase> provisionalCases() {
        List<AdequacyCase> out = new ArrayList<>();
        for (ExportBuilder.ReferenceCase c : b.cases.values()) {
            Map<String, Tensor> expected = new LinkedHashMap<>();
            for (TensorSpec spec : b.outputs) {
                expected.put(spec.name(), comparable(c.reference().get(spec.name()), spec.dtype()));
            }
            out.add(AdequacyCase.of(c.id(), c.inputs(), expected));
        }
        return out;
    }

    /**
     * Opens the staged bundle, whose gate runs the provisional cases, and computes each case's outputs in ONNX
     * Runtime. A case the gate fails is a mismatch between the exported model and the training library: the export
     * is refused, naming each.
     */
    private List<AdequacyCase> computeCases(Path staging) {
        List<AdequacyCase> out = new ArrayList<>();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel model = runtime.open(staging)) {
            for (ExportBuilder.ReferenceCase c : b.cases.values()) {
                Map<String, Tensor> actual = model.predict(c.inputs());
                Map<String, Tensor> expected = new LinkedHashMap<>();
                for (TensorSpec spec : b.outputs) {
                    Tensor onnxOutput = actual.get(spec.name());
                    if (onnxOutput != null) {
                        expected.put(spec.name(), onnxOutput);
                    }
                }
                out.add(AdequacyCase.of(c.id(), c.inputs(), expected));
            }
        } catch (AdequacyFailureException e) {
            List<ExportMismatchException.Mismatch> mismatches = new ArrayList<>();
            for (CaseResult r : e.report().failures()) {
                if (r instanceof CaseResult.Errored errored) {
                    throw new ExportException("case \"" + r.id() + "\": the exported model cannot run its inputs in "
                            + "ONNX Runtime: " + errored.error(), e);
                }
                for (OutputResult o : ((CaseResult.Compared) r).outputs()) {
                    if (!o.passed()) {
                        mismatches.add(new ExportMismatchException.Mismatch(r.id(), o));
                    }
                }
            }
            throw new ExportMismatchException(shown, mismatches);
        } catch (MlopsException e) {
            throw new ExportException("export " + shown + ": the exported model cannot run its cases in ONNX Runtime: "
                    + e.getMessage(), e);
        }
        return out;
    }

    /** The reference in the output's declared numeric dtype, when both are numeric and it converts exactly enough. */
    private static Tensor comparable(@org.jspecify.annotations.Nullable Tensor reference, DataType declared) {
        Tensor ref = java.util.Objects.requireNonNull(reference, "checked by checkCase");
        if (ref.dtype() == declared || !numeric(ref.dtype()) || !numeric(declared)) {
            return ref;
        }
        try {
            return Tensor.fromDoubles(declared, ref.toDoubles(), ref.shape());
        } catch (IllegalArgumentException e) {
            return ref; // not representable: compared as it is, and reported as a dtype mismatch
        }
    }

    private void verify(Path staging) {
        ModelRuntime.Builder rb = ModelRuntime.newBuilder();
        b.signingKey.ifPresent(k -> rb.trust(TrustedKeys.of(k.publicKey())));
        try (ModelRuntime runtime = rb.build(); RuntimeModel model = runtime.open(staging)) {
            LOG.debug("export {} verified on {}: {}", shown, model.executionProvider(), model.deliveryId());
        } catch (MlopsException e) {
            throw new ExportException("export " + shown + " did not verify in the runtime: " + e.getMessage(), e);
        }
    }

    private void move(Path staging) {
        try {
            if (Files.getFileStore(staging).supportsFileAttributeView("posix")) {
                // a temporary directory is private (rwx------); a bundle is as readable as any directory made here
                Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new ExportException("export target " + shown + " appeared while exporting: an export never "
                    + "overwrites a bundle", e);
        } catch (AtomicMoveNotSupportedException e) {
            throw new ExportException("cannot move the verified bundle to " + shown + " atomically: " + e, e);
        } catch (IOException e) {
            if (ExportBuilder.exists(target)) {
                throw new ExportException("export target " + shown + " appeared while exporting: an export never "
                        + "overwrites a bundle", e);
            }
            throw new ExportException("cannot move the verified bundle to " + shown + ": " + e, e);
        }
    }

    private static byte[] pretty(JsonNode json) {
        try {
            return (PRETTY.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new ExportException("cannot write " + file + ": " + e, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the staging directory {} of a failed export: {}", dir, e.toString());
        }
    }

    private static List<String> names(List<TensorSpec> specs) {
        return specs.stream().map(TensorSpec::name).toList();
    }

}
