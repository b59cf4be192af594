// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset by name and the file it comes from; the standard tasks hash the file (SHA-256) to record which data a run
 * read and to notice when it changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the dataset name, for example {@code "weather-train"}; metrics and {@code provenance.datasets} use it
 * @param file the file; a relative path is resolved against the directory of the configuration file
 * @since 0.2.0
 */
public record DatasetFile(String name, Path file) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the name is blank
     */
    public DatasetFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        if (name.isBlank()) {
            throw new IllegalArgumentException("dataset name is blank; expected a name such as weather-train");
        }
    }
}
