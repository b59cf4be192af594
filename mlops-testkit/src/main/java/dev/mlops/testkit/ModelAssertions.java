// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.tensor.Tensor;
import java.util.Map;

/**
 * Entry point of fluent assertions on model outputs, reporting like the runtime's adequacy gate.
 *
 * <pre>{@code
 * ModelAssertions.assertThat(model.predict(inputs)).isCloseTo(expected, new Tolerance(1e-5, 1e-4)).isFinite();
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class ModelAssertions {
    private ModelAssertions() {
    }

    /**
     * Starts assertions on the outputs of a model.
     *
     * @param outputs the outputs, by name
     * @return the assertion object
     * @throws NullPointerException when {@code outputs} is {@code null}
     */
    public static OutputsAssert assertThat(Map<String, Tensor> outputs) {
        return new OutputsAssert(outputs);
    }
}
