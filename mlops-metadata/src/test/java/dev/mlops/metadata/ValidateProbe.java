// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;

/** Run by {@link EmbeddedLoggingTest} in a child JVM: validates metadata and prints nothing itself. */
public final class ValidateProbe {
    private ValidateProbe() {
    }

    /**
     * Validates one valid and one invalid document.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        ModelMetadata m = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .build();
        if (!Metadata.validate(m).isEmpty()) {
            System.exit(3);
        }
        try {
            Metadata.parse("{\"schemaVersion\": \"1.0\", \"name\": \"\", \"version\": \"x\"}");
            System.exit(4);
        } catch (dev.mlops.api.InvalidMetadataException expected) {
            // the validator ran
        }
    }
}
