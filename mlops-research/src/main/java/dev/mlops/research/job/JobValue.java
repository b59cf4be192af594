// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.job.Config;
import dev.mlops.api.job.Job;
import dev.mlops.api.version.BuildId;
import java.nio.file.Path;
import java.util.Optional;

/** The job {@link Jobs.Builder} makes. Immutable and thread-safe. */
record JobValue(Config config, Path workDir, String modelName, String buildId, BuildId buildIdParts,
        Optional<String> commit, boolean dirty, BuildInfo buildInfo) implements Job {
}
