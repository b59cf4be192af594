// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.MlopsException;

/**
 * A query's text could not be read, for example a version range such as {@code ">= 1.2.0 <"}. The message quotes
 * the text and says what was expected.
 *
 * <p>Thread safety: immutable once thrown.
 *
 * @since 0.2.0
 */
public final class InvalidQueryException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the text at fault and what was expected
     * @since 0.2.0
     */
    public InvalidQueryException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the text at fault and what was expected
     * @param cause the parse failure underneath
     * @since 0.2.0
     */
    public InvalidQueryException(String message, Throwable cause) {
        super(message, cause);
    }
}
