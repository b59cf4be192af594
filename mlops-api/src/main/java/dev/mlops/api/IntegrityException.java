// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

/**
 * A bundle's content does not match its manifest: a listed file is missing or changed, or a file is not listed.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class IntegrityException extends InvalidBundleException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the bundle-relative path of the file at fault
     * @param message what differs, for example the expected and actual SHA-256
     */
    public IntegrityException(String file, String message) {
        super(file, message);
    }
}
