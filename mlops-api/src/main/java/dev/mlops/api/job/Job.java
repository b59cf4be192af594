// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

import dev.mlops.api.version.BuildId;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One job of a research project: its effective configuration, its working directory, the model it builds and the
 * build id that names everything it produces.
 *
 * <p>Implementations are immutable and thread-safe. {@code mlops-research} builds them
 * ({@code dev.mlops.research.job.Jobs}).
 *
 * @since 0.2.0
 */
public interface Job {

    /**
     * Returns the effective configuration.
     *
     * @return the configuration after every override
     * @since 0.2.0
     */
    Config config();

    /**
     * Returns the working directory; task outputs go under {@code workDir/buildId}.
     *
     * @return an absolute path
     * @since 0.2.0
     */
    Path workDir();

    /**
     * Returns the model name as given (the build id holds its safe form).
     *
     * @return the model name
     * @since 0.2.0
     */
    String modelName();

    /**
     * Returns the build id formatted with the job's template, for example
     * {@code weather__main__a1b2c3d4e5f6__42__0}.
     *
     * @return the build id text
     * @since 0.2.0
     */
    String buildId();

    /**
     * Returns the parts of the build id.
     *
     * @return the parts, each already safe
     * @since 0.2.0
     */
    BuildId buildIdParts();

    /**
     * Returns the full commit hash the job was built from.
     *
     * @return the commit; empty when neither the CI nor a git repository named one
     * @since 0.2.0
     */
    Optional<String> commit();

    /**
     * Returns whether the working tree had uncommitted changes to tracked files when the job was made.
     *
     * @return {@code true} when dirty; {@code false} when clean or when there is no git repository
     * @since 0.2.0
     */
    boolean dirty();

    /**
     * Returns the directory of this build's outputs.
     *
     * @return {@code workDir().resolve(buildId())}
     * @since 0.2.0
     */
    default Path buildDir() {
        return workDir().resolve(buildId());
    }
}
