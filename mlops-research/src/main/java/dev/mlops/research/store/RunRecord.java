// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run as the store holds it: what {@link NewRun} said at its start, and how it ended.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runId the run's id, unique in its store
 * @param modelName the model's name
 * @param modelVersion its version, when known
 * @param buildId the build id
 * @param task {@code train}, {@code evaluate}, {@code export} or a user task's name
 * @param status running, succeeded or failed
 * @param error what went wrong; present exactly when the run failed
 * @param datasets the datasets the run read
 * @param configJson the configuration in canonical JSON, when it was given
 * @param configSha256 the SHA-256 of the canonical configuration, when it was given
 * @param metrics the metrics the run measured, in the order given
 * @param startedAt when it started (microsecond precision)
 * @param endedAt when it finished; present exactly when it is not running
 * @param deliveryId the delivery id of the export it wrote
 * @param gitCommit the commit of the code that ran
 * @param gitBranch its branch
 * @since 0.2.0
 */
public record RunRecord(String runId, String modelName, Optional<String> modelVersion, String buildId, String task,
        RunStatus status, Optional<String> error, List<RunDataset> datasets, Optional<String> configJson,
        Optional<String> configSha256, List<RunMetric> metrics, Instant startedAt, Optional<Instant> endedAt,
        Optional<String> deliveryId, Optional<String> gitCommit, Optional<String> gitBranch) {

    /**
     * Checks the components and copies the lists.
     *
     * @throws IllegalArgumentException when the error or end time disagree with the status
     * @since 0.2.0
     */
    public RunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(modelName, "modelName");
        Objects.requireNonNull(modelVersion, "modelVersion");
        Objects.requireNonNull(buildId, "buildId");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(error, "error");
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(configJson, "configJson");
        Objects.requireNonNull(configSha256, "configSha256");
        metrics = List.copyOf(metrics);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(endedAt, "endedAt");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(gitBranch, "gitBranch");
        if (error.isPresent() != (status == RunStatus.FAILED)) {
            throw new IllegalArgumentException("run " + runId + ": an error text belongs to a failed run, and a failed"
                    + " run needs one (status " + status.wireName() + ")");
        }
        if (endedAt.isPresent() == (status == RunStatus.RUNNING)) {
            throw new IllegalArgumentException("run " + runId + ": an end time belongs to a finished run, and a"
                    + " finished run needs one (status " + status.wireName() + ")");
        }
    }

    /**
     * Looks a metric up by what it measured.
     *
     * @param key the metric's name, dataset, split and slice
     * @return the metric, or empty when the run did not measure it
     * @since 0.2.0
     */
    public Optional<RunMetric> metric(MetricKey key) {
        Objects.requireNonNull(key, "key");
        return metrics.stream().filter(m -> m.key().equals(key)).findFirst();
    }
}
