// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

/**
 * One entry point of a research pipeline ({@code train}, {@code evaluate}, {@code export}, {@code verify}, or one of
 * the project's own), found with {@link java.util.ServiceLoader}: list the implementing class in
 * {@code META-INF/services/dev.mlops.api.job.Task} of the project's jar. Implementations need a public no-argument
 * constructor.
 *
 * <p>A runner calls {@link #run} from one thread at a time; implementations state any further thread safety.
 *
 * @since 0.2.0
 */
public interface Task {

    /**
     * Returns the task name, unique among the tasks on the class path.
     *
     * @return letters, digits, {@code .}, {@code _} or {@code -}, starting with a letter or digit
     * @since 0.2.0
     */
    String name();

    /**
     * Runs the task once.
     *
     * @param context the job, the configuration, this run's fresh output directory and the metrics sink
     * @throws Exception anything; the runner records the run as failed and wraps the exception with the task name
     * @since 0.2.0
     */
    void run(TaskContext context) throws Exception;
}
