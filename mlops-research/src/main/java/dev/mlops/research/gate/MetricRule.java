// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One rule of the gate: a metric, optionally a slice of the data, the direction in which it is better and how much
 * regression from the baseline is allowed.
 *
 * <p>Its text form, which {@link #parse(String)} reads and {@link #toString()} writes:
 * <pre>
 * METRIC[SLICE] OP baseline [ - AMOUNT | + AMOUNT | * FACTOR ]
 *
 * auc &gt;= baseline - 0.01                   at most 0.01 below the baseline's AUC
 * mse &lt;= baseline * 1.05                   at most 5 % above the baseline's MSE
 * accuracy &gt;= baseline                     no regression at all
 * accuracy[area=Hebron] &gt;= baseline - 0.02 the metric measured on the slice {"area": "Hebron"}
 * </pre>
 * A metric name is any run of characters other than white space, {@code [ ] < > = ! ,}; a slice is
 * {@code key=value} pairs separated by commas. The rule compares with the baseline only: a fixed floor such as
 * {@code auc >= 0.8} is not a gate rule.
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric the metric's name, as {@code metadata.json}'s {@code metrics[].name} writes it
 * @param slice the slice the metric is measured on ({@code {"area": "Hebron"}}); empty for the whole dataset
 * @param direction which way the metric is better
 * @param allowance the bound's distance from the baseline
 * @since 0.2.0
 */
public record MetricRule(String metric, Map<String, String> slice, Direction direction, Allowance allowance) {
    static final Pattern NAME = Pattern.compile("[^\\s\\[\\]<>=!,]+");
    static final Pattern SLICE_PART = Pattern.compile("[^\\[\\]=,]*[^\\s\\[\\]=,][^\\[\\]=,]*");

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the metric name is empty or holds white space or one of
     *     {@code [ ] < > = ! ,}, or a slice key or value is blank, padded with spaces or holds {@code [ ] = ,}
     */
    public MetricRule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(allowance, "allowance");
        if (!NAME.matcher(metric).matches()) {
            throw new IllegalArgumentException("metric \"" + metric + "\": expected a name without white space and"
                    + " without [ ] < > = ! ,");
        }
        slice = Map.copyOf(slice);
        slice.forEach((k, v) -> {
            if (!SLICE_PART.matcher(k).matches() || !k.strip().equals(k)) {
                throw new IllegalArgumentException("slice key \"" + k + "\" of metric " + metric
                        + ": expected a non-blank key without [ ] = , and without surrounding spaces");
            }
            if (!SLICE_PART.matcher(v).matches() || !v.strip().equals(v)) {
                throw new IllegalArgumentException("slice value \"" + v + "\" of " + metric + "[" + k
                        + "]: expected a non-blank value without [ ] = , and without surrounding spaces");
            }
        });
    }

    /**
     * Reads a rule's text form.
     *
     * @param text the rule, for example {@code auc >= baseline - 0.01}
     * @return the rule
     * @throws GateRuleException quoting the text when it is not a rule, naming the column and what was expected
     */
    public static MetricRule parse(String text) {
        return new RuleParser(Objects.requireNonNull(text, "text")).rule();
    }

    /**
     * A rule for a metric that is better higher, on the whole dataset.
     *
     * @param metric the metric's name
     * @param allowance the bound's distance from the baseline
     * @return the rule
     * @throws IllegalArgumentException when the name is not a metric name
     */
    public static MetricRule atLeast(String metric, Allowance allowance) {
        return new MetricRule(metric, Map.of(), Direction.AT_LEAST, allowance);
    }

    /**
     * A rule for a metric that is better lower, on the whole dataset.
     *
     * @param metric the metric's name
     * @param allowance the bound's distance from the baseline
     * @return the rule
     * @throws IllegalArgumentException when the name is not a metric name
     */
    public static MetricRule atMost(String metric, Allowance allowance) {
        return new MetricRule(metric, Map.of(), Direction.AT_MOST, allowance);
    }

    /**
     * Returns this rule for a slice of the data.
     *
     * @param newSlice the slice, for example {@code Map.of("area", "Hebron")}
     * @return a rule like this one on that slice
     * @throws IllegalArgumentException when a key or value is not valid in a slice
     */
    public MetricRule onSlice(Map<String, String> newSlice) {
        return new MetricRule(metric, newSlice, direction, allowance);
    }

    /**
     * Names what the rule measures: the metric, and its slice in brackets when there is one.
     *
     * @return for example {@code auc} or {@code accuracy[area=Hebron]}
     */
    public String target() {
        return target(metric, slice);
    }

    static String target(String metric, Map<String, String> slice) {
        if (slice.isEmpty()) {
            return metric;
        }
        StringJoiner parts = new StringJoiner(",", metric + "[", "]");
        new TreeMap<>(slice).forEach((k, v) -> parts.add(k + "=" + v));
        return parts.toString();
    }

    /**
     * Returns the bound that a baseline value gives.
     *
     * @param baseline the baseline's value
     * @return the bound, rounded to the nearest double
     * @throws IllegalArgumentException when {@code baseline} is NaN or infinite
     */
    public double bound(double baseline) {
        return allowance.bound(baseline).doubleValue();
    }

    /**
     * Says whether a candidate value meets the bound that a baseline value gives. NaN never does; an infinite value
     * meets a rule only in the direction that is better.
     *
     * @param candidate the candidate's value
     * @param baseline the baseline's value
     * @return whether the candidate passes
     * @throws IllegalArgumentException when {@code baseline} is NaN or infinite
     */
    public boolean admits(double candidate, double baseline) {
        BigDecimal bound = allowance.bound(baseline);
        if (Double.isNaN(candidate)) {
            return false;
        }
        if (Double.isInfinite(candidate)) {
            return (candidate > 0) == (direction == Direction.AT_LEAST);
        }
        int c = BigDecimal.valueOf(candidate).compareTo(bound);
        return direction == Direction.AT_LEAST ? c >= 0 : c <= 0;
    }

    /**
     * Writes the rule's text form, which {@link #parse(String)} reads back to an equal rule.
     *
     * @return for example {@code auc >= baseline - 0.01}
     */
    @Override
    public String toString() {
        return target() + " " + direction.symbol() + " " + allowance.describe("baseline");
    }
}
