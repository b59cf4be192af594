// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;

/**
 * A standard task cannot run yet or any more: the task it builds on has not succeeded in this build, or ran with another configuration, or a key it needs is missing; the message names the task, the build and what to do.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class PipelineStateException extends MlopsException {
    private static final long serialVersionUID = 1L;

    PipelineStateException(String message) {
        super(message);
    }
}
