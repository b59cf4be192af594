// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several runs side by side: one row per metric (name, dataset, split, slice) that any of them measured, with each
 * run's value in the order of {@link #runs()}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param runs the runs, in the order asked for
 * @param rows one row per metric key, in order of first appearance (run by run, metric by metric)
 * @since 0.2.0
 */
public record RunComparison(List<RunRecord> runs, List<MetricRow> rows) {
    /**
     * Checks that every row has one cell per run, and copies the lists.
     *
     * @throws IllegalArgumentException naming the row whose length differs from the number of runs
     * @since 0.2.0
     */
    public RunComparison {
        runs = List.copyOf(runs);
        rows = List.copyOf(rows);
        for (MetricRow row : rows) {
            if (row.values().size() != runs.size()) {
                throw new IllegalArgumentException("row " + row.key().label() + " has " + row.values().size()
                        + " values for " + runs.size() + " runs");
            }
        }
    }

    /**
     * Lines runs up by metric.
     *
     * @param runs the runs, in the order to show them
     * @return the comparison
     * @since 0.2.0
     */
    public static RunComparison of(List<RunRecord> runs) {
        List<MetricKey> keys = new ArrayList<>();
        for (RunRecord run : runs) {
            for (RunMetric m : run.metrics()) {
                if (!keys.contains(m.key())) {
                    keys.add(m.key());
                }
            }
        }
        List<MetricRow> rows = new ArrayList<>();
        for (MetricKey key : keys) {
            List<Optional<Double>> values = new ArrayList<>();
            for (RunRecord run : runs) {
                values.add(run.metric(key).map(RunMetric::value));
            }
            rows.add(new MetricRow(key, values));
        }
        return new RunComparison(runs, rows);
    }

    /**
     * One metric across the compared runs.
     *
     * <p>Immutable and thread-safe.
     *
     * @param key what the metric measured
     * @param values each run's value, empty where that run did not measure it
     * @since 0.2.0
     */
    public record MetricRow(MetricKey key, List<Optional<Double>> values) {
        /**
         * Checks the components and copies the list.
         *
         * @since 0.2.0
         */
        public MetricRow {
            Objects.requireNonNull(key, "key");
            values = Collections.unmodifiableList(new ArrayList<>(values));
            values.forEach(v -> Objects.requireNonNull(v, "values"));
        }
    }
}
