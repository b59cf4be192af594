// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import dev.mlops.api.spec.Metric;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One metric of a run: {@link Metric} plus an optional slice of the data it was measured on, as in
 * {@code metadata.json}'s {@code metrics}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the metric name, for example {@code "auc"}
 * @param value its value, a finite number
 * @param dataset the dataset it was measured on
 * @param split the split, for example {@code "test"}
 * @param slice the part of the data ({@code {"area": "Hebron"}}), sorted by attribute; empty for the whole dataset
 * @since 0.2.0
 */
public record RunMetric(String name, double value, Optional<String> dataset, Optional<String> split,
        Map<String, String> slice) {
    /**
     * Checks the components and copies the slice.
     *
     * @throws IllegalArgumentException naming the metric when the value is NaN or infinite, or a text field is blank
     *     or too long
     * @since 0.2.0
     */
    public RunMetric {
        Checks.text("metric name", name, 200);
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("metric '" + name + "': value " + value + " is not a finite number");
        }
        Checks.text("metric '" + name + "' dataset", dataset, 300);
        Checks.text("metric '" + name + "' split", split, 100);
        slice = Collections.unmodifiableMap(new TreeMap<>(Checks.slice(slice)));
    }

    /**
     * Creates a whole-dataset metric.
     *
     * @param name the metric name
     * @param value its value
     * @param dataset the dataset it was measured on
     * @param split the split
     * @return the metric
     * @throws IllegalArgumentException as the constructor does
     * @since 0.2.0
     */
    public static RunMetric of(String name, double value, String dataset, String split) {
        return new RunMetric(name, value, Optional.of(dataset), Optional.of(split), Map.of());
    }

    /**
     * Converts a metadata metric, its slice included.
     *
     * @param metric the metric
     * @return the same metric for the whole dataset
     * @throws IllegalArgumentException as the constructor does
     * @since 0.2.0
     */
    public static RunMetric from(Metric metric) {
        Objects.requireNonNull(metric, "metric");
        return new RunMetric(metric.name(), metric.value(), metric.dataset(), metric.split(), metric.slice());
    }

    /**
     * Returns this metric measured on a slice of the data.
     *
     * @param slice attribute to value, for example {@code Map.of("area", "Hebron")}
     * @return a copy with that slice
     * @throws IllegalArgumentException when a key or value is blank
     * @since 0.2.0
     */
    public RunMetric withSlice(Map<String, String> slice) {
        return new RunMetric(name, value, dataset, split, slice);
    }

    /**
     * Returns what this metric measured, without its value.
     *
     * @return the key
     * @since 0.2.0
     */
    public MetricKey key() {
        return new MetricKey(name, dataset, split, slice);
    }

    /**
     * Converts to the metadata's metric.
     *
     * @return the metric
     * @since 0.2.0
     */
    public Metric toMetric() {
        return new Metric(name, value, dataset, split, slice);
    }
}
