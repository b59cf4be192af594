// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.ModelMetadata;
import java.nio.file.Path;
import java.util.Objects;

/** The candidate {@link Candidate#of} makes. Immutable and thread-safe. */
record BasicCandidate(ModelMetadata metadata, String deliveryId, Path location) implements Candidate {
    BasicCandidate {
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(location, "location");
        if (deliveryId.isBlank()) {
            throw new IllegalArgumentException("deliveryId: must not be blank (candidate " + metadata.name() + " "
                    + metadata.version() + " at " + location + ")");
        }
    }

    @Override
    public String toString() {
        return label() + " (" + deliveryId + " at " + location + ")";
    }
}
