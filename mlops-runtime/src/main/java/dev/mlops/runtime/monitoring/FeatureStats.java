// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import dev.mlops.api.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The streaming statistics of one feature (one position along a tensor's last axis): exact count, missing, min, max,
 * mean and variance (Welford), a KLL sketch, the live histogram on the training bins, and the current drift window's
 * counts. Guarded by its own monitor lock: every method is {@code synchronized}.
 */
final class FeatureStats {
    /** The fewest values present in a window for the feature to be tested. */
    static final int MIN_TESTED = 20;

    private static final double[] PERCENTILES = percentiles();

    final String tensor;
    final String feature;
    final Optional<FeatureStatistics> training;
    final @Nullable Reference reference;
    /** The training categories of a categorical feature that can be tested; then {@link #reference} is null. */
    final @Nullable Categories categories;
    private final KllSketch sketch;

    private long count;
    private long missing;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private final long @Nullable [] bins;
    private final long @Nullable [] windowCells;
    private final long @Nullable [] windowBins;
    private final long @Nullable [] windowCategories;
    private long windowValues;
    private @Nullable DriftVerdict last;
    private long tested;
    private long drifted;

    FeatureStats(String tensor, String feature, Optional<FeatureStatistics> training, long seed) {
        this.tensor = tensor;
        this.feature = feature;
        this.training = training;
        this.reference = training.filter(FeatureStatistics.Numeric.class::isInstance)
                .map(s -> Reference.of((FeatureStatistics.Numeric) s)).orElse(null);
        this.sketch = new KllSketch(KllSketch.DEFAULT_K, seed);
        Reference r = reference;
        this.bins = r == null ? null : new long[r.edges.length + 1];
        this.windowCells = r == null ? null : new long[r.cells()];
        this.windowBins = r == null ? null : new long[r.edges.length + 1];
        Categories c = training.filter(FeatureStatistics.Categorical.class::isInstance)
                .flatMap(s -> Categories.of((FeatureStatistics.Categorical) s)).orElse(null);
        this.categories = c;
        this.windowCategories = c == null ? null : new long[c.cells()];
    }

    boolean testable() {
        return reference != null || categories != null;
    }

    /**
     * Adds the feature's values of one request: elements {@code first, first + step, ...} of the tensor.
     *
     * @param warns the warn checks that cover this feature, may be empty
     * @param hits per warn check, the values outside; indexed by {@link WarnCheck#index}
     */
    synchronized void add(Tensor t, int first, int step, WarnCheck[] warns, long[] hits) {
        int n = t.size();
        Reference r = reference;
        long[] b = bins;
        long[] wc = windowCells;
        long[] wb = windowBins;
        Categories c = categories;
        long[] wk = windowCategories;
        for (int i = first; i < n; i += step) {
            double v = t.getDouble(i);
            for (WarnCheck w : warns) {
                if (!w.constraint.admits(v)) {
                    hits[w.index]++;
                }
            }
            count++;
            if (!Double.isFinite(v)) {
                missing++;
                continue;
            }
            long present = count - missing;
            double delta = v - mean;
            mean += delta / present;
            m2 += delta * (v - mean);
            if (v < min) {
                min = v;
            }
            if (v > max) {
                max = v;
            }
            sketch.update(v);
            if (r != null && b != null && wc != null && wb != null) {
                int bin = r.bin(v);
                b[bin]++;
                wb[bin]++;
                wc[r.cell(v)]++;
                windowValues++;
            } else if (c != null && wk != null) {
                wk[c.cell(v)]++;
                windowValues++;
            }
        }
    }

    /** Tests the current window and starts a new one; empty when the feature is not testable or had too few values. */
    synchronized Optional<DriftVerdict> closeWindow(long window, double threshold) {
        if (categories != null) {
            return closeCategoricalWindow(window, threshold);
        }
        Reference r = reference;
        long[] wc = windowCells;
        long[] wb = windowBins;
        if (r == null || wc == null || wb == null) {
            return Optional.empty();
        }
        long n = windowValues;
        Optional<DriftVerdict> verdict = Optional.empty();
        if (n >= MIN_TESTED) {
            double d = Math.min(1, r.ksDistance(wc, n));
            double p = Kolmogorov.pValue(d, n, r.size);
            verdict = Optional.of(record(new DriftVerdict(tensor, feature, window, n, DriftTest.KOLMOGOROV_SMIRNOV, d,
                    p, threshold, p < threshold, r.psi(wb, n))));
        }
        Arrays.fill(wc, 0);
        Arrays.fill(wb, 0);
        windowValues = 0;
        return verdict;
    }

