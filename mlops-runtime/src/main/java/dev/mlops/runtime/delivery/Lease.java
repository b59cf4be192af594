// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.RuntimeModel;
import dev.mlops.runtime.internal.CountedModel;
import dev.mlops.runtime.serving.ServedVersion;
import java.util.Objects;

/**
 * The candidate model with its own reference count, as the serving package's versions have: one owner reference held
 * by the rollout until it ends, one held by the serving handle after promotion (through {@link LeasedModel}), plus
 * one per call running on it (canary and shadow calls). The model is closed by whoever drops the count to zero; a
 * count that reached zero never rises again, so no call runs on a model this class closed. Thread-safe.
 */
final class Lease {
    final RuntimeModel model;
    final ServedVersion served;
    private final CountedModel refs;

    Lease(RuntimeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.served = new ServedVersion(model.metadata().name(), model.metadata().version(), model.deliveryId());
        this.refs = new CountedModel(model, served.toString());
    }

    /** @return {@code true} when a reference was taken (then {@link #release()} must follow) */
    boolean tryAcquire() {
        return refs.tryAcquire();
    }

    /** Returns a reference; the last one closes the model. */
    void release() {
        refs.release();
    }

    @Override
    public String toString() {
        return refs.toString();
    }
}
