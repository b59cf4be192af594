// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.tensor.Tensor;
import java.util.Map;
import java.util.Objects;

/** One set of inputs a contract runs the model on, with the label its failure messages use. */
record Sample(String label, Map<String, Tensor> inputs) {
    Sample {
        Objects.requireNonNull(label, "label");
        inputs = Map.copyOf(inputs);
    }
}
