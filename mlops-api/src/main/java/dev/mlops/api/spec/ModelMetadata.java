// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import dev.mlops.api.version.ModelVersion;
import dev.mlops.api.version.SchemaVersion;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything a bundle says about its model: identity, tensors, capabilities, operating envelope, adequacy,
 * metrics and provenance. The in-memory form of {@code metadata.json}.
 *
 * <p>Immutable and thread-safe. Build one with {@link #builder(String, String)}; read one with the
 * {@code mlops-metadata} module.
 *
 * @param schemaVersion the metadata schema version
 * @param name the model name
 * @param version the model version
 * @param buildId the build id, from a {@link dev.mlops.api.version.BuildIdTemplate}
 * @param description a model-card description
 * @param author who trained it
 * @param createdAt when the export was made
 * @param modelType for example {@code "regression"}
 * @param artifact the model file
 * @param inputs the declared inputs, at least one, unique names
 * @param outputs the declared outputs, at least one, unique names
 * @param capabilities what the model is good for
 * @param constraints the operating envelope
 * @param preprocessing the processor raw inputs must go through
 * @param adequacy where the adequacy cases are and their tolerance
 * @param metrics the evaluation that chose the model
 * @param provenance where it came from
 * @param runtime hints for the runtime
 * @param extensions team-specific fields (JSON values: String, Boolean, a JDK number, List, Map with String keys),
 *     copied all the way down into unmodifiable maps (in their order) and lists
 * @param statistics what the training data looked like (schema 1.1 and later)
 * @since 0.1.0
 */
public record ModelMetadata(
        SchemaVersion schemaVersion,
        String name,
        ModelVersion version,
        Optional<String> buildId,
        Optional<String> description,
        Optional<String> author,
        Optional<OffsetDateTime> createdAt,
        Optional<String> modelType,
        Artifact artifact,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        Capabilities capabilities,
        List<Constraint> constraints,
        Optional<Preprocessing> preprocessing,
        Optional<AdequacySpec> adequacy,
        List<Metric> metrics,
        Provenance provenance,
        RuntimeHints runtime,
        Map<String, Object> extensions,
        Optional<DataStatistics> statistics) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when inputs or outputs are empty, a tensor name repeats, an extension holds
     *     a value that is not JSON (the message names its key path, for example {@code extensions.team.areas[1]}), or
     *     statistics come with a schema version before {@link DataStatistics#SINCE}
     */
    public ModelMetadata {
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(modelType, "modelType");
        Objects.requireNonNull(artifact, "artifact");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        Objects.requireNonNull(capabilities, "capabilities");
        constraints = List.copyOf(constraints);
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(adequacy, "adequacy");
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(runtime, "runtime");
        extensions = JsonValues.copyObject("extensions", extensions);
        Objects.requireNonNull(statistics, "statistics");
        if (statistics.isPresent() && !schemaVersion.isAtLeast(DataStatistics.SINCE)) {
            throw new IllegalArgumentException("statistics: needs schemaVersion " + DataStatistics.SINCE
                    + " or later, but the schema version is " + schemaVersion);
        }
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs: a model needs at least one input");
        }
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("outputs: a model needs at least one output");
        }
        Set<String> seen = new HashSet<>();
        for (TensorSpec t : inputs) {
            if (!seen.add(t.name())) {
                throw new IllegalArgumentException("inputs: tensor name '" + t.name() + "' is used twice");
            }
        }
        Set<String> seenOut = new HashSet<>();
        for (TensorSpec t : outputs) {
            if (!seenOut.add(t.name())) {
                throw new IllegalArgumentException("outputs: tensor name '" + t.name() + "' is used twice");
            }
        }
    }

    /**
     * Finds a declared input.
     *
     * @param tensorName the input name
     * @return its spec, or empty when not declared
     */
    public Optional<TensorSpec> input(String tensorName) {
        return inputs.stream().filter(t -> t.name().equals(tensorName)).findFirst();
    }

    /**
     * Finds a declared output.
     *
     * @param tensorName the output name
     * @return its spec, or empty when not declared
     */
    public Optional<TensorSpec> output(String tensorName) {
        return outputs.stream().filter(t -> t.name().equals(tensorName)).findFirst();
    }

    /**
     * Starts a builder for a model with the current schema version.
     *
     * @param name the model name
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     * @return a builder
     */
    public static Builder builder(String name, String version) {
        return new Builder(name, ModelVersion.parse(version));
    }

    /**
     * Returns a builder pre-filled with this metadata.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(name, version);
        b.schemaVersion = schemaVersion;
        b.buildId = buildId;
        b.description = description;
        b.author = author;
        b.createdAt = createdAt;
        b.modelType = modelType;
        b.artifact = artifact;
        b.inputs.addAll(inputs);
        b.outputs.addAll(outputs);
        b.capabilities.putAll(capabilities.values());
        b.constraints.addAll(constraints);
        b.preprocessing = preprocessing;
        b.adequacy = adequacy;
        b.metrics.addAll(metrics);
        b.provenance = provenance;
        b.runtime = runtime;
        b.extensions.putAll(extensions);
        b.statistics = statistics;
        return b;
    }

    /**
     * Builds {@link ModelMetadata}. Not thread-safe; {@link #build()} leaves the builder usable.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private final String name;
        private final ModelVersion version;
        private SchemaVersion schemaVersion = SchemaVersion.CURRENT;
        private Optional<String> buildId = Optional.empty();
        private Optional<String> description = Optional.empty();
        private Optional<String> author = Optional.empty();
        private Optional<OffsetDateTime> createdAt = Optional.empty();
        private Optional<String> modelType = Optional.empty();
        private Artifact artifact = Artifact.DEFAULT;
        private final List<TensorSpec> inputs = new ArrayList<>();
        private final List<TensorSpec> outputs = new ArrayList<>();
        private final Map<String, List<String>> capabilities = new LinkedHashMap<>();
        private final List<Constraint> constraints = new ArrayList<>();
        private Optional<Preprocessing> preprocessing = Optional.empty();
        private Optional<AdequacySpec> adequacy = Optional.empty();
        private final List<Metric> metrics = new ArrayList<>();
        private Provenance provenance = Provenance.unknown();
        private RuntimeHints runtime = RuntimeHints.none();
        private final Map<String, Object> extensions = new LinkedHashMap<>();
        private Optional<DataStatistics> statistics = Optional.empty();

        private Builder(String name, ModelVersion version) {
            this.name = Objects.requireNonNull(name, "name");
            this.version = Objects.requireNonNull(version, "version");
        }

        /**
         * Sets the schema version (the current one by default).
         *
         * @param v the version
         * @return this builder
         */
        public Builder schemaVersion(SchemaVersion v) {
            this.schemaVersion = Objects.requireNonNull(v, "schemaVersion");
            return this;
        }

        /**
         * Sets the build id.
         *
         * @param v the build id
         * @return this builder
         */
        public Builder buildId(String v) {
            this.buildId = Optional.of(v);
            return this;
        }

        /**
         * Sets the description.
         *
         * @param v the description
         * @return this builder
         */
        public Builder description(String v) {
            this.description = Optional.of(v);
            return this;
        }

        /**
         * Sets the author.
         *
         * @param v the author
         * @return this builder
         */
        public Builder author(String v) {
            this.author = Optional.of(v);
            return this;
        }

        /**
         * Sets the creation time.
         *
         * @param v the time
         * @return this builder
         */
        public Builder createdAt(OffsetDateTime v) {
            this.createdAt = Optional.of(v);
            return this;
        }

        /**
         * Sets the model type.
         *
         * @param v for example {@code "regression"}
         * @return this builder
         */
        public Builder modelType(String v) {
            this.modelType = Optional.of(v);
            return this;
        }

        /**
         * Sets the artifact ({@code model.onnx} by default).
         *
         * @param v the artifact
         * @return this builder
         */
        public Builder artifact(Artifact v) {
            this.artifact = Objects.requireNonNull(v, "artifact");
            return this;
        }

        /**
         * Adds an input.
         *
         * @param v the input spec
         * @return this builder
         */
        public Builder input(TensorSpec v) {
            inputs.add(Objects.requireNonNull(v, "input"));
            return this;
        }

        /**
         * Adds an output.
         *
         * @param v the output spec
         * @return this builder
         */
        public Builder output(TensorSpec v) {
            outputs.add(Objects.requireNonNull(v, "output"));
            return this;
        }

        /**
         * Declares capability values.
         *
         * @param key for example {@code "area"}
         * @param values for example {@code "Jerusalem", "Hebron"}
         * @return this builder
         */
        public Builder capability(String key, String... values) {
            capabilities.put(Objects.requireNonNull(key, "key"), List.of(values));
            return this;
        }

        /**
         * Adds an operating-envelope constraint.
         *
         * @param v the constraint
         * @return this builder
         */
        public Builder constraint(Constraint v) {
            constraints.add(Objects.requireNonNull(v, "constraint"));
            return this;
        }

        /**
         * Names the processor raw inputs go through.
         *
         * @param v the processor
         * @return this builder
         */
        public Builder preprocessing(Preprocessing v) {
            this.preprocessing = Optional.of(v);
            return this;
        }

        /**
         * Sets where the adequacy cases are.
         *
         * @param v the adequacy spec
         * @return this builder
         */
        public Builder adequacy(AdequacySpec v) {
            this.adequacy = Optional.of(v);
            return this;
        }

        /**
         * Adds a metric.
         *
         * @param v the metric
         * @return this builder
         */
        public Builder metric(Metric v) {
            metrics.add(Objects.requireNonNull(v, "metric"));
            return this;
        }

        /**
         * Sets the provenance.
         *
         * @param v the provenance
         * @return this builder
         */
        public Builder provenance(Provenance v) {
            this.provenance = Objects.requireNonNull(v, "provenance");
            return this;
        }

        /**
         * Sets the runtime hints.
         *
         * @param v the hints
         * @return this builder
         */
        public Builder runtime(RuntimeHints v) {
            this.runtime = Objects.requireNonNull(v, "runtime");
            return this;
        }

        /**
         * Adds a team-specific field.
         *
         * @param key the field name
         * @param value a JSON value: String, Boolean, a JDK number (not NaN or infinite), List, or Map with String
         *     keys; {@link #build()} copies it all the way down and refuses anything else
         * @return this builder
         */
        public Builder extension(String key, Object value) {
            extensions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /**
         * Sets what the training data looked like. Metadata with statistics is built with schema version
         * {@link DataStatistics#SINCE} when the one set is older.
         *
         * @param v the statistics
         * @return this builder
         * @since 0.2.0
         */
        public Builder statistics(DataStatistics v) {
            this.statistics = Optional.of(v);
            return this;
        }

        /**
         * Builds the metadata. With statistics, the schema version is at least {@link DataStatistics#SINCE}.
         *
         * @return the metadata
         * @throws IllegalArgumentException when inputs or outputs are missing or repeat a name, or an extension is not
         *     a JSON value
         */
        public ModelMetadata build() {
            SchemaVersion v = statistics.isPresent() && !schemaVersion.isAtLeast(DataStatistics.SINCE)
                    ? DataStatistics.SINCE : schemaVersion;
            return new ModelMetadata(v, name, version, buildId, description, author, createdAt, modelType,
                    artifact, inputs, outputs, new Capabilities(capabilities), constraints, preprocessing, adequacy,
                    metrics, provenance, runtime, extensions, statistics);
        }
    }
}
