// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;

/** Metadata of the small models the case tests read cases for. */
final class Models {
    private Models() {
    }

    /** y = 2x + 1: one float32 input and output, {@code [-1, 1]}. */
    static ModelMetadata linear() {
        return ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .build();
    }

    /** One input of each kind, for type coverage. */
    static ModelMetadata mixed() {
        return ModelMetadata.builder("mixed", "1.0.0")
                .input(TensorSpec.of("features", DataType.FLOAT32, -1, 3))
                .input(TensorSpec.of("count", DataType.INT64, -1))
                .input(TensorSpec.of("flag", DataType.BOOL, -1))
                .input(TensorSpec.of("name", DataType.STRING, -1))
                .output(TensorSpec.of("score", DataType.FLOAT64, -1, 1))
                .output(TensorSpec.of("label", DataType.INT32, -1))
                .build();
    }
}
