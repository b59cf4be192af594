// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends records as JSON lines from one daemon thread fed by a bounded queue; callers only {@code offer}.
 * Thread-safe.
 */
final class JsonLinesPredictionLog implements PredictionLog {
    static final int DEFAULT_CAPACITY = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(JsonLinesPredictionLog.class);

    private final Path file;
    private final BlockingQueue<PredictionRecord> queue;
    private final Writer out;
    private final Thread writer;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder dropped = new LongAdder();

    JsonLinesPredictionLog(Path file, int capacity) {
        this.file = Objects.requireNonNull(file, "file");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " is below 1");
        }
        this.queue = new ArrayBlockingQueue<>(capacity);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new MonitoringException("prediction log " + file + ": cannot be opened for appending: " + e, e);
        }
        this.writer = new Thread(this::drain, "mlops-prediction-log " + file.getFileName());
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void accept(PredictionRecord record) {
        Objects.requireNonNull(record, "record");
        if (closed.get() || !queue.offer(record)) {
            dropped.increment();
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    private void drain() {
        List<PredictionRecord> batch = new ArrayList<>();
        boolean failed = false;
        while (true) {
            @Nullable PredictionRecord first;
            try {
                first = queue.poll(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                first = null;
                closed.set(true);
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch);
                failed = write(batch, failed);
                batch.clear();
            } else if (closed.get()) {
                queue.drainTo(batch);
                write(batch, failed);
                break;
            }
        }
        try {
            out.close();
        } catch (IOException e) {
            LOG.warn("prediction log {}: closing failed: {}", file, e.toString());
        }
    }

    private boolean write(List<PredictionRecord> batch, boolean failedBefore) {
        if (batch.isEmpty()) {
            return failedBefore;
        }
        try {
            for (PredictionRecord r : batch) {
                out.write(r.toJsonLine());
                out.write('\n');
            }
            out.flush();
            return false;
        } catch (IOException | RuntimeException e) {
            dropped.add(batch.size());
            if (!failedBefore) {
                LOG.warn("prediction log {}: writing failed, {} record(s) dropped (further failures are counted, not "
                        + "logged, until a write succeeds): {}", file, batch.size(), e.toString());
            }
            return true;
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "PredictionLog.jsonLines(" + file + ")";
    }
}
