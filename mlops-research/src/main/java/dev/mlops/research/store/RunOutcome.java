// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How a run ended, given to {@link RunStore#finish} or {@link RunStore#record}: {@link Succeeded} with its metrics and
 * the delivery id of its export, or {@link Failed} with the error and whatever metrics it measured before failing.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public sealed interface RunOutcome permits RunOutcome.Succeeded, RunOutcome.Failed {
    /** The longest error text kept, in characters; {@link #failed(Throwable)} cuts longer ones. */
    int MAX_ERROR = 100_000;

    /**
     * Returns the metrics the run measured.
     *
     * @return the metrics, keys distinct
     * @since 0.2.0
     */
    List<RunMetric> metrics();

    /**
     * Creates a success.
     *
     * @param metrics the metrics, keys ({@link RunMetric#key()}) distinct
     * @return the outcome
     * @throws IllegalArgumentException naming the metric whose key repeats
     * @since 0.2.0
     */
    static Succeeded succeeded(List<RunMetric> metrics) {
        return new Succeeded(metrics, Optional.empty());
    }

    /**
     * Creates a success of an export.
     *
     * @param metrics the metrics, keys distinct
     * @param deliveryId the export's delivery id from its manifest ({@code sha256:} and 64 hex digits)
     * @return the outcome
     * @throws IllegalArgumentException naming the metric whose key repeats, or when the delivery id is malformed
     * @since 0.2.0
     */
    static Succeeded exported(List<RunMetric> metrics, String deliveryId) {
        return new Succeeded(metrics, Optional.of(deliveryId));
    }

    /**
     * Creates a failure from an error text.
     *
     * @param error what went wrong
     * @return the outcome, without metrics
     * @throws IllegalArgumentException when the text is blank
     * @since 0.2.0
     */
    static Failed failed(String error) {
        return new Failed(error, List.of());
    }

    /**
     * Creates a failure from an exception: its class and message, and those of its causes.
     *
     * @param error the exception that ended the run
     * @return the outcome, without metrics
     * @since 0.2.0
     */
    static Failed failed(Throwable error) {
        Objects.requireNonNull(error, "error");
        StringBuilder text = new StringBuilder(error.toString());
        Set<Throwable> seen = new HashSet<>();
        seen.add(error);
        for (Throwable c = error.getCause(); c != null && seen.add(c); c = c.getCause()) {
            text.append("\ncaused by: ").append(c);
        }
        return new Failed(text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text.toString(), List.of());
    }

    private static List<RunMetric> distinct(List<RunMetric> metrics) {
        List<RunMetric> copy = List.copyOf(metrics);
        Set<MetricKey> keys = new HashSet<>();
        for (RunMetric m : copy) {
            if (!keys.add(m.key())) {
                throw new IllegalArgumentException("metric " + m.key().label() + " is given twice");
            }
        }
        return copy;
    }

    /**
     * The run finished without error.
     *
     * <p>Immutable and thread-safe.
     *
     * @param metrics the metrics it measured, keys distinct
     * @param deliveryId the delivery id of the export it wrote ({@code sha256:} and 64 hex digits)
     * @since 0.2.0
     */
    record Succeeded(List<RunMetric> metrics, Optional<String> deliveryId) implements RunOutcome {
        /**
         * Checks the components and copies the list.
         *
         * @throws IllegalArgumentException naming the metric whose key repeats, or when the delivery id is malformed
         * @since 0.2.0
         */
        public Succeeded {
            metrics = distinct(metrics);
            Objects.requireNonNull(deliveryId, "deliveryId").ifPresent(id -> {
                if (!Checks.DELIVERY_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("delivery id '" + id
                            + "': expected 'sha256:' and 64 lower-case hex digits, as in manifest.json");
                }
            });
        }
    }

    /**
     * The run failed.
     *
     * <p>Immutable and thread-safe.
     *
     * @param error what went wrong
     * @param metrics the metrics it measured before it failed, keys distinct
     * @since 0.2.0
     */
    record Failed(String error, List<RunMetric> metrics) implements RunOutcome {
        /**
         * Checks the components and copies the list.
         *
         * @throws IllegalArgumentException when the error is blank or a metric key repeats
         * @since 0.2.0
         */
        public Failed {
            Checks.text("error", error, MAX_ERROR);
            metrics = distinct(metrics);
        }
    }
}
