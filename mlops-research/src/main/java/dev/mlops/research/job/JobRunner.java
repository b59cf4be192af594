// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.job.Job;
import dev.mlops.api.job.Task;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks by name for a job. Each run gets a fresh directory, {@code <workDir>/<buildId>/<task>/run-<n>} with
 * {@code n} one more than the highest so far, created atomically so that two runs (even in two processes) never
 * share one; when the task ends the runner writes {@code mlops-run.json} there (task, status, times, metrics,
 * error), by which {@link dev.mlops.api.job.TaskContext#latestOutput} finds the latest successful run of a task.
 *
 * <p>A task that throws does not make {@link #run} throw: the result is {@link RunStatus#FAILED} with a
 * {@link TaskFailedException} naming the task.
 *
 * <p>Immutable and thread-safe; runs in parallel are independent.
 *
 * @since 0.2.0
 */
public final class JobRunner {
    private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

    private final TaskRegistry tasks;
    private final Clock clock;

    private JobRunner(TaskRegistry tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * Makes a runner of the given tasks.
     *
     * @param tasks the tasks it can run
     * @return the runner
     * @since 0.2.0
     */
    public static JobRunner of(TaskRegistry tasks) {
        return new JobRunner(Objects.requireNonNull(tasks, "tasks"), Clock.systemUTC());
    }

    /**
     * Returns the tasks this runner can run.
     *
     * @return the registry
     * @since 0.2.0
     */
    public TaskRegistry tasks() {
        return tasks;
    }

    /**
     * Runs a task once.
     *
     * @param task the task name
     * @param job the job
     * @return the result, succeeded or failed
     * @throws TaskNotFoundException listing the available names when no task has that name
     * @throws java.io.UncheckedIOException naming the directory when the run directory or its record cannot be
     *     written
     * @since 0.2.0
     */
    public RunResult run(String task, Job job) {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(job, "job");
        Task t = tasks.require(task);
        Path dir = RunDirectories.create(job.buildDir().resolve(task));
        RunContext context = new RunContext(job, dir);
        LOG.info("running task '{}' for {} in {}", task, job.buildId(), dir);
        Instant start = clock.instant();
        Throwable thrown = null;
        try {
            t.run(context);
        } catch (VirtualMachineError e) {
            record(task, job, dir, start, context.close(), e);
            throw e;
        } catch (Throwable e) { // a task's failure, whatever it is, becomes a failed run
            thrown = e;
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
        RunResult result = record(task, job, dir, start, context.close(), thrown);
        if (thrown != null) {
            LOG.warn("task '{}' failed for {}: {}", task, job.buildId(), thrown.toString());
        } else {
            LOG.info("task '{}' succeeded for {} in {}", task, job.buildId(), result.duration());
        }
        return result;
    }

    private RunResult record(String task, Job job, Path dir, Instant start, Map<String, Double> metrics,
            @Nullable Throwable thrown) {
        Instant end = clock.instant();
        Optional<TaskFailedException> failure = thrown == null ? Optional.empty()
                : Optional.of(new TaskFailedException(task, job.buildId(), thrown));
        RunResult result = new RunResult(task, job.modelName(), job.buildId(), job.config().sha256(), job.commit(),
                job.dirty(), failure.isPresent() ? RunStatus.FAILED : RunStatus.SUCCEEDED, start,
                end.isBefore(start) ? start : end, dir, metrics, failure);
        RunDirectories.writeRecord(result);
        return result;
    }
}
