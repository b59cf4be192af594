// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each record at INFO to an SLF4J logger. Thread-safe. */
final class Slf4jPredictionLog implements PredictionLog {
    private final Logger log;
    private final LongAdder dropped = new LongAdder();

    Slf4jPredictionLog(String loggerName) {
        this.log = LoggerFactory.getLogger(Objects.requireNonNull(loggerName, "loggerName"));
    }

    @Override
    public void accept(PredictionRecord record) {
        if (!log.isInfoEnabled()) {
            return;
        }
        try {
            log.info(record.toJsonLine());
        } catch (RuntimeException e) {
            dropped.increment();
        }
    }

    @Override
    public long dropped() {
        return dropped.sum();
    }

    @Override
    public String toString() {
        return "PredictionLog.slf4j(" + log.getName() + ")";
    }
}
