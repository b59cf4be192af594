// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.nio.file.Path;

/**
 * Where sampled predictions go (see {@link ModelMonitor.Builder#predictionLog}). The application chooses the sink:
 * {@link #slf4j(String)}, {@link #jsonLines(Path)}, or its own implementation.
 *
 * <p>Implementations are thread-safe and never block a caller indefinitely: {@link #accept} is called on the
 * prediction's thread.
 *
 * <pre>{@code
 * try (PredictionLog log = PredictionLog.jsonLines(Path.of("predictions.jsonl"))) {
 *     ModelMonitor monitor = ModelMonitor.newBuilder().predictionLog(log, 0.01).build();
 *     ...
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public interface PredictionLog extends AutoCloseable {

    /**
     * Takes one sampled prediction; must return quickly and must not throw (a sink that cannot keep up drops and
     * counts).
     *
     * @param record the prediction
     */
    void accept(PredictionRecord record);

    /**
     * Returns how many records were dropped because the sink could not keep up or failed to write.
     *
     * @return the count since the log was created
     */
    default long dropped() {
        return 0;
    }

    /** Flushes and releases the sink; idempotent, never throws. Records accepted after close are dropped. */
    @Override
    default void close() {
    }

    /**
     * Returns a log that writes each record as one JSON line ({@link PredictionRecord#toJsonLine()}) at INFO to an
     * SLF4J logger, on the caller's thread (the binding decides whether that blocks).
     *
     * @param loggerName the logger, for example {@code "predictions"}
     * @return the log
     */
    static PredictionLog slf4j(String loggerName) {
        return new Slf4jPredictionLog(loggerName);
    }

    /**
     * Returns a log that appends each record as one JSON line to a file, from a background thread fed by a queue of
     * 10,000 records: a caller never waits; when the queue is full the
     * record is dropped and counted. {@link #close()} writes what is queued, flushes and closes the file.
     *
     * @param file the file; created if missing (with its parent directories), appended to if present
     * @return the log
     * @throws MonitoringException when the file cannot be opened for appending
     */
    static PredictionLog jsonLines(Path file) {
        return new JsonLinesPredictionLog(file, JsonLinesPredictionLog.DEFAULT_CAPACITY);
    }

    /**
     * Returns a JSON Lines log with a queue of the given capacity; otherwise as {@link #jsonLines(Path)}.
     *
     * @param file the file
     * @param capacity the records that may wait to be written, at least 1
     * @return the log
     * @throws IllegalArgumentException when {@code capacity < 1}
     * @throws MonitoringException when the file cannot be opened for appending
     */
    static PredictionLog jsonLines(Path file, int capacity) {
        return new JsonLinesPredictionLog(file, capacity);
    }
}
