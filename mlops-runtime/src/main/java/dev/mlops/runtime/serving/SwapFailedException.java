// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import dev.mlops.api.MlopsException;
import java.util.Objects;

/**
 * A candidate version was refused: it did not load (invalid bundle, signature mismatch, failed adequacy gate, closed
 * runtime) or its inputs and outputs do not match the version being served. The version that served before keeps
 * serving; the refusal is also delivered as a {@link ServingEvent.SwapFailed}.
 *
 * @since 0.2.0
 */
public final class SwapFailedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /** The candidate, as {@link ServingEvent.SwapFailed#candidate()} names it. */
    private final String candidate;

    /**
     * Creates the exception for a candidate that did not load.
     *
     * @param candidate the bundle path or model that was refused
     * @param message what was expected and what was found
     * @param cause the runtime's error
     */
    SwapFailedException(String candidate, String message, Throwable cause) {
        super(message, cause);
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /**
     * Creates the exception for a candidate that loaded but does not fit.
     *
     * @param candidate the bundle path or model that was refused
     * @param message what was expected and what was found
     */
    SwapFailedException(String candidate, String message) {
        super(message);
        this.candidate = Objects.requireNonNull(candidate, "candidate");
    }

    /** @return the bundle path or model that was refused */
    public String candidate() {
        return candidate;
    }
}
