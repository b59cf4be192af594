// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The candidate as handed to the serving handle at promotion: it forwards every call, and its {@link #close()} returns
 * the one reference it holds on the {@link Lease}, so that shadow or canary calls still running on the candidate
 * finish before the model closes. Thread-safe.
 */
final class LeasedModel implements RuntimeModel {
    private final Lease lease;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Takes over a reference already acquired on {@code lease}. */
    LeasedModel(Lease lease) {
        this.lease = lease;
    }

    @Override
    public ModelMetadata metadata() {
        return lease.model.metadata();
    }

    @Override
    public String deliveryId() {
        return lease.model.deliveryId();
    }

    @Override
    public String executionProvider() {
        return lease.model.executionProvider();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        return lease.model.predict(inputs);
    }

    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        return lease.model.predictValues(inputs);
    }

    @Override
    public float[][] predict(float[][] rows) {
        return lease.model.predict(rows);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            lease.release();
        }
    }

    @Override
    public String toString() {
        return "LeasedModel[" + lease + "]";
    }
}
