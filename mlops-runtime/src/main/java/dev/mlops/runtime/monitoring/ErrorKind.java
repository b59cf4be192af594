// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;

/**
 * How a monitored call failed.
 *
 * @since 0.2.0
 */
public enum ErrorKind {
    /** An {@link InvalidInputException}: a missing, unknown or ill-shaped input. */
    INVALID_INPUT,
    /** An {@link EnvelopeViolationException}: an input outside a rejecting constraint. */
    ENVELOPE_VIOLATION,
    /** Any other exception: the engine failed, the model was closed. */
    OTHER;

    /**
     * Classifies an exception.
     *
     * @param e what a call threw
     * @return its kind
     */
    public static ErrorKind of(Throwable e) {
        if (e instanceof EnvelopeViolationException) {
            return ENVELOPE_VIOLATION;
        }
        if (e instanceof InvalidInputException) {
            return INVALID_INPUT;
        }
        return OTHER;
    }
}
