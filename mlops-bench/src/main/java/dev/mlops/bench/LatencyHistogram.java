// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

/**
 * Request latencies counted in buckets of one microsecond up to {@value #MAX_MICROS} us, and one bucket beyond: a
 * fixed 160 KB per histogram whatever the number of requests, and a percentile exact to the microsecond below the
 * limit. For latencies JMH cannot sample itself: those of requests in flight ({@link BatchingBenchmark#inflight64}),
 * where one benchmark call takes one request's answer and sends another.
 *
 * <p>Not thread-safe: one per thread, merged under the caller's lock.
 */
final class LatencyHistogram {
    /** The largest latency counted in its own bucket, in microseconds. */
    static final int MAX_MICROS = 20_000;

    private final long[] counts = new long[MAX_MICROS + 2];
    private long total;

    /**
     * Counts one latency.
     *
     * @param nanos the latency; negative counts as 0
     */
    void record(long nanos) {
        long micros = Math.max(0, nanos) / 1000;
        counts[(int) Math.min(micros, MAX_MICROS + 1)]++;
        total++;
    }

    /** Adds another histogram's counts to this one. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** @return the latencies counted */
    long count() {
        return total;
    }

    /**
     * Returns a percentile.
     *
     * @param percent between 0 and 100
     * @return the smallest bucket (us) at or below which {@code percent} of the latencies lie; {@code MAX_MICROS + 1}
     *     when it lies beyond the last bucket; {@code NaN} when nothing was counted
     */
    double percentile(double percent) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(percent / 100 * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= Math.max(1, rank)) {
                return i;
            }
        }
        return counts.length - 1;
    }
}
