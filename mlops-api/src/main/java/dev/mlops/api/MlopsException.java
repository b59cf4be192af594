// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

/**
 * Root of every exception that mlops-java throws to callers.
 *
 * <p>All subtypes are unchecked. Native errors (ONNX Runtime's {@code OrtException}) are wrapped at the boundary
 * into one of these, with the original as the cause.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.1.0
 */
public class MlopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the file, field, tensor or case at fault
     */
    public MlopsException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the file, field, tensor or case at fault
     * @param cause the underlying failure
     */
    public MlopsException(String message, Throwable cause) {
        super(message, cause);
    }
}
