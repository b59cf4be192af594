// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A path of the repository that is not listed, and why: a bundle still being copied or written, one whose manifest
 * does not verify, whose metadata names another model or version, or a file that has no place in the layout.
 * Immutable and thread-safe.
 *
 * @param path the directory or file skipped
 * @param reason what is wrong with it, naming the file at fault where there is one
 * @since 0.2.0
 */
public record SkippedBundle(Path path, String reason) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     */
    public SkippedBundle {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reason, "reason");
    }
}
