// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;
import java.util.Optional;

/**
 * A bundle, or a file inside it, is malformed: a missing required file, an unsafe zip entry, an unreadable case file.
 *
 * <p>Subtypes narrow the cause (metadata, schema version, integrity, graph signature). Every instance names the
 * file at fault when there is one.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class InvalidBundleException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String file;

    /**
     * Creates an exception about a file of the bundle.
     *
     * @param file the bundle-relative path, or the bundle itself, at fault
     * @param message what is wrong and what was expected
     */
    public InvalidBundleException(String file, String message) {
        super(Objects.requireNonNull(file, "file") + ": " + message);
        this.file = file;
    }

    /**
     * Creates an exception about a file of the bundle, with a cause.
     *
     * @param file the bundle-relative path, or the bundle itself, at fault
     * @param message what is wrong and what was expected
     * @param cause the underlying failure
     */
    public InvalidBundleException(String file, String message, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + message, cause);
        this.file = file;
    }

    /**
     * Returns the file at fault.
     *
     * @return the bundle-relative path of the file at fault, if the problem concerns one file
     */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }
}
