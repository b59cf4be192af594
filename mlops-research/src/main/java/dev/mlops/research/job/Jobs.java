// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.MlopsException;
import dev.mlops.api.job.Config;
import dev.mlops.api.job.Job;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Makes {@link Job}s: the effective configuration, the working directory, the model name and the build id.
 *
 * <p>The build id is {@link BuildIdTemplate#DEFAULT} ({@code {name}__{branch}__{commit}__{build}__{trial}}) unless
 * another template is given, from these parts, each made safe by {@link BuildId#safe}:
 * <ul>
 *   <li>name: {@link Builder#modelName}, else the configuration's {@code model.name};</li>
 *   <li>branch and commit: from {@link BuildInfo#detect} (CI variables, then git), the commit shortened to
 *       {@value #SHORT_COMMIT} characters with {@value #DIRTY_SUFFIX} appended when the tree was dirty;
 *       {@value #UNKNOWN} when unknown;</li>
 *   <li>build: the CI build number, {@value BuildInfo#LOCAL_BUILD} outside CI;</li>
 *   <li>trial: {@link Builder#trial}, else the configuration's top-level {@code trial}, else
 *       {@value #DEFAULT_TRIAL}.</li>
 * </ul>
 * For example {@code weather__feature-x__a1b2c3d4e5f6-dirty__local__0}.
 *
 * <p>Thread-safe; holds no state.
 *
 * @since 0.2.0
 */
public final class Jobs {
    /** Characters of the commit in the build id. */
    public static final int SHORT_COMMIT = 12;
    /** Appended to the commit part of the build id when the working tree was dirty. */
    public static final String DIRTY_SUFFIX = "-dirty";
    /** The branch or commit part of the build id when unknown. */
    public static final String UNKNOWN = "unknown";
    /** The trial when neither the builder nor the configuration names one. */
    public static final String DEFAULT_TRIAL = "0";

    private Jobs() {
    }

    /**
     * Starts a job for a configuration.
     *
     * @param config the effective configuration
     * @return a builder; set at least {@link Builder#workDir}
     * @since 0.2.0
     */
    public static Builder newBuilder(Config config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Builds one {@link Job}. Each option may be set once; {@link #build()} leaves the builder unchanged.
     *
     * <p>Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final Config config;
        private @Nullable Path workDir;
        private @Nullable Path sourceDir;
        private @Nullable String modelName;
        private @Nullable String trial;
        private @Nullable Map<String, String> environment;
        private @Nullable BuildIdTemplate template;
        private @Nullable BuildInfo buildInfo;

        private Builder(Config config) {
            this.config = config;
        }

        /**
         * Sets the working directory; outputs go under {@code workDir/buildId}. Required.
         *
         * @param dir a directory, created by the runner when missing
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder workDir(Path dir) {
            this.workDir = once(this.workDir, Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize(),
                    "workDir");
            return this;
        }

        /**
         * Sets where the git repository is looked for (there or in a parent); default the working directory.
         *
         * @param dir a directory
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder sourceDir(Path dir) {
            this.sourceDir = once(this.sourceDir, Objects.requireNonNull(dir, "dir").toAbsolutePath(), "sourceDir");
            return this;
        }

        /**
         * Sets the model name; default the configuration's {@code model.name}.
         *
         * @param name the model name
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder modelName(String name) {
            this.modelName = once(this.modelName, Objects.requireNonNull(name, "name"), "modelName");
            return this;
        }

        /**
         * Sets the trial id (the CLI's {@code --trial}); default the configuration's {@code trial}, else
         * {@value Jobs#DEFAULT_TRIAL}.
         *
         * @param trial the trial id
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder trial(String trial) {
            this.trial = once(this.trial, Objects.requireNonNull(trial, "trial"), "trial");
            return this;
        }

        /**
         * Sets the environment whose CI variables are read; default none (the process environment is never read
         * implicitly: pass {@code System.getenv()}).
         *
         * @param environment variable names to values
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder environment(Map<String, String> environment) {
            this.environment = once(this.environment, Map.copyOf(environment), "environment");
            return this;
        }

        /**
         * Sets the build id template; default {@link BuildIdTemplate#DEFAULT}.
         *
         * @param template the template
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder template(BuildIdTemplate template) {
            this.template = once(this.template, Objects.requireNonNull(template, "template"), "template");
            return this;
        }

        /**
         * Sets the build info instead of detecting it from the CI variables and git.
         *
         * @param info the build info
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder buildInfo(BuildInfo info) {
            this.buildInfo = once(this.buildInfo, Objects.requireNonNull(info, "info"), "buildInfo");
            return this;
        }

        /**
         * Detects the build info (unless given) and makes the job.
         *
         * @return the job
         * @throws IllegalStateException when no working directory was set
         * @throws MlopsException when there is no model name, or a part of the build id has nothing safe to keep
         * @since 0.2.0
         */
        public Job build() {
            Path dir = workDir;
            if (dir == null) {
                throw new IllegalStateException("job: set workDir(...)");
            }
            Map<String, String> env = environment == null ? Map.of() : environment;
            BuildInfo info = buildInfo != null ? buildInfo
                    : BuildInfo.detect(sourceDir == null ? dir : sourceDir, env);
            String name = modelName != null ? modelName : config.get("model.name")
                    .filter(String.class::isInstance).map(String.class::cast)
                    .orElseThrow(() -> new MlopsException("job: no model name; set model.name in the config or"
                            + " give one explicitly"));
            String trialId = trial != null ? trial : config.get("trial").map(String::valueOf).orElse(DEFAULT_TRIAL);
            String commitPart = info.commit().map(c -> c.length() > SHORT_COMMIT ? c.substring(0, SHORT_COMMIT) : c)
                    .map(BuildId::safe).filter(s -> !s.isEmpty()).orElse(UNKNOWN)
                    + (info.dirty() ? DIRTY_SUFFIX : "");
            String branchPart = info.branch().map(BuildId::safe).filter(s -> !s.isEmpty()).orElse(UNKNOWN);
            BuildId parts;
            try {
                parts = new BuildId(name, branchPart, commitPart, info.buildNumber(), trialId);
            } catch (IllegalArgumentException e) {
                throw new MlopsException("job: " + e.getMessage(), e);
            }
            BuildIdTemplate t = template == null ? BuildIdTemplate.DEFAULT : template;
            return new JobValue(config, dir, name, t.format(parts), parts, info.commit(), info.dirty(), info);
        }

        private static <V> V once(@Nullable V current, V value, String option) {
            if (current != null) {
                throw new IllegalStateException("job: " + option + " was already set");
            }
            return value;
        }
    }

    /**
     * Returns the build info a job was made with.
     *
     * @param job a job made by {@link Builder#build()}
     * @return its build info, when the job was made here
     * @since 0.2.0
     */
    public static Optional<BuildInfo> buildInfo(Job job) {
        return job instanceof JobValue v ? Optional.of(v.buildInfo()) : Optional.empty();
    }
}
