// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.RuntimeModel;
import java.util.Objects;

/**
 * What monitoring statistics are kept per: a model's name, version and delivery id (two bundles of the same name and
 * version with different contents are told apart).
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the model name
 * @param version the model version, as in its metadata
 * @param deliveryId the bundle's delivery id, {@code sha256:...}
 * @since 0.2.0
 */
public record ModelKey(String name, String version, String deliveryId) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public ModelKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(deliveryId, "deliveryId");
    }

    /**
     * Returns the key of a model.
     *
     * @param model the model
     * @return its name, version and delivery id
     */
    public static ModelKey of(RuntimeModel model) {
        return new ModelKey(model.metadata().name(), model.metadata().version().toString(), model.deliveryId());
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + deliveryId + ")";
    }
}
