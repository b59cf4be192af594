// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/** A model that closes the runtime it came from when it is closed. Thread-safe. */
final class OwningModel implements RuntimeModel {
    private final RuntimeModel model;
    private final ModelRuntime runtime;
    private final AtomicBoolean closed = new AtomicBoolean();

    OwningModel(RuntimeModel model, ModelRuntime runtime) {
        this.model = model;
        this.runtime = runtime;
    }

    @Override
    public ModelMetadata metadata() {
        return model.metadata();
    }

    @Override
    public String deliveryId() {
        return model.deliveryId();
    }

    @Override
    public String executionProvider() {
        return model.executionProvider();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return model.predict(inputs);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
            runtime.close();
        }
    }
}
