// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real model with a gate in front of its answers, for tests that need a batch to be running at a known moment:
 * every call runs the real model, records its rows and thread, then, while the gate is shut, waits before returning.
 * On demand the next call of several rows fails as an engine error would. Thread-safe.
 */
final class GatedModel extends ForwardingModel {
    private volatile CountDownLatch gate = new CountDownLatch(0);
    /** The rows of the calls the gate holds; -1 for all. */
    private volatile long gatedRows = -1;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicBoolean failNextBatch = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    final List<Long> callRows = new CopyOnWriteArrayList<>();
    final List<Thread> callThreads = new CopyOnWriteArrayList<>();
    final List<Map<String, Tensor>> callInputs = new CopyOnWriteArrayList<>();

    GatedModel(RuntimeModel real) {
        super(real);
    }

    void shut() {
        shut(-1);
    }

    /**
     * Shuts a new gate for calls of {@code rows} rows only (-1: for all calls); the others pass. Calls already
     * waiting keep waiting at the gate they met.
     *
     * @return the new gate, which {@link #open()} opens while it is the latest; {@code countDown()} opens it later
     */
    CountDownLatch shut(long rows) {
        CountDownLatch g = new CountDownLatch(1);
        gatedRows = rows;
        gate = g;
        return g;
    }

    void open() {
        gate.countDown();
    }

    /** Makes the next call of more than one row fail after the real run, as an engine error. */
    void failNextBatch() {
        failNextBatch.set(true);
    }

    /** Waits until {@code n} calls wait at the shut gate. */
    void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(waiting.get() + " calls wait at the gate, expected " + n);
            }
            Thread.sleep(1);
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Map<String, Tensor> out = real.predict(inputs);
        long rows = inputs.values().iterator().next().shape()[0];
        callRows.add(rows);
        callThreads.add(Thread.currentThread());
        callInputs.add(inputs);
        CountDownLatch g = gatedRows < 0 || gatedRows == rows ? gate : new CountDownLatch(0);
        waiting.incrementAndGet();
        try {
            if (!g.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("the gate stayed shut for 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            waiting.decrementAndGet();
        }
        if (rows > 1 && failNextBatch.compareAndSet(true, false)) {
            throw new MlopsException(metadata().name() + ": inference failed on cpu: injected engine error");
        }
        return out;
    }

    @Override
    public void close() {
        closed.set(true);
        super.close();
    }
}
