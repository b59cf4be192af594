// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * A dataset a model was trained or evaluated on.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the dataset name
 * @param version its version
 * @param sha256 the hex SHA-256 of its content
 * @since 0.1.0
 */
public record DatasetRef(String name, Optional<String> version, Optional<String> sha256) {
    /** Checks the components. */
    public DatasetRef {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
    }
}
