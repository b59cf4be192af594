// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which run of a model is best: the succeeded run with the best value of one metric on one dataset, optionally only
 * on one split, on one slice of the data and among runs of one task. Ties go to the newest run.
 *
 * <p>Immutable and thread-safe.
 *
 * @param modelName the model
 * @param metric the metric's name
 * @param dataset the dataset it was measured on
 * @param direction whether higher or lower is better
 * @param split only values on this split; empty for any split
 * @param slice only values on this slice; empty for whole-dataset values
 * @param task only runs of this task; empty for any task
 * @since 0.2.0
 */
public record BestRunQuery(String modelName, String metric, String dataset, MetricDirection direction,
        Optional<String> split, Map<String, String> slice, Optional<String> task) {
    /**
     * Checks the components and copies the slice.
     *
     * @throws IllegalArgumentException naming the field when one is blank
     * @since 0.2.0
     */
    public BestRunQuery {
        Checks.text("model name", modelName, 200);
        Checks.text("metric name", metric, 200);
        Checks.text("dataset", dataset, 300);
        Objects.requireNonNull(direction, "direction");
        Checks.text("split", split, 100);
        slice = Collections.unmodifiableMap(new TreeMap<>(Checks.slice(slice)));
        Objects.requireNonNull(task, "task").ifPresent(t -> Checks.name("task", t, 64));
    }

    /**
     * Creates a query over whole-dataset values of any split and task.
     *
     * @param modelName the model
     * @param metric the metric's name
     * @param dataset the dataset
     * @param direction whether higher or lower is better
     * @return the query
     * @since 0.2.0
     */
    public static BestRunQuery of(String modelName, String metric, String dataset, MetricDirection direction) {
        return new BestRunQuery(modelName, metric, dataset, direction, Optional.empty(), Map.of(), Optional.empty());
    }

    /**
     * Narrows to one split.
     *
     * @param split for example {@code "test"}
     * @return a copy with that split
     * @since 0.2.0
     */
    public BestRunQuery withSplit(String split) {
        return new BestRunQuery(modelName, metric, dataset, direction, Optional.of(split), slice, task);
    }

    /**
     * Narrows to one slice of the data.
     *
     * @param slice attribute to value, for example {@code Map.of("area", "Hebron")}
     * @return a copy with that slice
     * @since 0.2.0
     */
    public BestRunQuery withSlice(Map<String, String> slice) {
        return new BestRunQuery(modelName, metric, dataset, direction, split, slice, task);
    }

    /**
     * Narrows to runs of one task.
     *
     * @param task for example {@code "evaluate"}
     * @return a copy with that task
     * @since 0.2.0
     */
    public BestRunQuery withTask(String task) {
        return new BestRunQuery(modelName, metric, dataset, direction, split, slice, Optional.of(task));
    }
}
