// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.bundle.Manifest;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A bundle that {@link ExportBuilder#export(Path)} wrote and verified.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bundle the bundle directory
 * @param metadata the metadata written to {@code metadata.json}
 * @param manifest the manifest written to {@code manifest.json}; its {@code deliveryId} identifies the delivery
 * @since 0.2.0
 */
public record ExportResult(Path bundle, ModelMetadata metadata, Manifest manifest) {
    /** Checks the components. */
    public ExportResult {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** @return the delivery id, {@code sha256:...} */
    public String deliveryId() {
        return manifest.deliveryId();
    }
}
