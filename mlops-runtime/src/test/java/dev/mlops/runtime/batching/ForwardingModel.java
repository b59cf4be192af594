// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import java.util.Map;

/**
 * A real model behind a wrapper that a test changes in one respect (a gate, a delay, a record of each run): everything
 * else goes to the real model. Thread-safe as the real model is.
 */
abstract class ForwardingModel implements RuntimeModel {
    final RuntimeModel real;

    ForwardingModel(RuntimeModel real) {
        this.real = real;
    }

    @Override
    public ModelMetadata metadata() {
        return real.metadata();
    }

    @Override
    public String deliveryId() {
        return real.deliveryId();
    }

    @Override
    public String executionProvider() {
        return real.executionProvider();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return real.predict(inputs);
    }

    @Override
    public void close() {
        real.close();
    }
}
