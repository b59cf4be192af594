// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.MlopsException;

/**
 * {@link DynamicBatching#wrap} refused a model: an input or output has no dynamic first dimension (the message names
 * every such tensor and its shape), an output is a sequence or a map, or the warm-up run at one of the batch sizes
 * failed or returned a first dimension other than the rows it was given. The model was not closed: its owner still
 * holds it.
 *
 * <p>Thread safety: immutable once thrown.
 *
 * @since 0.2.0
 */
public final class UnbatchableModelException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the model, each tensor at fault with its shape, and what batching needs
     */
    UnbatchableModelException(String message) {
        super(message);
    }

    /**
     * Creates the exception for a failed warm-up.
     *
     * @param message the model and the batch size whose warm-up failed
     * @param cause the wrapped model's error
     */
    UnbatchableModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
