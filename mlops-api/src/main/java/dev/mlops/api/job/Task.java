// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

/**
 * One step of a {@link Job}: load data, train, evaluate, export.
 *
 * <p>Implementations state their own thread safety; the job framework calls a task from one thread at a time.
 *
 * @param <I> what the task consumes
 * @param <O> what it produces
 * @since 0.1.0
 */
public interface Task<I, O> {

    /** @return the task name, unique within its job */
    String name();

    /**
     * Runs the task.
     *
     * @param input the previous task's output
     * @param config the job's configuration
     * @return this task's output
     * @throws Exception anything; the framework wraps it with the task name
     */
    O run(I input, Config config) throws Exception;
}
