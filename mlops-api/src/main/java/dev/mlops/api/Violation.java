// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * One problem found in a document: where (a JSON path such as {@code inputs[1].shape[0]}) and what was expected.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the JSON path of the offending value; {@code ""} for the document root
 * @param message what is wrong and what was expected
 * @since 0.1.0
 */
public record Violation(String path, String message) implements java.io.Serializable {
    /** Checks the components. */
    public Violation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
