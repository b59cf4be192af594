// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.runtime.selection.Candidate;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One complete, verified bundle of a repository: its manifest verified every file when it was listed, and its
 * metadata names the model and version its path does. Immutable and thread-safe.
 *
 * @param name the model name, the {@code <name>} directory
 * @param version the model version, the {@code <version>} directory or zip
 * @param path the bundle directory or zip
 * @param form whether it is a directory or a zip
 * @param deliveryId the delivery id of the verified files ({@code sha256:...})
 * @param metadata the bundle's metadata
 * @since 0.2.0
 */
public record RepositoryEntry(String name, ModelVersion version, Path path, BundleForm form, String deliveryId,
        ModelMetadata metadata) implements Candidate {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when a component is null
     * @throws IllegalArgumentException when the metadata names another model or version
     */
    public RepositoryEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(metadata, "metadata");
        if (!metadata.name().equals(name) || !metadata.version().equals(version)) {
            throw new IllegalArgumentException("metadata: names " + metadata.name() + " " + metadata.version()
                    + ", not " + name + " " + version);
        }
    }

    /**
     * Returns the build id the metadata declares.
     *
     * @return the build id, or empty when the metadata has none
     */
    public Optional<String> buildId() {
        return metadata.buildId();
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + form.name().toLowerCase(java.util.Locale.ROOT) + " " + path + ", "
                + deliveryId + ")";
    }

    /**
     * Returns where the bundle lies, so that a selection {@link dev.mlops.runtime.selection.Query} over
     * {@link ModelRepository#entries()} hands back an entry to open.
     *
     * @return {@link #path()}
     * @since 0.2.0
     */
    @Override
    public Path location() {
        return path;
    }
}
