// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.MlopsException;
import dev.mlops.api.job.Task;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The tasks a runner can run, by name: those a class loader offers through {@link ServiceLoader} (each jar lists its
 * classes in {@code META-INF/services/dev.mlops.api.job.Task}), or a given list.
 *
 * <p>Immutable and thread-safe (the tasks themselves state their own thread safety).
 *
 * @since 0.2.0
 */
public final class TaskRegistry {
    /** What a task name may hold: it becomes a directory name. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Map<String, Task> tasks;

    private TaskRegistry(Map<String, Task> tasks) {
        this.tasks = Collections.unmodifiableMap(new TreeMap<>(tasks));
    }

    /**
     * Finds every task a class loader offers.
     *
     * @param loader the class loader whose {@code META-INF/services/dev.mlops.api.job.Task} files are read (the
     *     research project's jar on the class path)
     * @return the registry
     * @throws DuplicateTaskException naming both classes when two tasks have one name
     * @throws MlopsException naming the provider when one cannot be instantiated or has an invalid name
     * @since 0.2.0
     */
    public static TaskRegistry discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        Map<String, Task> found = new TreeMap<>();
        try {
            for (Task task : ServiceLoader.load(Task.class, loader)) {
                add(found, task);
            }
        } catch (ServiceConfigurationError e) {
            throw new MlopsException("cannot load a task listed in META-INF/services/" + Task.class.getName() + ": "
                    + e.getMessage(), e);
        }
        return new TaskRegistry(found);
    }

    /**
     * Makes a registry of given tasks.
     *
     * @param tasks the tasks
     * @return the registry
     * @throws DuplicateTaskException naming both classes when two tasks have one name
     * @throws MlopsException naming the class when a task has an invalid name
     * @since 0.2.0
     */
    public static TaskRegistry of(List<? extends Task> tasks) {
        Map<String, Task> found = new TreeMap<>();
        for (Task task : List.copyOf(tasks)) {
            add(found, task);
        }
        return new TaskRegistry(found);
    }

    private static void add(Map<String, Task> found, Task task) {
        String name = task.name();
        if (name == null || !NAME.matcher(name).matches()) {
            throw new MlopsException("task " + task.getClass().getName() + " has the name '" + name
                    + "'; a task name holds letters, digits, '.', '_' or '-' and starts with a letter or digit");
        }
        Task earlier = found.putIfAbsent(name, task);
        if (earlier != null) {
            throw new DuplicateTaskException(name, earlier.getClass().getName(), task.getClass().getName());
        }
    }

    /**
     * Returns the task names.
     *
     * @return the names, sorted
     * @since 0.2.0
     */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(tasks.keySet()));
    }

    /**
     * Looks a task up.
     *
     * @param name the task name
     * @return the task, or empty
     * @since 0.2.0
     */
    public Optional<Task> find(String name) {
        return Optional.ofNullable(tasks.get(Objects.requireNonNull(name, "name")));
    }

    /**
     * Returns a task that must exist.
     *
     * @param name the task name
     * @return the task
     * @throws TaskNotFoundException listing the available names
     * @since 0.2.0
     */
    public Task require(String name) {
        return find(name).orElseThrow(() -> new TaskNotFoundException(name, names()));
    }

    @Override
    public String toString() {
        return "TaskRegistry" + tasks.keySet();
    }
}
