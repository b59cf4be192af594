// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.FeatureStatistics;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The training side of a categorical feature's drift test: its values (the {@code categories} keys, read as numbers,
 * since they are matched against a numeric tensor's elements) and their training counts, one cell per value plus a
 * last cell for values training never saw. Immutable.
 */
final class Categories {
    /** The least expected count of a cell in the chi-square test; cells below it are pooled. */
    static final double MIN_EXPECTED = 5;

    /** The category values, ascending. */
    private final double[] values;
    /** The same values rounded to float, for float tensors' elements; ascending too. */
    private final double[] floatValues;
    private final long[] counts;
    private final long total;

    private Categories(double[] values, long[] counts) {
        this.values = values;
        this.counts = counts;
        this.floatValues = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            floatValues[i] = (float) values[i];
        }
        this.total = Arrays.stream(counts).sum();
    }

    /**
     * The reference of a categorical feature, when it can be tested: every category a number (a numeric tensor's
     * elements can match nothing else) and at least two categories with a count.
     */
    static Optional<Categories> of(FeatureStatistics.Categorical s) {
        TreeMap<Double, Long> byValue = new TreeMap<>();
        for (Map.Entry<String, Long> e : s.categories().entrySet()) {
            double v;
            try {
                v = Double.parseDouble(e.getKey().trim());
            } catch (NumberFormatException notANumber) {
                return Optional.empty();
            }
            if (!Double.isFinite(v)) {
                return Optional.empty();
            }
            byValue.merge(v == 0 ? 0.0 : v, e.getValue(), Long::sum); // -0 and 0 are one category
        }
        if (byValue.values().stream().filter(c -> c > 0).count() < 2) {
            return Optional.empty();
        }
        double[] values = byValue.keySet().stream().mapToDouble(Double::doubleValue).toArray();
        long[] counts = byValue.values().stream().mapToLong(Long::longValue).toArray();
        return Optional.of(new Categories(values, counts));
    }

    /** @return the number of cells: one per category and one for values training never saw */
    int cells() {
        return values.length + 1;
    }

    /** @return the cell of a finite value: its category's index, or the last cell when training never saw it */
    int cell(double v) {
        if (v == 0) {
            v = 0.0; // -0 is the category 0 (binarySearch orders -0 below 0)
        }
        int i = Arrays.binarySearch(values, v);
        if (i < 0) {
            i = Arrays.binarySearch(floatValues, v);
        }
        return i >= 0 ? i : values.length;
    }

    /** @return the training values counted */
    long size() {
        return total;
    }

    /** The outcome of one window's test. */
    record Outcome(double distance, double pValue, double psi) {
    }

    /**
     * Tests a window against the training counts: Pearson's chi-square test of homogeneity of the two samples (the
     * training counts and the window's, a 2 x cells table, so that the training sample's own size counts as the
     * Kolmogorov-Smirnov test's two-sample correction does), with every cell whose expected count is below
     * {@link #MIN_EXPECTED} in either sample pooled into one (and that pool, when still below, into the smallest cell
     * kept). Also the total variation distance between the two samples' shares, and the PSI with
     * {@link Reference#PSI_PSEUDO_COUNT} added to every cell of both.
     *
     * @param window the window's count per cell, {@link #cells()} long
     * @param n the window's values, their sum
     * @return the outcome; empty when fewer than two cells remain after pooling (nothing to test)
     */
    Optional<Outcome> test(long[] window, long n) {
        int k = cells();
        double all = (double) total + n;
        long pooledTraining = 0;
        long pooledWindow = 0;
        double chi = 0;
        int kept = 0;
        int smallest = -1;
        long smallestSum = Long.MAX_VALUE;
        for (int j = 0; j < k; j++) {
            long a = j < counts.length ? counts[j] : 0;
            long b = window[j];
            long sum = a + b;
            if (sum == 0) {
                continue;
            }
            if (Math.min((double) sum * total / all, (double) sum * n / all) < MIN_EXPECTED) {
                pooledTraining += a;
                pooledWindow += b;
                continue;
            }
            kept++;
            if (sum < smallestSum) {
                smallestSum = sum;
                smallest = j;
            }
            chi += cellTerms(a, b, n, all);
        }
        long pooled = pooledTraining + pooledWindow;
        if (pooled > 0) {
            if (Math.min((double) pooled * total / all, (double) pooled * n / all) >= MIN_EXPECTED || smallest < 0) {
                kept++;
                chi += cellTerms(pooledTraining, pooledWindow, n, all);
            } else { // merge the pool into the smallest cell kept
                long a = smallest < counts.length ? counts[smallest] : 0;
                long b = window[smallest];
                chi -= cellTerms(a, b, n, all);
                chi += cellTerms(a + pooledTraining, b + pooledWindow, n, all);
            }
        }
        if (kept < 2) {
            return Optional.empty();
        }
        double distance = 0;
        double psi = 0;
        double pc = Reference.PSI_PSEUDO_COUNT;
        for (int j = 0; j < k; j++) {
            long a = j < counts.length ? counts[j] : 0;
            distance += Math.abs((double) window[j] / n - (double) a / total);
            double live = (window[j] + pc) / (n + pc * k);
            double expected = (a + pc) / (total + pc * k);
            psi += (live - expected) * Math.log(live / expected);
        }
        return Optional.of(new Outcome(Math.min(1, distance / 2), ChiSquare.pValue(chi, kept - 1), Math.max(0, psi)));
    }

    /** A cell's two terms of Pearson's statistic: training count {@code a}, window count {@code b}. */
    private double cellTerms(long a, long b, long n, double all) {
        double sum = (double) a + b;
        double ea = sum * total / all;
        double eb = sum * n / all;
        return (a - ea) * (a - ea) / ea + (b - eb) * (b - eb) / eb;
    }
}
