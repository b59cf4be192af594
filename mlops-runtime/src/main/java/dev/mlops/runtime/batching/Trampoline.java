// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the executor's batch tasks so that a task started on a thread that is already running one (an executor that
 * runs tasks on the submitting thread, such as {@code Runnable::run}, or the caller-runs fallback when the executor
 * refuses) runs after it, in a loop, instead of inside it. Each finished batch starts the next one; nested, a chain of
 * batches under sustained load would grow the stack by one batch's frames per batch until it overflowed.
 *
 * <p>Thread-safe: the pending tasks are per thread.
 */
final class Trampoline {
    private static final Logger LOG = LoggerFactory.getLogger(Trampoline.class);
    /** The tasks due on this thread after the one it runs; absent when it runs none. */
    private static final ThreadLocal<ArrayDeque<Runnable>> DUE = new ThreadLocal<>();

    private Trampoline() {
    }

    /**
     * Runs {@code task} now, or, when this thread is already inside {@code run}, once the task it runs is done.
     * A task that throws is logged and the tasks due after it still run: each holds a lead that only it gives back.
     *
     * @param task the task
     */
    static void run(Runnable task) {
        ArrayDeque<Runnable> due = DUE.get();
        if (due != null) {
            due.addLast(task);
            return;
        }
        due = new ArrayDeque<>();
        DUE.set(due);
        try {
            for (Runnable next = task; next != null; next = due.pollFirst()) {
                try {
                    next.run();
                } catch (RuntimeException e) {
                    LOG.error("a batching task failed; the tasks due after it still run", e);
                }
            }
        } finally {
            DUE.remove();
        }
    }
}
