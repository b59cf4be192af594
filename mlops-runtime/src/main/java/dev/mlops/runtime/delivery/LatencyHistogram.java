// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latencies in bounded memory: counts in logarithmic buckets 10% wide from 1 microsecond to about 40 minutes (one
 * more bucket below and above), so a quantile is known within about 5% whatever the number of calls. Thread-safe,
 * lock-free.
 */
final class LatencyHistogram {
    private static final double GROWTH = 1.1;
    private static final double LOG_GROWTH = Math.log(GROWTH);
    private static final double MIN_NANOS = 1_000;
    private static final int BUCKETS = 225;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 2);

    void record(long nanos) {
        counts.incrementAndGet(bucket(nanos));
    }

    private static int bucket(long nanos) {
        if (nanos < MIN_NANOS) {
            return 0;
        }
        int b = 1 + (int) (Math.log(nanos / MIN_NANOS) / LOG_GROWTH);
        return Math.min(b, BUCKETS + 1);
    }

    /** @return the number of latencies recorded */
    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /**
     * @param q the quantile, {@code 0..1}
     * @return the latency in milliseconds at {@code q} (the geometric middle of its bucket), empty when none
     */
    OptionalDouble quantileMillis(double q) {
        long[] c = new long[counts.length()];
        long n = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = counts.get(i);
            n += c[i];
        }
        if (n == 0) {
            return OptionalDouble.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        int i = 0;
        for (; i < c.length - 1; i++) {
            seen += c[i];
            if (seen >= rank) {
                break;
            }
        }
        double low = i == 0 ? 0 : MIN_NANOS * Math.pow(GROWTH, i - 1);
        double high = MIN_NANOS * Math.pow(GROWTH, i);
        double mid = i == 0 ? MIN_NANOS / 2 : Math.sqrt(low * high);
        return OptionalDouble.of(mid / 1e6);
    }
}
