// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Call latencies in log-scale buckets: bucket {@code i} counts the calls that took more than bucket {@code i - 1}'s
 * upper bound and at most its own; the bounds grow by {@code 2^(1/4)} (19%) from 1 microsecond to about 71 minutes,
 * and one last bucket counts anything longer. Bounded (a fixed {@value #BUCKETS} buckets), mergeable with another
 * histogram of the same bounds, and good for quantiles within a bucket's width.
 *
 * <p>Immutable and thread-safe.
 *
 * @param upperBoundsNanos each bucket's inclusive upper bound, in nanoseconds, ascending; the overflow bucket has none
 * @param counts the calls per bucket, one more than the bounds (the last counts calls above the last bound)
 * @param sumNanos the total time of the calls counted, in nanoseconds
 * @since 0.2.0
 */
public record LatencyHistogram(List<Long> upperBoundsNanos, List<Long> counts, long sumNanos) {
    /** The number of buckets the monitor uses, the overflow bucket included. */
    public static final int BUCKETS = 130;

    /** The monitor's bucket bounds, in nanoseconds. */
    static final long[] BOUNDS = bounds();

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the bounds do not ascend, the counts are not one more than the bounds, or
     *     a count or the sum is negative
     */
    public LatencyHistogram {
        upperBoundsNanos = List.copyOf(Objects.requireNonNull(upperBoundsNanos, "upperBoundsNanos"));
        counts = List.copyOf(Objects.requireNonNull(counts, "counts"));
        if (counts.size() != upperBoundsNanos.size() + 1) {
            throw new IllegalArgumentException("counts: " + counts.size() + " buckets for " + upperBoundsNanos.size()
                    + " bounds (expected one more: the overflow bucket)");
        }
        for (int i = 1; i < upperBoundsNanos.size(); i++) {
            if (upperBoundsNanos.get(i) <= upperBoundsNanos.get(i - 1)) {
                throw new IllegalArgumentException("upperBoundsNanos[" + i + "]: " + upperBoundsNanos.get(i)
                        + " is not above the bound before it");
            }
        }
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) < 0) {
                throw new IllegalArgumentException("counts[" + i + "]: " + counts.get(i) + " is negative");
            }
        }
        if (sumNanos < 0) {
            throw new IllegalArgumentException("sumNanos: " + sumNanos + " is negative");
        }
    }

    /** @return the number of calls counted */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** @return the mean latency in nanoseconds, or 0 when no call was counted */
    public double meanNanos() {
        long n = count();
        return n == 0 ? 0 : (double) sumNanos / n;
    }

    /**
     * Estimates a latency quantile: the bucket holding the rank, interpolated geometrically within it (the first
     * bucket linearly from 0; the overflow bucket gives its lower bound).
     *
     * @param q the quantile, in {@code [0, 1]}, for example {@code 0.99}
     * @return the latency in nanoseconds, or 0 when no call was counted
     * @throws IllegalArgumentException when {@code q} is outside {@code [0, 1]}
     */
    public double quantileNanos(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("q: " + q + " is outside [0, 1]");
        }
        long n = count();
        if (n == 0) {
            return 0;
        }
        double target = Math.max(1, Math.ceil(q * n));
        long cum = 0;
        for (int i = 0; i < counts.size(); i++) {
            long c = counts.get(i);
            if (c == 0 || cum + c < target) {
                cum += c;
                continue;
            }
            if (i == upperBoundsNanos.size()) {
                return upperBoundsNanos.get(i - 1);
            }
            double hi = upperBoundsNanos.get(i);
            double fraction = (target - cum) / c;
            if (i == 0) {
                return hi * fraction;
            }
            double lo = upperBoundsNanos.get(i - 1);
            return lo * Math.pow(hi / lo, fraction);
        }
        return upperBoundsNanos.get(upperBoundsNanos.size() - 1);
    }

    /**
     * Adds another histogram's counts to this one's.
     *
     * @param other a histogram with the same bounds
     * @return the merged histogram
     * @throws IllegalArgumentException when the bounds differ
     */
    public LatencyHistogram merge(LatencyHistogram other) {
        Objects.requireNonNull(other, "other");
        if (!upperBoundsNanos.equals(other.upperBoundsNanos)) {
            throw new IllegalArgumentException("other: its " + other.upperBoundsNanos.size() + " bucket bounds differ "
                    + "from these " + upperBoundsNanos.size() + "; only histograms of the same bounds merge");
        }
        List<Long> sum = new ArrayList<>(counts.size());
        for (int i = 0; i < counts.size(); i++) {
            sum.add(counts.get(i) + other.counts.get(i));
        }
        return new LatencyHistogram(upperBoundsNanos, sum, sumNanos + other.sumNanos);
    }

    private static long[] bounds() {
        long[] b = new long[BUCKETS - 1];
        for (int i = 0; i < b.length; i++) {
            b[i] = Math.round(1000 * Math.pow(2, i / 4.0));
        }
        return b;
    }
}
