// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import dev.mlops.api.tensor.Tensor;
import java.util.Map;

/**
 * The pre- and post-processing that application code supplies for a model whose metadata names one in
 * {@code preprocessing}: raw inputs (text, readings in the application's own units) become model inputs, and model
 * outputs become what the application consumes. The runtime refuses a bundle whose processor is not registered,
 * or is registered with another version, and runs the bundle's raw-form adequacy cases through it, so the
 * application's processing is proven together with the model.
 *
 * <p>Implementations must be thread-safe: the runtime may call them from many threads at once.
 *
 * @since 0.1.0
 */
public interface Processor {

    /** @return the name the bundle's {@code preprocessing.name} must match */
    String name();

    /** @return the version the bundle's {@code preprocessing.version} must match exactly */
    String version();

    /**
     * Turns raw inputs into model inputs.
     *
     * @param raw the raw inputs by name
     * @return the model's inputs by name
     */
    Map<String, Tensor> preprocess(Map<String, Tensor> raw);

    /**
     * Turns model outputs into what the application consumes. The default returns them unchanged.
     *
     * @param outputs the model's outputs by name
     * @return the processed outputs by name
     */
    default Map<String, Tensor> postprocess(Map<String, Tensor> outputs) {
        return outputs;
    }
}
