// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.bundle.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Writes a complete, verified bundle directory: {@code model.onnx}, {@code metadata.json} (tensors, metrics,
 * capabilities, constraints, provenance with the config's canonical SHA-256 and the datasets' file SHA-256, build id,
 * and per-feature {@code statistics} of the training data), {@code adequacy/cases.jsonl}, {@code config.json} and
 * {@code manifest.json} (and {@code manifest.sig} when a signing key is given).
 *
 * <p><b>Adequacy cases are computed by the exported model.</b> The caller gives each case's inputs with the training
 * library's own predictions for them; {@link #export(Path)} runs the exported {@code model.onnx} in ONNX Runtime (through
 * {@code ModelRuntime}), compares its outputs with those predictions within the declared tolerance, and refuses the
 * export with an {@link ExportMismatchException} when they disagree: an export bug never ships. The cases written hold
 * ONNX Runtime's outputs.
 *
 * <p><b>All or nothing.</b> The bundle is written in a temporary sibling of the target, verified there by
 * {@code ModelRuntime} (manifest, metadata, graph signature, signature when signed, every adequacy case) and only then
 * moved into place with one atomic rename. A failed export leaves neither the target nor the temporary directory. An
 * existing target is never overwritten.
 *
 * <pre>{@code
 * ExportResult r = ExportBuilder.newBuilder("weather", "1.0.0")
 *         .model(onnxBytes)
 *         .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("celsius", "humidity"))
 *         .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
 *         .config(configJson)
 *         .dataset("weather-2025", Path.of("data/train.csv"))
 *         .trainingData("weather-2025", TrainingData.newBuilder().input("x", trainX).build())
 *         .adequacyCase("first rows", Map.of("x", someRows), model.predict(Map.of("x", someRows)))
 *         .export(Path.of("build/export/weather"));
 * }</pre>
 *
 * <p>Each option may be set once (list-like options: one value per name or id); a second set throws
 * {@link IllegalStateException}. {@link #export(Path)} leaves the builder unchanged. Not thread-safe.
 *
 * @since 0.2.0
 */
public final class ExportBuilder {
    /** Files the export writes itself; {@link #file(String, byte[])} may not name them. */
    static final List<String> RESERVED = List.of("model.onnx", "metadata.json", "config.json", "manifest.json",
            "manifest.sig", "adequacy/cases.jsonl");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    final String name;
    final ModelVersion version;
    Optional<byte[]> modelBytes = Optional.empty();
    Optional<Path> modelFile = Optional.empty();
    final List<TensorSpec> inputs = new ArrayList<>();
    final List<TensorSpec> outputs = new ArrayList<>();
    Optional<String> description = Optional.empty();
    Optional<String> author = Optional.empty();
    Optional<String> modelType = Optional.empty();
    Optional<OffsetDateTime> createdAt = Optional.empty();
    final List<Metric> metrics = new ArrayList<>();
    final Map<String, List<String>> capabilities = new LinkedHashMap<>();
    final List<Constraint> constraints = new ArrayList<>();
    Optional<JsonNode> config = Optional.empty();
    final Map<String, Path> datasets = new LinkedHashMap<>();
    Optional<String> statisticsDataset = Optional.empty();
    Optional<TrainingData> trainingData = Optional.empty();
    OptionalInt histogramBins = OptionalInt.empty();
    Optional<String> buildId = Optional.empty();
    Optional<String> gitCommit = Optional.empty();
    Optional<String> branch = Optional.empty();
    OptionalLong buildNumber = OptionalLong.empty();
    Optional<String> trialId = Optional.empty();
    Optional<String> frameworkName = Optional.empty();
    Optional<String> frameworkVersion = Optional.empty();
    Optional<OffsetDateTime> trainEndTime = Optional.empty();
    Optional<Tolerance> tolerance = Optional.empty();
    final Map<String, Tolerance> perOutput = new LinkedHashMap<>();
    final Map<String, ReferenceCase> cases = new LinkedHashMap<>();
    final Map<String, byte[]> files = new LinkedHashMap<>();
    Optional<SigningKey> signingKey = Optional.empty();

    /** One case as the caller gave it: inputs and the training library's predictions. */
    record ReferenceCase(String id, Map<String, Tensor> inputs, Map<String, Tensor> reference) {
        ReferenceCase {
            inputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
            reference = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(reference));
        }
    }

    private ExportBuilder(String name, ModelVersion version) {
        this.name = name;
        this.version = version;
    }

    /**
     * Starts an export.
     *
     * @param name the model name (letters, digits, {@code .}, {@code _}, {@code -}; starting with a letter or digit)
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     * @return a builder with nothing set
     * @throws IllegalArgumentException when the version is not {@code MAJOR.MINOR.PIPELINE} or the name is blank
     */
    public static ExportBuilder newBuilder(String name, String version) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return new ExportBuilder(name, ModelVersion.parse(Objects.requireNonNull(version, "version")));
    }

    private static <T> Optional<T> once(Optional<T> current, String option, T value) {
        Objects.requireNonNull(value, option);
        if (current.isPresent()) {
            throw new IllegalStateException(option + " was already set");
        }
        return Optional.of(value);
    }

    /**
     * Sets the ONNX model as bytes.
     *
     * @param onnx the serialized model
     * @return this builder
     * @throws IllegalStateException when the model was already set (as bytes or a file)
     */
    public ExportBuilder model(byte[] onnx) {
        requireNoModel();
        modelBytes = Optional.of(Objects.requireNonNull(onnx, "onnx").clone());
        return this;
    }

    /**
     * Sets the ONNX model as a file, read when {@link #export(Path)} runs.
     *
     * @param onnx the model file
     * @return this builder
     * @throws IllegalStateException when the model was already set (as bytes or a file)
     */
    public ExportBuilder model(Path onnx) {
        requireNoModel();
        modelFile = Optional.of(Objects.requireNonNull(onnx, "onnx"));
        return this;
    }

    private void requireNoModel() {
        if (modelBytes.isPresent() || modelFile.isPresent()) {
            throw new IllegalStateException("model was already set");
        }
    }

    /**
     * Declares an input, as the ONNX graph names it.
     *
     * @param spec the input spec
     * @return this builder
     * @throws IllegalStateException when an input of that name was already declared
     */
    public ExportBuilder input(TensorSpec spec) {
        addTensor(inputs, "input", spec);
        return this;
    }

    /**
     * Declares an output, as the ONNX graph names it.
     *
     * @param spec the output spec
     * @return this builder
     * @throws IllegalStateException when an output of that name was already declared
     */
    public ExportBuilder output(TensorSpec spec) {
        addTensor(outputs, "output", spec);
        return this;
    }

    private static void addTensor(List<TensorSpec> to, String kind, TensorSpec spec) {
        Objects.requireNonNull(spec, kind);
        if (to.stream().anyMatch(t -> t.name().equals(spec.name()))) {
            throw new IllegalStateException(kind + " \"" + spec.name() + "\" was already declared");
        }
        to.add(spec);
    }

    /**
     * Sets the model-card description.
     *
     * @param text the description
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder description(String text) {
        description = once(description, "description", text);
        return this;
    }

    /**
     * Sets the author or owning team.
     *
     * @param text the author
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder author(String text) {
        author = once(author, "author", text);
        return this;
    }

    /**
     * Sets the model type, for example {@code "regression"}.
     *
     * @param text the model type
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder modelType(String text) {
        modelType = once(modelType, "modelType", text);
        return this;
    }

    /**
     * Sets {@code createdAt}; by default the time {@link #export(Path)} runs.
     *
     * @param time the creation time
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder createdAt(OffsetDateTime time) {
        createdAt = once(createdAt, "createdAt", time);
        return this;
    }

    /**
     * Adds an evaluation metric.
     *
     * @param metric the metric
     * @return this builder
     */
    public ExportBuilder metric(Metric metric) {
        metrics.add(Objects.requireNonNull(metric, "metric"));
        return this;
    }

    /**
     * Declares capability values, for example {@code capability("area", "Jerusalem", "Hebron")}.
     *
     * @param key the capability key
     * @param values its values
     * @return this builder
     * @throws IllegalStateException when the key was already set
     */
    public ExportBuilder capability(String key, String... values) {
        Objects.requireNonNull(key, "key");
        if (capabilities.containsKey(key)) {
            throw new IllegalStateException("capability \"" + key + "\" was already set");
        }
        capabilities.put(key, List.of(values));
        return this;
    }

    /**
     * Adds an operating-envelope constraint.
     *
     * @param constraint the constraint
     * @return this builder
     */
    public ExportBuilder constraint(Constraint constraint) {
        constraints.add(Objects.requireNonNull(constraint, "constraint"));
        return this;
    }

    /**
     * Sets the configuration that produced the model: written as {@code config.json}, and its canonical SHA-256
     * ({@code dev.mlops.research.config.CanonicalJson}) as {@code provenance.configSha256}.
     *
     * @param json the configuration, a JSON object
     * @return this builder
     * @throws IllegalArgumentException when it is not a JSON object
     * @throws IllegalStateException when already set
     */
    public ExportBuilder config(JsonNode json) {
        Objects.requireNonNull(json, "config");
        if (!json.isObject()) {
            throw new IllegalArgumentException("config: expected a JSON object, got " + json.getNodeType());
        }
        config = once(config, "config", json.deepCopy());
        return this;
    }

    /**
     * Names a dataset the model was trained or evaluated on; {@link #export(Path)} computes the SHA-256 of its file
     * for {@code provenance.datasets}.
     *
     * @param datasetName the dataset name
     * @param file its file
     * @return this builder
     * @throws IllegalStateException when a dataset of that name was already given
     */
    public ExportBuilder dataset(String datasetName, Path file) {
        Objects.requireNonNull(datasetName, "datasetName");
        Objects.requireNonNull(file, "file");
        if (datasets.containsKey(datasetName)) {
            throw new IllegalStateException("dataset \"" + datasetName + "\" was already given");
        }
        datasets.put(datasetName, file);
        return this;
    }

    /**
     * Gives the training data to compute {@code statistics} from (count, missing, min, max, mean, standard deviation,
     * a histogram of {@value StatisticsCalculator#DEFAULT_BINS} equal-width bins between min and max unless
     * {@link #histogramBins(int)} says otherwise, and the 101 percentiles; categories for string features).
     *
     * @param datasetName the dataset the data comes from, also given to {@link #dataset(String, Path)}
     * @param data the training data
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder trainingData(String datasetName, TrainingData data) {
        Objects.requireNonNull(datasetName, "datasetName");
        trainingData = once(trainingData, "trainingData", data);
        statisticsDataset = Optional.of(datasetName);
        return this;
    }

    /**
     * Sets the number of histogram bins of numeric features ({@value StatisticsCalculator#DEFAULT_BINS} by default).
     *
     * @param bins at least 1
     * @return this builder
     * @throws IllegalArgumentException when {@code bins < 1}
     * @throws IllegalStateException when already set
     */
    public ExportBuilder histogramBins(int bins) {
        if (bins < 1) {
            throw new IllegalArgumentException("histogramBins: " + bins + " (expected at least 1)");
        }
        if (histogramBins.isPresent()) {
            throw new IllegalStateException("histogramBins was already set");
        }
        histogramBins = OptionalInt.of(bins);
        return this;
    }

    /**
     * Sets the build id, for example one a {@code BuildIdTemplate} rendered.
     *
     * @param id the build id
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder buildId(String id) {
        buildId = once(buildId, "buildId", id);
        return this;
    }

    /**
     * Sets {@code provenance.gitCommit}.
     *
     * @param commit the commit of the training code
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder gitCommit(String commit) {
        gitCommit = once(gitCommit, "gitCommit", commit);
        return this;
    }

    /**
     * Sets {@code provenance.branch}.
     *
     * @param name the branch
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder branch(String name) {
        branch = once(branch, "branch", name);
        return this;
    }

    /**
     * Sets {@code provenance.buildNumber}.
     *
     * @param number the CI build number, {@code >= 0}
     * @return this builder
     * @throws IllegalArgumentException when negative
     * @throws IllegalStateException when already set
     */
    public ExportBuilder buildNumber(long number) {
        if (number < 0) {
            throw new IllegalArgumentException("buildNumber: " + number + " (expected >= 0)");
        }
        if (buildNumber.isPresent()) {
            throw new IllegalStateException("buildNumber was already set");
        }
        buildNumber = OptionalLong.of(number);
        return this;
    }

    /**
     * Sets {@code provenance.trialId}.
     *
     * @param id the trial
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder trialId(String id) {
        trialId = once(trialId, "trialId", id);
        return this;
    }

    /**
     * Sets {@code provenance.framework}.
     *
     * @param frameworkName for example {@code "tribuo"}
     * @param frameworkVersion for example {@code "4.3.2"}
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder framework(String frameworkName, String frameworkVersion) {
        this.frameworkName = once(this.frameworkName, "framework", frameworkName);
        this.frameworkVersion = Optional.of(Objects.requireNonNull(frameworkVersion, "frameworkVersion"));
        return this;
    }

    /**
     * Sets {@code provenance.trainEndTime}.
     *
     * @param time when training ended
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder trainEndTime(OffsetDateTime time) {
        trainEndTime = once(trainEndTime, "trainEndTime", time);
        return this;
    }

    /**
     * Sets the adequacy tolerance of every output ({@link Tolerance#DEFAULT} by default): the bound within which ONNX
     * Runtime must reproduce the reference predictions, written as {@code adequacy.tolerance}.
     *
     * @param t the tolerance
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder tolerance(Tolerance t) {
        tolerance = once(tolerance, "tolerance", t);
        return this;
    }

    /**
     * Sets the adequacy tolerance of one output, written as {@code adequacy.perOutput}.
     *
     * @param output a declared output
     * @param t the tolerance
     * @return this builder
     * @throws IllegalStateException when that output's tolerance was already set
     */
    public ExportBuilder tolerance(String output, Tolerance t) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(t, "tolerance");
        if (perOutput.containsKey(output)) {
            throw new IllegalStateException("tolerance of output \"" + output + "\" was already set");
        }
        perOutput.put(output, t);
        return this;
    }

    /**
     * Adds an adequacy case: inputs, and the training library's own predictions for them. {@link #export(Path)}
     * checks that the exported model reproduces them and writes ONNX Runtime's outputs as the case's expected outputs.
     *
     * @param id the case's id, unique
     * @param inputs every declared input, by name
     * @param reference every declared output as the training library predicts it, by name; a numeric output of
     *     another numeric dtype than the model's (float64 for a float32 output) is compared after conversion
     * @return this builder
     * @throws IllegalArgumentException when the id is blank or there are no inputs
     * @throws IllegalStateException when a case with that id was already added
     */
    public ExportBuilder adequacyCase(String id, Map<String, Tensor> inputs, Map<String, Tensor> reference) {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("case id must not be blank");
        }
        Objects.requireNonNull(inputs, "inputs");
        Objects.requireNonNull(reference, "reference");
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("case \"" + id + "\": inputs must not be empty");
        }
        if (cases.containsKey(id)) {
            throw new IllegalStateException("case \"" + id + "\" was already added");
        }
        cases.put(id, new ReferenceCase(id, inputs, reference));
        return this;
    }

    /**
     * Adds another file to the bundle, for example the training library's native form of the model for
     * {@code RnDModel.load}.
     *
     * @param path a relative, {@code /}-separated path of letters, digits, {@code .}, {@code _} and {@code -}; not
     *     one the export writes itself ({@code model.onnx}, {@code metadata.json}, {@code config.json},
     *     {@code manifest.json}, {@code manifest.sig}, {@code adequacy/cases.jsonl})
     * @param content its bytes
     * @return this builder
     * @throws IllegalArgumentException when the path is not safe or is reserved
     * @throws IllegalStateException when that path was already added
     */
    public ExportBuilder file(String path, byte[] content) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(content, "content");
        if (!SAFE.matcher(path).matches() || path.contains("..")) {
            throw new IllegalArgumentException("file: \"" + path + "\" is not a safe relative path (letters, digits, "
                    + "'.', '_', '-' and '/', no '..')");
        }
        if (RESERVED.contains(path)) {
            throw new IllegalArgumentException("file: \"" + path + "\" is written by the export itself");
        }
        if (files.containsKey(path)) {
            throw new IllegalStateException("file \"" + path + "\" was already added");
        }
        files.put(path, content.clone());
        return this;
    }

    /**
     * Signs the manifest: {@code manifest.sig} by this key, and the bundle is verified against it.
     *
     * @param key the Ed25519 key
     * @return this builder
     * @throws IllegalStateException when already set
     */
    public ExportBuilder signingKey(SigningKey key) {
        signingKey = once(signingKey, "signingKey", key);
        return this;
    }

    /**
     * Writes, verifies and moves the bundle into place.
     *
     * @param target the bundle directory to create; it must not exist (missing parents are created)
     * @return the bundle, its metadata and its manifest
     * @throws ExportMismatchException when ONNX Runtime's outputs disagree with a reference prediction beyond the
     *     tolerance, naming the case, output, element, both values and the tolerance
     * @throws ExportException when the target exists, a dataset or model file cannot be read, a feature of the training
     *     data has no values, a case's inputs or references do not match the declared tensors, the model is not set, a
     *     tensor is missing, there is no case, or the written bundle does not verify
     * @throws dev.mlops.api.InvalidMetadataException when the metadata breaks a rule, listing every violation with its
     *     JSON path
     */
    public ExportResult export(Path target) {
        Objects.requireNonNull(target, "target");
        return new StagedExport(this, target).run();
    }

    /** @return the schema-1.x metadata builder filled with everything but adequacy and statistics */
    ModelMetadata.Builder metadataBuilder() {
        ModelMetadata.Builder b = ModelMetadata.builder(name, version.toString());
        inputs.forEach(b::input);
        outputs.forEach(b::output);
        description.ifPresent(b::description);
        author.ifPresent(b::author);
        modelType.ifPresent(b::modelType);
        metrics.forEach(b::metric);
        capabilities.forEach((k, v) -> b.capability(k, v.toArray(String[]::new)));
        constraints.forEach(b::constraint);
        buildId.ifPresent(b::buildId);
        return b;
    }

    /** @return the adequacy section written with the cases */
    AdequacySpec adequacySpec() {
        return new AdequacySpec("adequacy/cases.jsonl", tolerance.orElse(Tolerance.DEFAULT), perOutput);
    }

    /** @return the reference dataset entry of the statistics, with its file's hash */
    static DatasetRef datasetRef(String datasetName, String sha256) {
        return new DatasetRef(datasetName, Optional.empty(), Optional.of(sha256));
    }

    static boolean exists(Path p) {
        return Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public String toString() {
        return "ExportBuilder[" + name + " " + version + "]";
    }
}
