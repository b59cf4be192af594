// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.MlopsException;
import java.util.List;
import java.util.SortedSet;

/**
 * No task on the class path has the name asked for; the message lists those that do.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class TaskNotFoundException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String task;
    @SuppressWarnings("serial") // an immutable List.copyOf list of strings
    private final List<String> available;

    TaskNotFoundException(String task, SortedSet<String> available) {
        super("no task named '" + task + "'; available: " + (available.isEmpty()
                ? "none (add a jar that lists its tasks in META-INF/services/dev.mlops.api.job.Task)"
                : String.join(", ", available)));
        this.task = task;
        this.available = List.copyOf(available);
    }

    /**
     * Returns the name asked for.
     *
     * @return the unknown task name
     * @since 0.2.0
     */
    public String task() {
        return task;
    }

    /**
     * Returns the names of the tasks found.
     *
     * @return the available names, sorted
     * @since 0.2.0
     */
    public List<String> available() {
        return available;
    }
}
