// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a metric measured, without its value: the name, the dataset and split it was measured on, and the slice of the
 * data ({@code {"area": "Hebron"}}; empty for the whole dataset). Two metrics of one run never share a key; a
 * comparison lines runs up by key.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the metric name, for example {@code "auc"}
 * @param dataset the dataset it was measured on
 * @param split the split, for example {@code "test"}
 * @param slice the part of the data, attribute to value, sorted by attribute; empty for the whole dataset
 * @since 0.2.0
 */
public record MetricKey(String name, Optional<String> dataset, Optional<String> split, Map<String, String> slice) {
    /**
     * Checks the components and copies the slice.
     *
     * @throws IllegalArgumentException naming the field when one is blank or too long
     * @since 0.2.0
     */
    public MetricKey {
        Checks.text("metric name", name, 200);
        Checks.text("metric '" + name + "' dataset", dataset, 300);
        Checks.text("metric '" + name + "' split", split, 100);
        slice = Collections.unmodifiableMap(new TreeMap<>(Checks.slice(slice)));
    }

    /**
     * Creates a key for a whole-dataset metric.
     *
     * @param name the metric name
     * @param dataset the dataset
     * @param split the split
     * @return the key
     * @since 0.2.0
     */
    public static MetricKey of(String name, String dataset, String split) {
        return new MetricKey(name, Optional.of(dataset), Optional.of(split), Map.of());
    }

    /**
     * Returns a readable label such as {@code auc on weather-test/test [area=Hebron]}.
     *
     * @return the label
     * @since 0.2.0
     */
    public String label() {
        StringBuilder sb = new StringBuilder(name);
        if (dataset.isPresent() || split.isPresent()) {
            sb.append(" on ").append(dataset.orElse("?"));
            split.ifPresent(s -> sb.append('/').append(s));
        }
        if (!slice.isEmpty()) {
            StringBuilder s = new StringBuilder();
            slice.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k).append('=').append(v));
            sb.append(" [").append(s).append(']');
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return label();
    }
}
