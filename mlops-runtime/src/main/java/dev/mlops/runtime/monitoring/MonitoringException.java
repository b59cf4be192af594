// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.MlopsException;

/**
 * A monitoring resource could not be set up, such as a prediction log file that cannot be opened.
 *
 * <p>Thread safety: immutable once thrown.
 *
 * @since 0.2.0
 */
public final class MonitoringException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the file
     * @param cause the underlying error
     */
    public MonitoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
