// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.RuntimeModel;
import dev.mlops.runtime.serving.ServedVersion;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The candidate model with its own reference count, as the serving package's versions have: one owner reference held
 * by the rollout until it ends, one held by the serving handle after promotion (through {@link LeasedModel}), plus
 * one per call running on it (canary and shadow calls). The model is closed by whoever drops the count to zero; a
 * count that reached zero never rises again, so no call runs on a model this class closed. Thread-safe.
 */
final class Lease {
    final RuntimeModel model;
    final ServedVersion served;
    private final AtomicInteger refs = new AtomicInteger(1);

    Lease(RuntimeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.served = new ServedVersion(model.metadata().name(), model.metadata().version(), model.deliveryId());
    }

    /** @return {@code true} when a reference was taken (then {@link #release()} must follow) */
    boolean tryAcquire() {
        int n;
        do {
            n = refs.get();
            if (n == 0) {
                return false;
            }
        } while (!refs.compareAndSet(n, n + 1));
        return true;
    }

    /** Returns a reference; the last one closes the model. */
    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            model.close();
        } else if (n < 0) {
            throw new IllegalStateException("candidate reference released twice on " + served);
        }
    }

    @Override
    public String toString() {
        return served + " refs=" + refs.get();
    }
}
