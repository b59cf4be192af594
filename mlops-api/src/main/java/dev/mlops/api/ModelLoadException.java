// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

/**
 * A model could not be loaded by the inference engine (corrupt graph, unsupported operator, provider failure).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class ModelLoadException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the bundle and provider
     * @param cause the engine's exception
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the bundle and provider
     */
    public ModelLoadException(String message) {
        super(message);
    }
}