    private Optional<DriftVerdict> closeCategoricalWindow(long window, double threshold) {
        Categories c = Objects.requireNonNull(categories);
        long[] wk = Objects.requireNonNull(windowCategories);
        long n = windowValues;
        Optional<DriftVerdict> verdict = Optional.empty();
        if (n >= MIN_TESTED) {
            verdict = c.test(wk, n).map(o -> record(new DriftVerdict(tensor, feature, window, n, DriftTest.CHI_SQUARE,
                    o.distance(), o.pValue(), threshold, o.pValue() < threshold, o.psi())));
        }
        Arrays.fill(wk, 0);
        windowValues = 0;
        return verdict;
    }

    private DriftVerdict record(DriftVerdict v) {
        last = v;
        tested++;
        if (v.drifted()) {
            drifted++;
        }
        return v;
    }

    synchronized FeatureSnapshot snapshot() {
        long present = count - missing;
        Optional<FeatureStatistics.Numeric> live = Optional.empty();
        long below = 0;
        long above = 0;
        if (present > 0) {
            double lo = min;
            double hi = max;
            double m = Math.min(hi, Math.max(lo, mean));
            double std = Math.sqrt(Math.max(0, m2 / present));
            double[] q = sketch.quantiles(PERCENTILES);
            List<Double> quantiles = new ArrayList<>(q.length);
            for (double x : q) {
                quantiles.add(x);
            }
            Histogram h;
            Reference r = reference;
            long[] b = bins;
            if (r != null && b != null) {
                below = b[0];
                above = b[b.length - 1];
                List<Double> edges = new ArrayList<>();
                for (double e : r.edges) {
                    edges.add(e);
                }
                List<Long> counts = new ArrayList<>();
                for (int i = 1; i < b.length - 1; i++) {
                    counts.add(b[i]);
                }
                h = new Histogram(edges, counts);
            } else {
                h = estimated(lo, hi, present);
            }
            live = Optional.of(new FeatureStatistics.Numeric(count, missing, lo, hi, m, std, h, quantiles));
        }
        return new FeatureSnapshot(tensor, feature, count, missing, live, below, above, training,
                Optional.ofNullable(last), tested, drifted);
    }

    /** Ten equal-width bins between min and max, counts from the sketch's ranks. */
    private Histogram estimated(double lo, double hi, long present) {
        int k = 10;
        double[] e;
        if (lo < hi) {
            e = new double[k + 1];
            for (int i = 0; i <= k; i++) {
                e[i] = i == k ? hi : lo + (hi - lo) * i / k;
            }
            for (int i = 1; i < e.length; i++) {
                if (!(e[i] > e[i - 1])) {
                    e = new double[] {lo, hi};
                    break;
                }
            }
        } else {
            double half = Math.max(0.5, Math.abs(lo) * 1e-6);
            e = new double[] {lo - half, lo + half};
        }
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        long previous = 0;
        for (int i = 0; i < e.length; i++) {
            edges.add(e[i]);
            if (i > 0) {
                long upTo = i == e.length - 1 ? present
                        : Math.min(present, Math.round(sketch.rank(Math.nextDown(e[i])) * present));
                upTo = Math.max(previous, upTo);
                counts.add(upTo - previous);
                previous = upTo;
            }
        }
        return new Histogram(edges, counts);
    }

    private static double[] percentiles() {
        double[] p = new double[FeatureStatistics.QUANTILES];
        for (int i = 0; i < p.length; i++) {
            p[i] = i / 100.0;
        }
        return p;
    }

    /** One warn constraint applied to the values of a feature. */
    static final class WarnCheck {
        final dev.mlops.api.spec.Constraint constraint;
        final int index;

        WarnCheck(dev.mlops.api.spec.Constraint constraint, int index) {
            this.constraint = constraint;
            this.index = index;
        }
    }
}
