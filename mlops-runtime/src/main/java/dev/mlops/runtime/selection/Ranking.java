// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.Metric;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How a {@link Query} orders the candidates that satisfy it: maximize or minimize one metric, on a dataset, a split
 * and a slice. A candidate's metric matches when its name is {@link #metric()}, its dataset and split equal the ones
 * given here (any, when not given) and its {@link Metric#slice() slice} equals {@link #slice()} exactly (the whole
 * dataset when empty). A candidate with no matching metric, with several (name the dataset or split to choose), or
 * with a value that is not a number is rejected, never ranked last.
 *
 * <pre>{@code Ranking.maximize("accuracy").onDataset("X").onSlice("area", "Hebron")}</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric the metric name, for example {@code "accuracy"}
 * @param goal whether larger or smaller values win
 * @param dataset the dataset the metric must have been measured on; empty for any
 * @param split the split, for example {@code "test"}; empty for any
 * @param slice the slice, attribute to value, sorted by attribute; empty for the whole dataset
 * @since 0.2.0
 */
public record Ranking(String metric, Goal goal, Optional<String> dataset, Optional<String> split,
        Map<String, String> slice) {

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the metric name, the dataset, the split or a slice attribute or value is
     *     blank
     */
    public Ranking {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(goal, "goal");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(slice, "slice");
        if (metric.isBlank()) {
            throw new IllegalArgumentException("metric: must not be blank");
        }
        if (dataset.isPresent() && dataset.get().isBlank()) {
            throw new IllegalArgumentException("dataset: must not be blank (metric " + metric + ")");
        }
        if (split.isPresent() && split.get().isBlank()) {
            throw new IllegalArgumentException("split: must not be blank (metric " + metric + ")");
        }
        Map<String, String> sorted = new TreeMap<>();
        slice.forEach((k, v) -> {
            if (Objects.requireNonNull(k, "slice key").isBlank() || Objects.requireNonNull(v, "slice value").isBlank()) {
                throw new IllegalArgumentException("slice: attribute and value must not be blank, got '" + k + "': '"
                        + v + "' (metric " + metric + ")");
            }
            sorted.put(k, v);
        });
        slice = Collections.unmodifiableMap(sorted);
    }

    /**
     * Ranks by a metric, largest first.
     *
     * @param metric the metric name, for example {@code "accuracy"}
     * @return a ranking on any dataset and split, on the whole dataset
     * @since 0.2.0
     */
    public static Ranking maximize(String metric) {
        return new Ranking(metric, Goal.MAXIMIZE, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Ranks by a metric, smallest first.
     *
     * @param metric the metric name, for example {@code "rmse"}
     * @return a ranking on any dataset and split, on the whole dataset
     * @since 0.2.0
     */
    public static Ranking minimize(String metric) {
        return new Ranking(metric, Goal.MINIMIZE, Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Returns a copy that reads the metric measured on one dataset.
     *
     * @param name the dataset name
     * @return the new ranking
     * @since 0.2.0
     */
    public Ranking onDataset(String name) {
        return new Ranking(metric, goal, Optional.of(name), split, slice);
    }

    /**
     * Returns a copy that reads the metric measured on one split.
     *
     * @param name the split, for example {@code "test"}
     * @return the new ranking
     * @since 0.2.0
     */
    public Ranking onSplit(String name) {
        return new Ranking(metric, goal, dataset, Optional.of(name), slice);
    }

    /**
     * Returns a copy that reads the metric measured on a slice with one more attribute.
     *
     * @param attribute for example {@code "area"}
     * @param value for example {@code "Hebron"}
     * @return the new ranking
     * @throws IllegalArgumentException when the slice already names the attribute
     * @since 0.2.0
     */
    public Ranking onSlice(String attribute, String value) {
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(value, "value");
        if (slice.containsKey(attribute)) {
            throw new IllegalArgumentException("slice: attribute '" + attribute + "' is already "
                    + slice.get(attribute) + " (metric " + metric + ")");
        }
        Map<String, String> s = new TreeMap<>(slice);
        s.put(attribute, value);
        return new Ranking(metric, goal, dataset, split, s);
    }

    /**
     * Tells whether a metric is the one this ranking reads.
     *
     * @param m a candidate's metric
     * @return {@code true} when its name, dataset, split and slice match
     * @since 0.2.0
     */
    public boolean matches(Metric m) {
        return m.name().equals(metric) && (dataset.isEmpty() || m.dataset().equals(dataset))
                && (split.isEmpty() || m.split().equals(split)) && m.slice().equals(slice);
    }

    /**
     * Describes what is read, without the goal.
     *
     * @return for example {@code "accuracy on dataset X, split test, slice area = Hebron"}
     * @since 0.2.0
     */
    public String describeMetric() {
        return describe(metric, dataset, split, slice);
    }

    static String describe(String name, Optional<String> dataset, Optional<String> split, Map<String, String> slice) {
        StringBuilder s = new StringBuilder(name);
        dataset.ifPresent(d -> s.append(" on dataset ").append(d));
        split.ifPresent(d -> s.append(dataset.isPresent() ? ", split " : " on split ").append(d));
        if (!slice.isEmpty()) {
            s.append(dataset.isPresent() || split.isPresent() ? ", slice " : " on slice ");
            List<String> parts = slice.entrySet().stream().map(e -> e.getKey() + " = " + e.getValue()).toList();
            s.append(String.join(", ", parts));
        }
        return s.toString();
    }

    /**
     * Describes the ranking as a query prints it.
     *
     * @return for example {@code "max accuracy on dataset X, slice area = Hebron"}
     */
    @Override
    public String toString() {
        return (goal == Goal.MAXIMIZE ? "max " : "min ") + describeMetric();
    }

    /**
     * Whether larger or smaller values win.
     *
     * @since 0.2.0
     */
    public enum Goal {
        /** Larger values win, as for accuracy. */
        MAXIMIZE,
        /** Smaller values win, as for an error. */
        MINIMIZE
    }
}
