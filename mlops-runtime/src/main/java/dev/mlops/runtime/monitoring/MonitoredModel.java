// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.util.Map;
import java.util.Objects;

/** A model whose every call is counted and measured by a {@link ModelStats}. Thread-safe as the wrapped model. */
final class MonitoredModel implements RuntimeModel {
    final RuntimeModel inner;
    final ModelMonitor monitor;
    private final ModelStats stats;

    MonitoredModel(RuntimeModel inner, ModelMonitor monitor, ModelStats stats) {
        this.inner = inner;
        this.monitor = monitor;
        this.stats = stats;
    }

    @Override
    public ModelMetadata metadata() {
        return inner.metadata();
    }

    @Override
    public String deliveryId() {
        return inner.deliveryId();
    }

    @Override
    public String executionProvider() {
        return inner.executionProvider();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        long start = System.nanoTime();
        Map<String, Tensor> out;
        try {
            out = inner.predict(inputs);
        } catch (RuntimeException e) {
            stats.failed(System.nanoTime() - start, e);
            throw e;
        }
        served(System.nanoTime() - start, inputs, out);
        return out;
    }

    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        long start = System.nanoTime();
        Map<String, Value> out;
        try {
            out = inner.predictValues(inputs);
        } catch (RuntimeException e) {
            stats.failed(System.nanoTime() - start, e);
            throw e;
        }
        served(System.nanoTime() - start, inputs, out);
        return out;
    }

    @Override
    public float[][] predict(float[][] rows) {
        long start = System.nanoTime();
        float[][] out;
        try {
            out = inner.predict(rows);
        } catch (RuntimeException e) {
            stats.failed(System.nanoTime() - start, e);
            throw e;
        }
        long nanos = System.nanoTime() - start;
        ModelMetadata meta = inner.metadata();
        TensorSpec in = meta.inputs().get(0);
        TensorSpec y = meta.outputs().get(0);
        served(nanos, Map.of(in.name(), Tensor.ofMatrix(rows)), Map.of(y.name(), Tensor.ofMatrix(out)));
        return out;
    }

    private void served(long nanos, Map<String, Tensor> inputs, Map<String, ? extends Value> outputs) {
        long sequence = stats.nextSequence();
        stats.succeeded(nanos, inputs, outputs);
        monitor.sample(stats.key, sequence, inputs, outputs);
    }

    @Override
    public void close() {
        inner.close();
    }

    @Override
    public String toString() {
        return "Monitored[" + Objects.toString(inner) + "]";
    }
}
