// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.MlopsException;

/**
 * A request was refused because the batching queue of its model already held as many requests as
 * {@link DynamicBatching.Builder#queueCapacity(int)} allows. Nothing was run; the caller may retry later, shed the
 * load, or raise the capacity.
 *
 * <p>Thread safety: immutable once thrown.
 *
 * @since 0.2.0
 */
public final class BatchQueueFullException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /** How many requests the queue holds at most. */
    private final int capacity;

    /**
     * Creates the exception.
     *
     * @param message the model and the capacity
     * @param capacity the queue's capacity, in requests
     */
    BatchQueueFullException(String message, int capacity) {
        super(message);
        this.capacity = capacity;
    }

    /** @return the queue's capacity, in requests */
    public int capacity() {
        return capacity;
    }
}
