// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import dev.mlops.api.MlopsException;

/**
 * An export refused: a missing or unreadable dataset file, a feature with no values, case inputs that do not match
 * the declared inputs, an existing target directory, a bundle that does not verify. The message names the file,
 * feature, case or directory at fault and says what was expected. Nothing is left behind: no bundle directory, no
 * temporary directory.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public class ExportException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message.
     *
     * @param message what went wrong, naming the file, feature, case or directory at fault
     */
    public ExportException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what went wrong, naming the file, feature, case or directory at fault
     * @param cause the underlying failure
     */
    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
