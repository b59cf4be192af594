// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something the monitor concluded, delivered to the listeners given to {@link ModelMonitor.Builder#listener} and
 * logged through SLF4J (logger {@code dev.mlops.runtime.monitoring.ModelMonitor}, rate-limited).
 *
 * <p>Every implementation is an immutable record.
 *
 * @since 0.2.0
 */
public sealed interface MonitorEvent permits MonitorEvent.WindowTested, MonitorEvent.DriftDetected {

    /** @return the model version the event is about */
    ModelKey model();

    /** @return when the monitor concluded it */
    Instant at();

    /**
     * A window of requests was tested for drift, feature by feature; one event per window, drifted or not.
     *
     * @param model the model version
     * @param at when the window closed
     * @param window the window's sequence number, from 1
     * @param rows the rows the window held
     * @param verdicts one per feature tested, in declaration order (a feature with fewer than 20 values present in
     *     the window is not tested)
     * @param drifted whether any feature counted as drifted: the family-wise decision
     * @since 0.2.0
     */
    record WindowTested(ModelKey model, Instant at, long window, long rows, List<DriftVerdict> verdicts,
            boolean drifted) implements MonitorEvent {
        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public WindowTested {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(at, "at");
            verdicts = List.copyOf(verdicts);
        }
    }

    /**
     * A feature's inputs drifted from the training data: its KS p-value fell below the threshold in a window.
     *
     * @param model the model version
     * @param at when the window closed
     * @param verdict the test, with the feature, distance, p-value, threshold, window and PSI
     * @since 0.2.0
     */
    record DriftDetected(ModelKey model, Instant at, DriftVerdict verdict) implements MonitorEvent {
        /**
         * Checks the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public DriftDetected {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(verdict, "verdict");
        }
    }
}
