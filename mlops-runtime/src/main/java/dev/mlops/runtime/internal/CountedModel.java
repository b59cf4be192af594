// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import dev.mlops.api.RuntimeModel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A model with its own reference count: one owner reference from construction, plus one per call running on it (and
 * any other holder's). The model is closed by whoever drops the count to zero; a count that reached zero never rises
 * again ({@link #tryAcquire()} refuses), so no call ever runs on a model this class closed. What a hot swap's versions
 * and a rollout's candidate count with. Thread-safe.
 *
 * <p>Internal: {@code public} only so that the serving and delivery packages share it; this package is not exported.
 */
public final class CountedModel {
    private final RuntimeModel model;
    private final String label;
    private final AtomicInteger refs = new AtomicInteger(1); // the owner reference

    /**
     * Holds a model with its owner reference taken.
     *
     * @param model the model, closed when the last reference is released
     * @param label names it in errors
     */
    public CountedModel(RuntimeModel model, String label) {
        this.model = Objects.requireNonNull(model, "model");
        this.label = Objects.requireNonNull(label, "label");
    }

    /** @return the model; use it only while holding a reference */
    public RuntimeModel model() {
        return model;
    }

    /** @return {@code true} when a reference was taken (then {@link #release()} must follow) */
    public boolean tryAcquire() {
        int n;
        do {
            n = refs.get();
            if (n == 0) {
                return false;
            }
        } while (!refs.compareAndSet(n, n + 1));
        return true;
    }

    /**
     * Returns a reference; the last one closes the model.
     *
     * @throws IllegalStateException when more references are released than were taken
     */
    public void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            model.close();
        } else if (n < 0) {
            throw new IllegalStateException("reference released twice on " + label);
        }
    }

    @Override
    public String toString() {
        return label + " refs=" + refs.get();
    }
}
