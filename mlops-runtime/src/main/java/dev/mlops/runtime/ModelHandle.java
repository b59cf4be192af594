// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.runtime.internal.InputCheck;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * What {@code ModelRuntime} hands out: one lease on a {@link LoadedModel}. Every call takes a lease of its own
 * for its duration, so closing this handle (or evicting the model) while other threads predict is safe: the session
 * closes after the last call returns. Thread-safe.
 */
final class ModelHandle implements RuntimeModel {
    private final LoadedModel model;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Wraps a model whose lease the caller has just taken for this handle.
     *
     * @param model the model
     */
    ModelHandle(LoadedModel model) {
        this.model = Objects.requireNonNull(model, "model");
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
        return model.provider();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return call(inputs, LoadedModel::run);
    }

    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        return call(inputs, LoadedModel::runAll);
    }

    private <V> Map<String, V> call(Map<String, Tensor> inputs,
            BiFunction<LoadedModel, Map<String, Tensor>, Map<String, V>> run) {
        Objects.requireNonNull(inputs, "inputs");
        ensureOpen();
        ModelMetadata accepted = model.inputContract(); // the declaration, inputs tightened to what the graph fixes
        Map<String, Tensor> snapshot = InputCheck.snapshot(accepted, inputs); // checked and served: the same values
        InputCheck.check(accepted, snapshot);
        model.guard().check(snapshot);
        if (!model.acquire()) { // only when this handle was closed meanwhile and held the last lease
            throw closedError();
        }
        try {
            return run.apply(model, snapshot);
        } finally {
            model.release();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(model.metadata().name() + " " + model.metadata().version()
                + ": this RuntimeModel is closed");
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.release();
        }
    }

    @Override
    public String toString() {
        return "RuntimeModel[" + model + (closed.get() ? ", closed" : "") + "]";
    }
}
