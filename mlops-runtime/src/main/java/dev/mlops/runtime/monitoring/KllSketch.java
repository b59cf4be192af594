// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A KLL quantile sketch (Karnin, Lang and Liberty, "Optimal Quantile Approximation in Streams", FOCS 2016): a stack of
 * compactors, level {@code h} holding items of weight {@code 2^h}. When a level is full it is sorted and every other
 * item (odd or even positions, by a fair coin) moves up a level with twice the weight; the capacity of level {@code h}
 * is {@code max(8, k * (2/3)^(top - h))}, so memory is at most about {@code 3k} doubles whatever the stream length
 * (k = 400: about 720 items held after 500,000 values) and the normalized rank error about {@code 2.5 / k} (k = 400:
 * under 1% over the 1st to 99th percentiles, pinned on seeded data by {@code KllSketchTest}; k = 200 gave up to 1.9%). Mergeable:
 * {@link #merge} appends level to level and compacts.
 *
 * <p>The project writes its own sketch rather than use Apache DataSketches: datasketches-java 7 needs
 * {@code --add-modules jdk.incubator.foreign} on Java 17, and 6.x has no module name, which a modular runtime cannot
 * require.
 *
 * <p>Not thread-safe: the caller holds a lock (each monitored feature has its own).
 */
final class KllSketch {
    /** The accuracy parameter used by the monitor. */
    static final int DEFAULT_K = 400;

    private static final double C = 2.0 / 3.0;
    /** The least capacity of a level (DataSketches' {@code m}): lower levels compact every 8 items, not every 2. */
    private static final int MIN_CAPACITY = 8;

    private final int k;
    private final SplittableRandom random;
    private double[][] levels = new double[1][];
    private int[] sizes = new int[1];
    private int[] caps = new int[0];
    private long n;
    private double min = Double.NaN;
    private double max = Double.NaN;

    KllSketch(int k, long seed) {
        if (k < 8) {
            throw new IllegalArgumentException("k: " + k + " is below 8");
        }
        this.k = k;
        this.random = new SplittableRandom(seed);
        this.caps = capacities(1);
        levels[0] = new double[caps[0]];
    }

    /** Adds a value; NaN is the caller's business (it is ignored here). */
    void update(double v) {
        if (Double.isNaN(v)) {
            return;
        }
        if (n == 0) {
            min = v;
            max = v;
        } else {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        n++;
        append(0, v);
        if (sizes[0] >= capacity(0)) {
            compact();
        }
    }

    /** Adds every item of another sketch; the other is not changed. */
    void merge(KllSketch other) {
        if (other.n == 0) {
            return;
        }
        while (levels.length < other.levels.length) {
            addLevel();
        }
        for (int h = 0; h < other.levels.length; h++) {
            for (int i = 0; i < other.sizes[h]; i++) {
                append(h, other.levels[h][i]);
            }
        }
        min = n == 0 ? other.min : Math.min(min, other.min);
        max = n == 0 ? other.max : Math.max(max, other.max);
        n += other.n;
        compact();
    }

    long count() {
        return n;
    }

    /** The number of items held, for memory checks. */
    int retained() {
        int r = 0;
        for (int s : sizes) {
            r += s;
        }
        return r;
    }

    /**
     * Estimates quantiles.
     *
     * @param ranks normalized ranks in {@code [0, 1]}, ascending
     * @return one value per rank: the least retained item whose weighted rank reaches it (the exact minimum at 0 and
     *     the exact maximum at 1); empty when nothing was added
     */
    double[] quantiles(double[] ranks) {
        if (n == 0) {
            return new double[0];
        }
        int r = retained();
        double[] values = new double[r];
        long[] weights = new long[r];
        sortedItems(values, weights);
        double[] out = new double[ranks.length];
        long cum = 0;
        int j = 0;
        for (int i = 0; i < ranks.length; i++) {
            double q = ranks[i];
            if (q <= 0) {
                out[i] = min;
                continue;
            }
            if (q >= 1) {
                out[i] = max;
                continue;
            }
            double target = q * n;
            while (j < r && cum + weights[j] < target) {
                cum += weights[j];
                j++;
            }
            out[i] = Math.max(min, Math.min(max, values[Math.min(j, r - 1)]));
            if (i > 0) {
                out[i] = Math.max(out[i], out[i - 1]);
            }
        }
        return out;
    }

    /** The estimated share of added values at or below {@code x}. */
    double rank(double x) {
        if (n == 0) {
            return Double.NaN;
        }
        long w = 0;
        for (int h = 0; h < levels.length; h++) {
            for (int i = 0; i < sizes[h]; i++) {
                if (levels[h][i] <= x) {
                    w += 1L << h;
                }
            }
        }
        return (double) w / n;
    }

    double min() {
        return min;
    }

    double max() {
        return max;
    }

    private void sortedItems(double[] values, long[] weights) {
        int r = 0;
        for (int h = 0; h < levels.length; h++) {
            for (int i = 0; i < sizes[h]; i++) {
                values[r] = levels[h][i];
                weights[r] = 1L << h;
                r++;
            }
        }
        // sort the pairs by value: index sort keeps it simple; r is about 3k
        Integer[] order = new Integer[r];
        for (int i = 0; i < r; i++) {
            order[i] = i;
        }
        double[] v = values.clone();
        long[] w = weights.clone();
        Arrays.sort(order, (a, b) -> Double.compare(v[a], v[b]));
        for (int i = 0; i < r; i++) {
            values[i] = v[order[i]];
            weights[i] = w[order[i]];
        }
    }

    private int capacity(int h) {
        return caps[h];
    }

    private int[] capacities(int height) {
        int[] c = new int[height];
        for (int h = 0; h < height; h++) {
            c[h] = Math.max(MIN_CAPACITY, (int) Math.ceil(k * Math.pow(C, height - 1 - h)));
        }
        return c;
    }

    private void append(int h, double v) {
        if (sizes[h] == levels[h].length) {
            levels[h] = Arrays.copyOf(levels[h], Math.max(4, levels[h].length * 2));
        }
        levels[h][sizes[h]++] = v;
    }

    private void addLevel() {
        levels = Arrays.copyOf(levels, levels.length + 1);
        sizes = Arrays.copyOf(sizes, sizes.length + 1);
        levels[levels.length - 1] = new double[8];
        caps = capacities(levels.length);
    }

    /** Compacts every level at or over its capacity, bottom up, adding a level on top when the top fills. */
    private void compact() {
        for (int h = 0; h < levels.length; h++) {
            if (sizes[h] < capacity(h)) {
                continue;
            }
            if (h == levels.length - 1) {
                addLevel();
            }
            double[] level = levels[h];
            int size = sizes[h];
            Arrays.sort(level, 0, size);
            int pairs = size / 2;
            int offset = random.nextBoolean() ? 1 : 0;
            for (int i = 0; i < pairs; i++) {
                append(h + 1, level[2 * i + offset]);
            }
            if ((size & 1) == 1) {
                level[0] = level[size - 1];
                sizes[h] = 1;
            } else {
                sizes[h] = 0;
            }
        }
    }
}
