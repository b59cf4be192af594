// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.MlopsException;

/**
 * A task threw; the message names the task and the build, the cause is what the task threw.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class TaskFailedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String task;

    TaskFailedException(String task, String buildId, Throwable cause) {
        super("task '" + task + "' failed for " + buildId + ": " + cause, cause);
        this.task = task;
    }

    /**
     * Returns the task that failed.
     *
     * @return the task name
     * @since 0.2.0
     */
    public String task() {
        return task;
    }
}
