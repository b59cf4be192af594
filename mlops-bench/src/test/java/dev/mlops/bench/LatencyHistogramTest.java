// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The latency buckets the in-flight benchmark reports its percentiles from. */
class LatencyHistogramTest {

    @Test
    void percentiles_areExactToTheMicrosecond_andMergeAcrossThreads() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        for (int us = 1; us <= 100; us++) { // 1 .. 100 us, half in each
            (us % 2 == 0 ? a : b).record(us * 1000L + 999); // the fraction of a microsecond is dropped
        }
        a.add(b);
        assertThat(a.count()).isEqualTo(100);
        assertThat(a.percentile(50)).isEqualTo(50);
        assertThat(a.percentile(99)).isEqualTo(99);
        assertThat(a.percentile(100)).isEqualTo(100);
        assertThat(a.percentile(0)).isEqualTo(1);
    }

    @Test
    void latenciesBeyondTheLastBucket_countAbove_andNothingCountedIsNaN() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentile(50)).isNaN();
        h.record(-5);
        h.record(3_600_000_000_000L); // an hour
        assertThat(h.percentile(50)).isZero();
        assertThat(h.percentile(99)).isEqualTo(LatencyHistogram.MAX_MICROS + 1);
        assertThat(h.count()).isEqualTo(2);
    }
}
