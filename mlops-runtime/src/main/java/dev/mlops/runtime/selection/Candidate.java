// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.ModelMetadata;
import java.nio.file.Path;

/**
 * A model a {@link Query} may choose: its metadata, the delivery id from its manifest and where the bundle lies.
 * A repository's own entry type may implement this interface, so that {@link Query#select(java.util.List)} hands
 * back the caller's type; {@link #of(ModelMetadata, String, Path)} makes a plain one.
 *
 * <p>Implementations must be immutable and thread-safe; the one {@link #of} returns is.
 *
 * @since 0.2.0
 */
public interface Candidate {
    /**
     * Returns what the bundle declares about its model.
     *
     * @return the model's metadata
     * @since 0.2.0
     */
    ModelMetadata metadata();

    /**
     * Returns the delivery id of the bundle, from its {@code manifest.json}.
     *
     * @return the delivery id, for example {@code sha256:} and 64 hex digits
     * @since 0.2.0
     */
    String deliveryId();

    /**
     * Returns where the bundle lies, a directory or {@code .zip}, to open once chosen.
     *
     * @return the bundle's path
     * @since 0.2.0
     */
    Path location();

    /**
     * Returns {@code name version}, as selection messages name a candidate.
     *
     * @return for example {@code "weather 1.0.0"}
     * @since 0.2.0
     */
    default String label() {
        return metadata().name() + " " + metadata().version();
    }

    /**
     * Makes a candidate from its parts.
     *
     * @param metadata the model's metadata
     * @param deliveryId the bundle's delivery id, not blank
     * @param location the bundle's directory or {@code .zip}
     * @return an immutable candidate
     * @throws NullPointerException when an argument is {@code null}
     * @throws IllegalArgumentException when {@code deliveryId} is blank
     * @since 0.2.0
     */
    static Candidate of(ModelMetadata metadata, String deliveryId, Path location) {
        return new BasicCandidate(metadata, deliveryId, location);
    }
}
