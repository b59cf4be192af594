// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Where a model came from: code, build, trial, data and framework.
 *
 * <p>Immutable and thread-safe.
 *
 * @param gitCommit the commit of the training code
 * @param branch the branch it was built from
 * @param buildNumber the CI build number
 * @param trialId the experiment trial
 * @param trainEndTime when training ended
 * @param datasets the datasets used
 * @param framework the training framework
 * @param configSha256 the hex SHA-256 of {@code config.json}
 * @since 0.1.0
 */
public record Provenance(
        Optional<String> gitCommit,
        Optional<String> branch,
        OptionalLong buildNumber,
        Optional<String> trialId,
        Optional<OffsetDateTime> trainEndTime,
        List<DatasetRef> datasets,
        Optional<Framework> framework,
        Optional<String> configSha256) {

    /** Checks and copies the components. */
    public Provenance {
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(buildNumber, "buildNumber");
        Objects.requireNonNull(trialId, "trialId");
        Objects.requireNonNull(trainEndTime, "trainEndTime");
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(framework, "framework");
        Objects.requireNonNull(configSha256, "configSha256");
    }

    /** @return provenance with nothing recorded */
    public static Provenance unknown() {
        return new Provenance(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), Optional.empty());
    }
}
