// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One evaluation result from the run that chose this model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the metric name, for example {@code "rmse"}
 * @param value its value
 * @param dataset the dataset evaluated on
 * @param split the split, for example {@code "test"}
 * @param slice the part of the dataset the metric was measured on, attribute to value ({@code {"area": "Hebron"}}),
 *     so that selection can rank "accuracy for Hebron"; empty for the whole dataset. Kept sorted by attribute.
 * @since 0.1.0
 */
public record Metric(String name, double value, Optional<String> dataset, Optional<String> split,
        Map<String, String> slice) {

    /**
     * Creates a metric of the whole dataset.
     *
     * @param name the metric name
     * @param value its value
     * @param dataset the dataset evaluated on
     * @param split the split
     */
    public Metric(String name, double value, Optional<String> dataset, Optional<String> split) {
        this(name, value, dataset, split, Map.of());
    }

    /**
     * Checks the components and copies the slice in attribute order.
     *
     * @throws IllegalArgumentException when a slice attribute or value is blank
     */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        Map<String, String> sorted = new TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(slice, "slice").entrySet()) {
            String k = Objects.requireNonNull(e.getKey(), "slice key");
            String v = Objects.requireNonNull(e.getValue(), () -> "slice." + k);
            if (k.isBlank() || v.isBlank()) {
                throw new IllegalArgumentException("slice: attribute and value must not be blank, got '" + k + "': '"
                        + v + "'");
            }
            sorted.put(k, v);
        }
        slice = Collections.unmodifiableMap(sorted);
    }

    /**
     * Returns a copy measured on a slice of the dataset.
     *
     * @param newSlice attribute to value, for example {@code Map.of("area", "Hebron")}
     * @return the new metric
     * @since 0.2.0
     */
    public Metric withSlice(Map<String, String> newSlice) {
        return new Metric(name, value, dataset, split, newSlice);
    }

    /**
     * Creates a metric without dataset or split.
     *
     * @param name the metric name
     * @param value its value
     * @return the metric
     */
    public static Metric of(String name, double value) {
        return new Metric(name, value, Optional.empty(), Optional.empty());
    }
}
