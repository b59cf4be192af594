// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.version.ModelVersion;
import java.util.Objects;

/**
 * Which model version a {@link ServingModel} serves or served: the name and version from its metadata and the
 * bundle's delivery id. Immutable.
 *
 * @param name the model name
 * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
 * @param deliveryId the bundle's delivery id, {@code sha256:...}
 * @since 0.2.0
 */
public record ServedVersion(String name, ModelVersion version, String deliveryId) {

    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public ServedVersion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }

    /** The version of a loaded model. */
    static ServedVersion of(RuntimeModel model) {
        return new ServedVersion(model.metadata().name(), model.metadata().version(), model.deliveryId());
    }

    /** @return {@code name version (deliveryId)}, as the log lines print it */
    @Override
    public String toString() {
        return name + " " + version + " (" + deliveryId + ")";
    }
}
