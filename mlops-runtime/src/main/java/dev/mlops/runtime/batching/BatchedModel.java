// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

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
     * Predicts without blocking the calling thread: checks the request on it (exactly as {@link #predict} does),
     * queues it, and returns a future that its batch completes. For applications that keep many requests in
     * flight from a few threads (an event loop, a reactive pipeline, a consumer of a message stream), where a
     * thread per request would be what limits throughput.
     *
     * <p>The batch holding the request runs on {@link DynamicBatching#executor()}, or on the thread of a
     * synchronous {@link #predict} caller whose batch it joins. It takes what is queued when the model is free (up
     * to the maximum rows) and runs at once: under load the requests that arrived while the previous batch ran make
     * up the next one, so no delay is added; {@link DynamicBatching#maxDelay()} applies to batches synchronous
     * callers lead. A lone request on an idle model is dispatched at once.
     *
     * <p>The future completes with the outputs {@link #predict} would return, or exceptionally with the exception
     * it would throw: {@link dev.mlops.api.InvalidInputException} and
     * {@link dev.mlops.api.EnvelopeViolationException} (already completed when this method returns; the request was
     * not queued), {@link BatchQueueFullException}, {@link BatchFailedException}, and {@link IllegalStateException}
     * when the model is or gets closed before the batch runs. Stages attached without {@code Async} run on the
     * thread that completes the future, after the batch has run, while it delivers to the rest of the batch: keep
     * them short, or attach with {@code thenApplyAsync}. A future cancelled or completed by the caller (for example
     * by {@code orTimeout}) while its request is still queued drops the request from its batch.
     *
     * @param inputs the request, by input name, as for {@link #predict}
     * @return the future outputs
     * @throws NullPointerException when {@code inputs} is {@code null}
     */
    CompletableFuture<Map<String, Tensor>> predictAsync(Map<String, Tensor> inputs);

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
