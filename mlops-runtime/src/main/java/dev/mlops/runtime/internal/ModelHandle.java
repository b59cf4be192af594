package dev.mlops.runtime.internal;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What {@code ModelRuntime} hands out: one lease on a {@link LoadedModel}. Every call takes a lease of its own
 * for its duration, so closing this handle (or evicting the model) while other threads predict is safe: the session
 * closes after the last call returns. Thread-safe.
 */
public final class ModelHandle implements RuntimeModel {
    private final LoadedModel model;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Wraps a model whose lease the caller has just taken for this handle.
     *
     * @param model the model
     */
    public ModelHandle(LoadedModel model) {
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
        Objects.requireNonNull(inputs, "inputs");
        if (closed.get()) {
            throw new MlopsException(model.metadata().name() + " " + model.metadata().version()
                    + ": this model handle is closed");
        }
        InputCheck.check(model.metadata(), inputs);
        model.guard().check(inputs);
        if (!model.acquire()) {
            throw new MlopsException(model.metadata().name() + ": the model was released");
        }
        try {
            return model.run(inputs);
        } finally {
            model.release();
        }
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
