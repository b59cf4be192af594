// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import dev.mlops.api.RuntimeModel;
import dev.mlops.runtime.internal.CountedModel;
import java.util.Objects;

/**
 * One loaded version inside a {@link ServingModel}, with its own reference count: one owner reference, held while the
 * version is the current or the previous one, plus one per call running on it. The model is closed when the count
 * reaches zero; a count that reached zero never rises again ({@link #tryAcquire()} refuses), so no call ever runs on
 * a model this class closed. Thread-safe.
 */
final class Version {
    final RuntimeModel model;
    final ServedVersion served;
    private final CountedModel refs;

    Version(RuntimeModel model) {
        this.model = Objects.requireNonNull(model, "model");
        this.served = ServedVersion.of(model);
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
