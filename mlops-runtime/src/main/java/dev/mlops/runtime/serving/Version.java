// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import dev.mlops.api.RuntimeModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One loaded version inside a {@link ServingModel}, with its own reference count: one owner reference, held while the
 * version is the current or the previous one, plus one per call running on it. The model is closed when the count
 * reaches zero; a count that reached zero never rises again ({@link #tryAcquire()} refuses), so no call ever runs on
 * a model this class closed. Thread-safe.
 */
final class Version {
    final RuntimeModel model;
    final ServedVersion served;
    private final AtomicInteger refs = new AtomicInteger(1); // the owner reference

    Version(RuntimeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.served = ServedVersion.of(model);
    }

    /** @return {@code true} when a call reference was taken (then {@link #release()} must follow) */
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

    /** Returns a call reference, or the owner reference; the last one closes the model. */
    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            model.close();
        } else if (n < 0) {
            throw new IllegalStateException("reference released twice on " + served);
        }
    }

    @Override
    public String toString() {
        return served + " refs=" + refs.get();
    }
}
