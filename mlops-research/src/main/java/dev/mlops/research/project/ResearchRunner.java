// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.job.Job;
import dev.mlops.research.config.ConfigLoader;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import dev.mlops.research.job.BuildInfo;
import dev.mlops.research.job.JobRunner;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.job.RunResult;
import dev.mlops.research.job.RunStatus;
import dev.mlops.research.job.TaskRegistry;
import dev.mlops.research.store.NewRun;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunOutcome;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a research project's tasks, the {@link StandardTasks standard four} and its own, and records every run in a
 * {@link RunStore} when one is given: {@code mlops run} is this class behind a command line.
 *
 * <p>The tasks and the one {@link ResearchProject} are found with {@link java.util.ServiceLoader} in the given class
 * loader (the project's jar), which is the thread's context class loader while a task runs. Each run is a
 * {@link JobRunner} run (a fresh directory, {@code mlops-run.json}); then, with a store, one run record: model, build
 * id, task, status (a failed task is recorded as failed, with its error), start and end, the configuration in
 * canonical JSON with its SHA-256, commit and branch, and what the standard tasks leave in {@value RunDetails#FILE}:
 * the datasets with their SHA-256, the metrics with their datasets and splits, the model version and, for
 * {@code export} and {@code verify}, the bundle's delivery id. A user task is recorded with the metrics it reported.
 * Without a store nothing is recorded beyond the run directory.
 *
 * <p>Immutable and thread-safe; runs in parallel are independent.
 *
 * @since 0.2.0
 */
public final class ResearchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ResearchRunner.class);

    private final ClassLoader loader;
    private final TaskRegistry tasks;
    private final ResearchProject<?, ?> project;
    private final Optional<String> storeUrl;

    private ResearchRunner(ClassLoader loader, TaskRegistry tasks, ResearchProject<?, ?> project,
            Optional<String> storeUrl) {
        this.loader = loader;
        this.tasks = tasks;
        this.project = project;
        this.storeUrl = storeUrl;
    }

    /**
     * Starts a runner for the project and tasks a class loader offers.
     *
     * @param loader the class loader whose {@code META-INF/services} files list the project and its tasks
     * @return a builder
     * @since 0.2.0
     */
    public static Builder newBuilder(ClassLoader loader) {
        return new Builder(Objects.requireNonNull(loader, "loader"));
    }

    /**
     * Returns the project.
     *
     * @return the one project on the class path
     * @since 0.2.0
     */
    public ResearchProject<?, ?> project() {
        return project;
    }

    /**
     * Returns the tasks this runner can run.
     *
     * @return the standard tasks and the project's own
     * @since 0.2.0
     */
    public TaskRegistry tasks() {
        return tasks;
    }

    /**
     * Returns the run store's URL.
     *
     * @return the JDBC URL; empty when runs are not recorded
     * @since 0.2.0
     */
    public Optional<String> storeUrl() {
        return storeUrl;
    }

    /**
     * Loads the project's configuration file and applies overrides.
     *
     * @param file the project's {@code config.json}
     * @param overrides the environment and {@code --set} assignments
     * @return the effective configuration, bound to the project's record
     * @throws dev.mlops.research.config.ConfigNotFoundException when the file does not exist
     * @throws dev.mlops.research.config.InvalidConfigException naming the file and listing every violation
     * @since 0.2.0
     */
    public EffectiveConfig<?> loadConfig(Path file, Overrides overrides) {
        return ConfigLoader.of(project.configType()).load(file, overrides);
    }

    /**
     * Runs a task once and records the run.
     *
     * @param task the task name
     * @param job the job
     * @return the result, succeeded or failed (a failed task does not throw)
     * @throws dev.mlops.research.job.TaskNotFoundException listing the available names when no task has that name
     * @throws dev.mlops.research.store.StoreAccessException when the store cannot be opened or written (opened before
     *     the task runs: an unreachable store fails before any work)
     * @throws dev.mlops.research.store.RunStoreException when the store refuses the record otherwise
     * @since 0.2.0
     */
    public RunResult run(String task, Job job) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(job, "job");
        tasks.require(task);
        try (@Nullable RunStore store = storeUrl.map(RunStore::open).orElse(null)) {
            Thread thread = Thread.currentThread();
            ClassLoader previous = thread.getContextClassLoader();
            RunResult result;
            thread.setContextClassLoader(loader);
            try {
                result = JobRunner.of(tasks).run(task, new ResearchJob(job, storeUrl));
            } finally {
                thread.setContextClassLoader(previous);
            }
            if (store != null) {
                RunRecord recorded = record(store, job, result);
                LOG.info("recorded run {} of task '{}' ({}) in {}", recorded.runId(), task, recorded.status(),
                        store.url());
            }
            return result;
        }
    }

    private static RunRecord record(RunStore store, Job job, RunResult result) {
        Optional<RunDetails> details = RunDetails.read(result.outputDir());
        NewRun.Builder run = NewRun.newBuilder(job.modelName(), job.buildId(), result.task())
                .startedAt(result.startedAt())
                .config((JsonNode) Stages.configTree(job.config()));
        details.flatMap(RunDetails::modelVersion).or(() -> job.config().get("model.version").map(String::valueOf))
                .ifPresent(run::modelVersion);
        details.ifPresent(d -> d.datasets().stream().map(u -> RunDataset.of(u.name(), u.sha256())).distinct()
                .forEach(run::dataset));
        job.commit().ifPresent(run::gitCommit);
        Jobs.buildInfo(job).flatMap(BuildInfo::branch).ifPresent(run::gitBranch);
        List<RunMetric> metrics = new ArrayList<>();
        if (details.isPresent() && !details.get().metrics().isEmpty()) {
            details.get().metrics().stream().filter(m -> Double.isFinite(m.value())).map(RunMetric::from)
                    .forEach(metrics::add);
        } else {
            for (Map.Entry<String, Double> m : result.metrics().entrySet()) {
                metrics.add(new RunMetric(m.getKey(), m.getValue(), Optional.empty(), Optional.empty(), Map.of()));
            }
        }
        RunOutcome outcome;
        if (result.status() == RunStatus.FAILED) {
            outcome = new RunOutcome.Failed(result.error().orElse("task '" + result.task() + "' failed"), metrics);
        } else {
            Optional<String> delivery = details.flatMap(RunDetails::deliveryId);
            outcome = delivery.isPresent() ? RunOutcome.exported(metrics, delivery.get())
                    : RunOutcome.succeeded(metrics);
        }
        return store.record(run.build(), outcome);
    }

    /**
     * Builds a {@link ResearchRunner}. Each option may be set once; {@link #build()} leaves the builder unchanged.
     *
     * <p>Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final ClassLoader loader;
        private @Nullable String storeUrl;

        private Builder(ClassLoader loader) {
            this.loader = loader;
        }

        /**
         * Records every run in a store.
         *
         * @param url a JDBC URL ({@code jdbc:sqlite:PATH}, {@code jdbc:postgresql://...}), or the path of a SQLite
         *     file (made {@code jdbc:sqlite:} and its absolute path)
         * @return this builder
         * @throws IllegalStateException when already set
         * @throws IllegalArgumentException when blank
         * @since 0.2.0
         */
        public Builder store(String url) {
            Objects.requireNonNull(url, "url");
            if (storeUrl != null) {
                throw new IllegalStateException("store was already set");
            }
            if (url.isBlank()) {
                throw new IllegalArgumentException("store URL is blank; expected jdbc:sqlite:PATH or a file path");
            }
            storeUrl = url.startsWith("jdbc:") ? url : RunStore.sqliteUrl(Path.of(url));
            return this;
        }

        /**
         * Finds the tasks and the project.
         *
         * @return the runner
         * @throws ProjectNotFoundException when the class loader offers no research project
         * @throws DuplicateProjectException naming the classes when it offers several
         * @throws dev.mlops.research.job.DuplicateTaskException naming both classes when two tasks have one name
         * @since 0.2.0
         */
        public ResearchRunner build() {
            return new ResearchRunner(loader, TaskRegistry.discover(loader), ResearchProjects.discover(loader),
                    Optional.ofNullable(storeUrl));
        }
    }
}
