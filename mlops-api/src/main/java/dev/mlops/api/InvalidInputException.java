// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

/**
 * Inputs passed to {@link RuntimeModel#predict} do not match the declared specs (name, dtype, rank, fixed dims).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class InvalidInputException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the tensor at fault, what was expected and what was given
     */
    public InvalidInputException(String message) {
        super(message);
    }
}
