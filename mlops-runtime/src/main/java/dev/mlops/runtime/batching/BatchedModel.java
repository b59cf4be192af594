// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.RuntimeModel;

/**
 * A {@link RuntimeModel} that coalesces concurrent {@link #predict} calls into batches, made by
 * {@link DynamicBatching#wrap}. It answers exactly as the wrapped model does (same outputs, bit for bit, for a
 * row-wise model) and adds {@link BatchQueueFullException} when its queue is full and, under the default
 * {@link NonFinitePolicy#REJECT}, an {@link dev.mlops.api.InvalidInputException} for NaN or infinite inputs.
 *
 * <p>Thread-safe: built for many concurrent callers. {@link #close()} is idempotent and never throws; it fails the
 * requests still queued with {@link IllegalStateException}, lets a batch already running finish, and closes the
 * wrapped model.
 *
 * @since 0.2.0
 */
public sealed interface BatchedModel extends RuntimeModel permits BatchingModel {

    /**
     * Returns the counters since the model was wrapped.
     *
     * @return a snapshot
     */
    BatchStats stats();

    /**
     * Returns the options this model batches with.
     *
     * @return the options given to {@link DynamicBatching#wrap}
     */
    DynamicBatching options();
}
