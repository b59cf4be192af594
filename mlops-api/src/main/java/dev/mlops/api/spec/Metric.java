// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;
import java.util.Optional;

/**
 * One evaluation result from the run that chose this model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the metric name, for example {@code "rmse"}
 * @param value its value
 * @param dataset the dataset evaluated on
 * @param split the split, for example {@code "test"}
 * @since 0.1.0
 */
public record Metric(String name, double value, Optional<String> dataset, Optional<String> split) {
    /** Checks the components. */
    public Metric {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
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
