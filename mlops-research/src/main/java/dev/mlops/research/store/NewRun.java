// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.research.config.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What is known of a run when it starts: which model, build and task, what it reads and how it is configured. Pass it
 * to {@link RunStore#start} (then {@link RunStore#finish}) or {@link RunStore#record}. Build one with
 * {@link #newBuilder(String, String, String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the run id to use; empty to let the store make one (a random UUID)
 * @param modelName the model's name
 * @param modelVersion its version ({@code MAJOR.MINOR.PIPELINE}), when known
 * @param buildId the build id ({@code {name}__{branch}__{commit}__{build}__{trial}})
 * @param task the task: {@code train}, {@code evaluate}, {@code export} or a user task's name
 * @param datasets the datasets the run reads, names distinct
 * @param configJson the configuration in canonical JSON ({@link CanonicalJson}), when the store should keep it
 * @param configSha256 the SHA-256 of the canonical configuration; present whenever {@code configJson} is
 * @param gitCommit the commit of the code that ran
 * @param gitBranch its branch
 * @param startedAt when the run started; empty for the moment the store writes it
 * @since 0.2.0
 */
public record NewRun(Optional<String> runId, String modelName, Optional<String> modelVersion, String buildId,
        String task, List<RunDataset> datasets, Optional<String> configJson, Optional<String> configSha256,
        Optional<String> gitCommit, Optional<String> gitBranch, Optional<Instant> startedAt) {

    /**
     * Checks the components and copies the list.
     *
     * @throws IllegalArgumentException naming the field when one is blank, too long or malformed, a dataset name
     *     repeats, the configuration JSON is not canonical, or its hash is missing or does not match it
     * @since 0.2.0
     */
    public NewRun {
        Objects.requireNonNull(runId, "runId").ifPresent(id -> Checks.name("run id", id, 100));
        Checks.text("model name", modelName, 200);
        Checks.text("model version", modelVersion, 100);
        Checks.text("build id", buildId, 500);
        Checks.name("task", task, 64);
        datasets = List.copyOf(datasets);
        Set<String> names = new HashSet<>();
        for (RunDataset d : datasets) {
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("dataset '" + d.name() + "' is listed twice");
            }
        }
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(configSha256, "configSha256").ifPresent(s -> Checks.sha256("configSha256", s));
        if (configJson.isPresent()) {
            String json = configJson.get();
            if (!CanonicalJson.canonicalize(json).equals(json)) {
                throw new IllegalArgumentException("configJson is not in canonical form: pass it through "
                        + "CanonicalJson.canonicalize, or use Builder.config");
            }
            String sha = sha256(json);
            if (!configSha256.equals(Optional.of(sha))) {
                throw new IllegalArgumentException("configSha256 " + configSha256.orElse("(none)")
                        + " does not match the configuration, whose SHA-256 is " + sha);
            }
        }
        Checks.text("git commit", gitCommit, 64);
        Checks.text("git branch", gitBranch, 300);
        Objects.requireNonNull(startedAt, "startedAt");
    }

    /**
     * Starts a builder.
     *
     * @param modelName the model's name
     * @param buildId the build id
     * @param task {@code train}, {@code evaluate}, {@code export} or a user task's name
     * @return a builder with nothing else set
     * @since 0.2.0
     */
    public static Builder newBuilder(String modelName, String buildId, String task) {
        return new Builder(modelName, buildId, task);
    }

    static String sha256(String canonicalJson) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalJson.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Builds a {@link NewRun}. Each option may be set once; a second set is refused.
     *
     * <p>Not thread-safe: one builder belongs to one thread.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final String modelName;
        private final String buildId;
        private final String task;
        private final List<RunDataset> datasets = new ArrayList<>();
        private @Nullable String runId;
        private @Nullable String modelVersion;
        private @Nullable String configJson;
        private @Nullable String configSha256;
        private @Nullable String gitCommit;
        private @Nullable String gitBranch;
        private @Nullable Instant startedAt;

        private Builder(String modelName, String buildId, String task) {
            this.modelName = Objects.requireNonNull(modelName, "modelName");
            this.buildId = Objects.requireNonNull(buildId, "buildId");
            this.task = Objects.requireNonNull(task, "task");
        }

        private static <T> T once(@Nullable Object current, String option, T value) {
            Objects.requireNonNull(value, option);
            if (current != null) {
                throw new IllegalStateException(option + " was already set to " + current);
            }
            return value;
        }

        /**
         * Sets the run id instead of a generated one.
         *
         * @param runId letters, digits, {@code . _ : -}, at most 100 characters
         * @return this builder
         * @throws IllegalStateException when it was already set
         * @since 0.2.0
         */
        public Builder runId(String runId) {
            this.runId = once(this.runId, "runId", runId);
            return this;
        }

        /**
         * Sets the model version.
         *
         * @param modelVersion for example {@code "1.2.0"}
         * @return this builder
         * @throws IllegalStateException when it was already set
         * @since 0.2.0
         */
        public Builder modelVersion(String modelVersion) {
            this.modelVersion = once(this.modelVersion, "modelVersion", modelVersion);
            return this;
        }

        /**
         * Adds a dataset the run reads.
         *
         * @param dataset the dataset
         * @return this builder
         * @since 0.2.0
         */
        public Builder dataset(RunDataset dataset) {
            datasets.add(Objects.requireNonNull(dataset, "dataset"));
            return this;
        }

        /**
         * Sets the configuration: the store keeps its canonical JSON and SHA-256 ({@link CanonicalJson}).
         *
         * @param config the configuration tree
         * @return this builder
         * @throws IllegalStateException when a configuration or its hash was already set
         * @throws IllegalArgumentException when a number in it is NaN or infinite
         * @since 0.2.0
         */
        public Builder config(JsonNode config) {
            return canonicalConfig(CanonicalJson.write(Objects.requireNonNull(config, "config")));
        }

        /**
         * Sets the configuration from JSON text, in any formatting: the store keeps its canonical form and SHA-256.
         *
         * @param json the configuration as JSON text
         * @return this builder
         * @throws IllegalStateException when a configuration or its hash was already set
         * @throws IllegalArgumentException when the text is not one JSON value
         * @since 0.2.0
         */
        public Builder configJson(String json) {
            return canonicalConfig(CanonicalJson.canonicalize(Objects.requireNonNull(json, "json")));
        }

        private Builder canonicalConfig(String canonical) {
            once(this.configJson, "config", canonical);
            once(this.configSha256, "configSha256", canonical);
            this.configJson = canonical;
            this.configSha256 = sha256(canonical);
            return this;
        }

        /**
         * Sets only the configuration's hash, when the configuration itself is not at hand (for example from a
         * bundle's {@code provenance.configSha256}).
         *
         * @param configSha256 64 lower-case hex digits
         * @return this builder
         * @throws IllegalStateException when a configuration or its hash was already set
         * @since 0.2.0
         */
        public Builder configSha256(String configSha256) {
            this.configSha256 = once(this.configSha256, "configSha256", configSha256);
            return this;
        }

        /**
         * Sets the git commit of the code that ran.
         *
         * @param gitCommit the commit id
         * @return this builder
         * @throws IllegalStateException when it was already set
         * @since 0.2.0
         */
        public Builder gitCommit(String gitCommit) {
            this.gitCommit = once(this.gitCommit, "gitCommit", gitCommit);
            return this;
        }

        /**
         * Sets the git branch of the code that ran.
         *
         * @param gitBranch the branch name
         * @return this builder
         * @throws IllegalStateException when it was already set
         * @since 0.2.0
         */
        public Builder gitBranch(String gitBranch) {
            this.gitBranch = once(this.gitBranch, "gitBranch", gitBranch);
            return this;
        }

        /**
         * Sets the start time instead of the moment the store writes the run. Stored with microsecond precision.
         *
         * @param startedAt the start time
         * @return this builder
         * @throws IllegalStateException when it was already set
         * @since 0.2.0
         */
        public Builder startedAt(Instant startedAt) {
            this.startedAt = once(this.startedAt, "startedAt", startedAt);
            return this;
        }

        /**
         * Builds the run description; the builder stays usable and unchanged.
         *
         * @return the description
         * @throws IllegalArgumentException as {@link NewRun}'s constructor does
         * @since 0.2.0
         */
        public NewRun build() {
            return new NewRun(Optional.ofNullable(runId), modelName, Optional.ofNullable(modelVersion), buildId, task,
                    datasets, Optional.ofNullable(configJson), Optional.ofNullable(configSha256),
                    Optional.ofNullable(gitCommit), Optional.ofNullable(gitBranch), Optional.ofNullable(startedAt));
        }
    }
}
