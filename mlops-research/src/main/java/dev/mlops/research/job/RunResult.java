// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one run of a task did: everything a run record needs.
 *
 * <p>Immutable and thread-safe.
 *
 * @param task the task name
 * @param modelName the model name
 * @param buildId the build id text
 * @param configSha256 the SHA-256 of the effective configuration's canonical JSON
 * @param commit the full commit; empty when unknown
 * @param dirty whether the working tree was dirty
 * @param status how the run ended
 * @param startedAt when the task was called
 * @param endedAt when it returned or threw
 * @param outputDir this run's own output directory
 * @param metrics what the task reported, by name (sorted)
 * @param failure what the task threw, wrapped; present exactly when {@code status} is {@link RunStatus#FAILED}
 * @since 0.2.0
 */
public record RunResult(String task, String modelName, String buildId, String configSha256, Optional<String> commit,
        boolean dirty, RunStatus status, Instant startedAt, Instant endedAt, Path outputDir,
        Map<String, Double> metrics, Optional<TaskFailedException> failure) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the status and the failure disagree, or the run ends before it starts
     */
    public RunResult {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(configSha256, "configSha256");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(outputDir, "outputDir");
        Objects.requireNonNull(failure, "failure");
        metrics = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(metrics, "metrics")));
        if ((status == RunStatus.FAILED) != failure.isPresent()) {
            throw new IllegalArgumentException("run result: status " + status + " with failure " + failure);
        }
        if (endedAt.isBefore(startedAt)) {
            throw new IllegalArgumentException("run result: ends " + endedAt + " before it starts " + startedAt);
        }
    }

    /**
     * Returns how long the task ran.
     *
     * @return {@code endedAt - startedAt}
     * @since 0.2.0
     */
    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }

    /**
     * Returns the error text for a run record: the failure's message and its causes'.
     *
     * @return the text; empty when the run succeeded
     * @since 0.2.0
     */
    public Optional<String> error() {
        return failure.map(RunResult::describe);
    }

    static String describe(Throwable t) {
        StringBuilder sb = new StringBuilder(String.valueOf(t.getMessage()));
        java.util.Set<Throwable> seen = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(t);
        for (Throwable c = t.getCause(); c != null && seen.add(c); c = c.getCause()) {
            if (!sb.toString().contains(String.valueOf(c))) {
                sb.append("\ncaused by: ").append(c);
            }
        }
        return sb.toString();
    }
}
