// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a {@link Task} gets for one run: the job, its configuration, a fresh output directory of its own, the outputs
 * of earlier runs of the same build, and a place to report metrics.
 *
 * <p>Implementations are thread-safe: a task may report metrics from several threads.
 *
 * @since 0.2.0
 */
public interface TaskContext {

    /**
     * Returns the job.
     *
     * @return the job this run belongs to
     * @since 0.2.0
     */
    Job job();

    /**
     * Returns the job's effective configuration.
     *
     * @return {@code job().config()}
     * @since 0.2.0
     */
    default Config config() {
        return job().config();
    }

    /**
     * Returns this run's output directory: created for this run alone, empty when the task starts.
     *
     * @return an existing directory
     * @since 0.2.0
     */
    Path outputDir();

    /**
     * Finds the output directory of the latest successful run of a task in the same build, for example the
     * {@code train} output an {@code evaluate} task reads.
     *
     * @param task a task name
     * @return the directory; empty when that task has no successful run in this build
     * @since 0.2.0
     */
    Optional<Path> latestOutput(String task);

    /**
     * Reports a metric of this run; a second report of the same name replaces the first.
     *
     * @param name the metric name, non-blank
     * @param value a finite value
     * @throws IllegalArgumentException when the name is blank or the value is NaN or infinite
     * @since 0.2.0
     */
    void reportMetric(String name, double value);
}
