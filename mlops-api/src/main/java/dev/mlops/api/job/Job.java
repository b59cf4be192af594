// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

import java.util.List;

/**
 * A named sequence of {@link Task}s run with one {@link Config}, for example train-evaluate-export.
 *
 * <p>Thread safety: implementations must be immutable, so that a job may be shared between threads.
 *
 * @since 0.1.0
 */
public interface Job {

    /** @return the job name */
    String name();

    /** @return the tasks, in the order they run */
    List<Task<?, ?>> tasks();
}
