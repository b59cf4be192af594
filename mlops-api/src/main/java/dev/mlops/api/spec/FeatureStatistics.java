// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one feature of the training data looked like, for drift detection: {@link Numeric} for a numeric feature
 * (summary statistics and a fixed-bin histogram), {@link Categorical} for a categorical one (counts per value).
 *
 * <p>Every implementation is an immutable record, safe to share between threads.
 *
 * @since 0.2.0
 */
public sealed interface FeatureStatistics permits FeatureStatistics.Numeric, FeatureStatistics.Categorical {
    /** The number of quantiles a {@link Numeric} may give: the 0th to the 100th percentile. */
    int QUANTILES = 101;

    /**
     * Returns how many values the data held for the feature, missing ones included.
     *
     * @return the count, {@code >= 0}
     */
    long count();

    /**
     * Returns how many of them were missing (absent, or NaN for a numeric feature).
     *
     * @return {@code 0 <= missing <= count}
     */
    long missing();

    /**
     * A numeric feature: summary statistics over the values present, a histogram, and optionally the percentiles.
     *
     * <p>Immutable and thread-safe.
     *
     * @param count the values, missing ones included
     * @param missing the missing values
     * @param min the least value present
     * @param max the greatest value present
     * @param mean the mean of the values present
     * @param std their standard deviation (population), {@code >= 0}
     * @param histogram the fixed-bin histogram of the values present
     * @param quantiles the 0th to the 100th percentile ({@value #QUANTILES} non-decreasing numbers), or empty when
     *     not recorded
     * @since 0.2.0
     */
    record Numeric(long count, long missing, double min, double max, double mean, double std, Histogram histogram,
            List<Double> quantiles) implements FeatureStatistics {
        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException naming the component at fault: a negative count, {@code missing} outside
         *     {@code [0, count]}, a number that is not finite, {@code min > max}, a negative {@code std}, or
         *     quantiles that are not {@value #QUANTILES} non-decreasing numbers
         */
        public Numeric {
            counts(count, missing);
            finite("min", min);
            finite("max", max);
            finite("mean", mean);
            finite("std", std);
            if (min > max) {
                throw new IllegalArgumentException("min: " + min + " is greater than max " + max);
            }
            if (std < 0) {
                throw new IllegalArgumentException("std: " + std + " is negative");
            }
            Objects.requireNonNull(histogram, "histogram");
            quantiles = List.copyOf(Objects.requireNonNull(quantiles, "quantiles"));
            if (!quantiles.isEmpty() && quantiles.size() != QUANTILES) {
                throw new IllegalArgumentException("quantiles: " + quantiles.size() + " numbers; expected "
                        + QUANTILES + " (the 0th to the 100th percentile) or none");
            }
            for (int i = 0; i < quantiles.size(); i++) {
                finite("quantiles[" + i + "]", quantiles.get(i));
                if (i > 0 && quantiles.get(i) < quantiles.get(i - 1)) {
                    throw new IllegalArgumentException("quantiles[" + i + "]: " + quantiles.get(i)
                            + " is below the quantile before it, " + quantiles.get(i - 1) + " (quantiles never "
                            + "decrease)");
                }
            }
        }

        private static void finite(String name, double v) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + ": " + v + " is not a finite number");
            }
        }
    }

    /**
     * A categorical feature: how often each value occurred.
     *
     * <p>Immutable and thread-safe.
     *
     * @param count the values, missing ones included
     * @param missing the missing values
     * @param categories each value present with its count ({@code >= 0}), in the order given
     * @since 0.2.0
     */
    record Categorical(long count, long missing, Map<String, Long> categories) implements FeatureStatistics {
        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException naming the component at fault: a negative count, {@code missing} outside
         *     {@code [0, count]}, or a negative category count
         */
        public Categorical {
            counts(count, missing);
            Objects.requireNonNull(categories, "categories");
            Map<String, Long> copy = new LinkedHashMap<>();
            categories.forEach((k, v) -> {
                Objects.requireNonNull(k, "categories: a key");
                Objects.requireNonNull(v, "categories." + k);
                if (v < 0) {
                    throw new IllegalArgumentException("categories." + k + ": " + v + " is not a count (expected "
                            + ">= 0)");
                }
                copy.put(k, v);
            });
            categories = Collections.unmodifiableMap(copy);
        }
    }

    private static void counts(long count, long missing) {
        if (count < 0) {
            throw new IllegalArgumentException("count: " + count + " is not a count (expected >= 0)");
        }
        if (missing < 0 || missing > count) {
            throw new IllegalArgumentException("missing: " + missing + " is outside [0, count " + count + "]");
        }
    }
}
