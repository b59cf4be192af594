// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import dev.mlops.api.spec.DatasetRef;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset a run read, identified by the SHA-256 of its content so that a later run can tell whether it changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the dataset name, for example {@code "weather-train"}
 * @param sha256 the hex SHA-256 of its content (64 lower-case hex digits)
 * @param version its version, when the team versions datasets
 * @since 0.2.0
 */
public record RunDataset(String name, String sha256, Optional<String> version) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field when the name is blank or too long (300), the hash is not
     *     64 lower-case hex digits, or the version is blank or too long (100)
     * @since 0.2.0
     */
    public RunDataset {
        Checks.text("dataset name", name, 300);
        Checks.sha256("dataset '" + name + "' sha256", sha256);
        Checks.text("dataset '" + name + "' version", version, 100);
    }

    /**
     * Creates a dataset reference without a version.
     *
     * @param name the dataset name
     * @param sha256 the hex SHA-256 of its content
     * @return the reference
     * @throws IllegalArgumentException as the constructor does
     * @since 0.2.0
     */
    public static RunDataset of(String name, String sha256) {
        return new RunDataset(name, sha256, Optional.empty());
    }

    /**
     * Converts a metadata {@code provenance.datasets} entry, whose hash is optional there but required here.
     *
     * @param ref the metadata's reference
     * @return the run's reference
     * @throws IllegalArgumentException naming the dataset when it has no SHA-256, or as the constructor does
     * @since 0.2.0
     */
    public static RunDataset from(DatasetRef ref) {
        Objects.requireNonNull(ref, "ref");
        String sha = ref.sha256().orElseThrow(() -> new IllegalArgumentException("dataset '" + ref.name()
                + "' has no sha256: a run record needs the hash of every dataset it read"));
        return new RunDataset(ref.name(), sha, ref.version());
    }
}
