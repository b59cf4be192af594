// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.job.Job;
import dev.mlops.api.job.TaskContext;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/** The context of one run. Thread-safe: metrics are guarded by this object's lock. */
final class RunContext implements TaskContext {
    private final Job job;
    private final Path outputDir;
    private final Map<String, Double> metrics = new TreeMap<>();
    private boolean closed;

    RunContext(Job job, Path outputDir) {
        this.job = job;
        this.outputDir = outputDir;
    }

    @Override
    public Job job() {
        return job;
    }

    @Override
    public Path outputDir() {
        return outputDir;
    }

    @Override
    public Optional<Path> latestOutput(String task) {
        Objects.requireNonNull(task, "task");
        if (!TaskRegistry.NAME.matcher(task).matches()) {
            throw new IllegalArgumentException("'" + task + "' is not a task name");
        }
        return RunDirectories.latestSucceeded(job.buildDir().resolve(task));
    }

    @Override
    public synchronized void reportMetric(String name, double value) {
        Objects.requireNonNull(name, "name");
        if (closed) {
            throw new IllegalStateException("metric '" + name + "' reported after the run ended");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("a metric name must not be blank");
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "' is " + value + "; only finite values");
        }
        metrics.put(name, value);
    }

    /** Ends the run: later reports fail. */
    synchronized Map<String, Double> close() {
        closed = true;
        return Map.copyOf(metrics);
    }
}
