// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.MlopsException;

/**
 * The run of a batch that held this request and others failed in the wrapped model (an engine error), or returned
 * outputs that do not have one row per input row. Every request of that batch gets its own exception with the same
 * cause; the model keeps serving the requests that follow.
 *
 * <p>A request that ran alone gets the wrapped model's exception itself, as an unbatched call would.
 *
 * <p>Thread safety: immutable once thrown.
 *
 * @since 0.2.0
 */
public final class BatchFailedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the model, the size of the batch and what failed
     * @param cause the wrapped model's error
     */
    BatchFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception for outputs that do not match the batch.
     *
     * @param message the model, the output and its rows against the batch's rows
     */
    BatchFailedException(String message) {
        super(message);
    }
}
