// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.metadata.MetadataDocument;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BundleValidation} established about a bundle that passed. Immutable and thread-safe.
 *
 * @param deliveryId the bundle's delivery id, {@code sha256:...}
 * @param verified whether every file was checked against {@code manifest.json}
 * @param metadata the validated metadata document
 * @param signature the model graph's inputs and outputs, compatible with the metadata (a dimension it declares
 *     {@code -1} may be fixed: {@link #dimensionsFixedByGraph()})
 * @param adequacyCases the number of adequacy cases the bundle ships
 * @param warnings things a reader should know that do not make the bundle invalid (unknown fields, migration)
 * @since 0.1.0
 */
public record ValidationReport(String deliveryId, boolean verified, MetadataDocument metadata,
        GraphSignature signature, int adequacyCases, List<String> warnings) {
    /** Checks and copies the components. */
    public ValidationReport {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(signature, "signature");
        warnings = List.copyOf(warnings);
    }

    /**
     * Lists the dimensions the metadata declares dynamic ({@code -1}) and the graph, as ONNX Runtime reads it, fixes:
     * a looser declaration is valid, and this is the size served outputs will have and the only size those inputs
     * accept.
     *
     * @return the dimensions, inputs first; empty when the graph fixes nothing the metadata leaves open
     */
    public List<GraphSignature.FixedDimension> dimensionsFixedByGraph() {
        return signature.dimensionsFixedByGraph(metadata.metadata());
    }
}
