// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.FeatureStatistics;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The training distribution of one numeric feature, as the drift tests need it: the points where its cumulative
 * distribution is known (the distinct training percentiles, or the histogram edges when no percentiles were
 * recorded) with a band that holds the training CDF there, and the histogram bins with two overflow bins for PSI.
 *
 * <p>Immutable and thread-safe.
 */
final class Reference {
    /** The pseudo-count added to every PSI bin, training and live (Jeffreys / Krichevsky-Trofimov smoothing). */
    static final double PSI_PSEUDO_COUNT = 0.5;

    /** Distinct knot values, ascending. */
    final double[] knots;
    /** Bounds of the training CDF just below each knot, {@code P(X < knot)}. */
    final double[] belowLo;
    final double[] belowHi;
    /** Bounds of the training CDF at each knot, {@code P(X <= knot)}. */
    final double[] atLo;
    final double[] atHi;
    /** The training values present: the reference sample size of the two-sample correction. */
    final long size;
    /** The histogram edges, {@code k + 1}. */
    final double[] edges;
    /** Smoothed training proportions over {@code k + 2} bins: below the first edge, the k bins, above the last. */
    final double[] expected;
    /** Whether the knots are the 101 percentiles (true) or the histogram edges. */
    final boolean fromQuantiles;

    private Reference(double[] knots, double[] belowLo, double[] belowHi, double[] atLo, double[] atHi, long size,
            double[] edges, double[] expected, boolean fromQuantiles) {
        this.knots = knots;
        this.belowLo = belowLo;
        this.belowHi = belowHi;
        this.atLo = atLo;
        this.atHi = atHi;
        this.size = size;
        this.edges = edges;
        this.expected = expected;
        this.fromQuantiles = fromQuantiles;
    }

    static Reference of(FeatureStatistics.Numeric s) {
        List<Double> e = s.histogram().edges();
        List<Long> c = s.histogram().counts();
        int k = c.size();
        double[] edges = new double[k + 1];
        for (int i = 0; i <= k; i++) {
            edges[i] = e.get(i);
        }
        long total = 0;
        for (long x : c) {
            total += x;
        }
        double[] expected = new double[k + 2];
        double denominator = total + PSI_PSEUDO_COUNT * (k + 2);
        expected[0] = PSI_PSEUDO_COUNT / denominator;
        expected[k + 1] = PSI_PSEUDO_COUNT / denominator;
        for (int i = 0; i < k; i++) {
            expected[i + 1] = (c.get(i) + PSI_PSEUDO_COUNT) / denominator;
        }
        long present = s.count() - s.missing();
        long size = Math.max(1, present > 0 ? present : total);
        if (!s.quantiles().isEmpty()) {
            return fromQuantiles(s.quantiles(), size, edges, expected);
        }
        return fromHistogram(edges, c, Math.max(1, total), expected);
    }

    /**
     * Knots at the distinct percentiles. For a value {@code v} first reached at percentile {@code lo} and last at
     * {@code hi}, {@code P(X < v)} lies in {@code [(lo - 1)%, lo%]} and {@code P(X <= v)} in {@code [hi%, (hi + 1)%]}
     * ({@code 0} below the minimum, {@code 1} at the maximum); a continuous feature's knot thus compares the live CDF
     * with {@code p%} itself, and a tie (a point mass) with the widest range the percentiles allow.
     */
    private static Reference fromQuantiles(List<Double> q, long size, double[] edges, double[] expected) {
        List<double[]> rows = new ArrayList<>();
        int i = 0;
        while (i < q.size()) {
            int lo = i;
            double v = q.get(i);
            while (i + 1 < q.size() && q.get(i + 1) == v) {
                i++;
            }
            int hi = i;
            double bLo = lo == 0 ? 0 : (lo - 1) / 100.0;
            double bHi = lo == 0 ? 0 : lo / 100.0;
            double aLo = hi == 100 ? 1 : hi / 100.0;
            double aHi = hi == 100 ? 1 : (hi + 1) / 100.0;
            rows.add(new double[] {v, bLo, bHi, aLo, aHi});
            i++;
        }
        return build(rows, size, edges, expected, true);
    }

    /**
     * Knots at the histogram edges: bin {@code i} is {@code [e_i, e_(i+1))}, so {@code P(X < e_i)} is exactly the
     * share of training values in the bins before it; {@code P(X <= e_i)} is only known to lie up to the end of bin i.
     */
    private static Reference fromHistogram(double[] edges, List<Long> counts, long total, double[] expected) {
        int k = counts.size();
        double[] cum = new double[k + 1];
        for (int i = 0; i < k; i++) {
            cum[i + 1] = cum[i] + counts.get(i);
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            double below = cum[i] / total;
            rows.add(new double[] {edges[i], below, below, below, cum[i + 1] / total});
        }
        rows.add(new double[] {edges[k], cum[k - 1] / total, 1, 1, 1});
        return build(rows, total, edges, expected, false);
    }

    private static Reference build(List<double[]> rows, long size, double[] edges, double[] expected,
            boolean fromQuantiles) {
        int n = rows.size();
        double[][] cols = new double[5][n];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 5; c++) {
                cols[c][i] = rows.get(i)[c];
            }
        }
        return new Reference(cols[0], cols[1], cols[2], cols[3], cols[4], size, edges, expected, fromQuantiles);
    }

    /** The number of cells a live value can fall in for the KS test: below, at and between the knots, above. */
    int cells() {
        return 2 * knots.length + 1;
    }

    /** The KS cell of a value: {@code 2j + 1} at knot j, {@code 2j} just below it, {@code 2K} above the last. */
    int cell(double x) {
        int j = Arrays.binarySearch(knots, x);
        return j >= 0 ? 2 * j + 1 : 2 * (-j - 1);
    }

    /** The PSI bin of a value: 0 below the first edge, {@code i + 1} for bin i, {@code k + 1} above the last edge. */
    int bin(double x) {
        int k = edges.length - 1;
        if (x < edges[0]) {
            return 0;
        }
        if (x > edges[k]) {
            return k + 1;
        }
        if (x == edges[k]) {
            return k;
        }
        int j = Arrays.binarySearch(edges, x);
        return j >= 0 ? j + 1 : -j - 1;
    }

    /**
     * The KS distance between a window and the training CDF: the largest distance, over the knots, from the window's
     * share of values below (and at or below) the knot to the band the training CDF lies in there.
     *
     * @param cells the window's counts per {@link #cell}
     * @param n the window's values
     */
    double ksDistance(long[] cells, long n) {
        double d = 0;
        long cum = 0;
        for (int j = 0; j < knots.length; j++) {
            cum += cells[2 * j];
            double below = (double) cum / n;
            d = Math.max(d, outside(below, belowLo[j], belowHi[j]));
            cum += cells[2 * j + 1];
            double at = (double) cum / n;
            d = Math.max(d, outside(at, atLo[j], atHi[j]));
        }
        return d;
    }

    private static double outside(double x, double lo, double hi) {
        return x < lo ? lo - x : x > hi ? x - hi : 0;
    }

    /**
     * The population stability index of a window over the training bins, both sides smoothed by
     * {@link #PSI_PSEUDO_COUNT} per bin.
     *
     * @param bins the window's counts per {@link #bin}
     * @param n the window's values
     */
    double psi(long[] bins, long n) {
        double denominator = n + PSI_PSEUDO_COUNT * bins.length;
        double psi = 0;
        for (int i = 0; i < bins.length; i++) {
            double a = (bins[i] + PSI_PSEUDO_COUNT) / denominator;
            double e = expected[i];
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }
}
