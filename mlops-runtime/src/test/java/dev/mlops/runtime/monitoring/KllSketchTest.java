// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KllSketchTest {
    private static final double[] RANKS = ranks();

    private static double[] ranks() {
        double[] r = new double[99];
        for (int i = 0; i < r.length; i++) {
            r[i] = (i + 1) / 100.0;
        }
        return r;
    }

    /** The largest |exact rank of the sketch's quantile - the rank asked for| over the 1st to 99th percentiles. */
    private static double worstRankError(KllSketch sketch, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] q = sketch.quantiles(RANKS);
        double worst = 0;
        for (int i = 0; i < RANKS.length; i++) {
            int below = lowerBound(sorted, q[i]);
            int atOrBelow = upperBound(sorted, q[i]);
            // the estimate is right if the asked rank lies anywhere in the rank range of the value returned
            double lo = (double) below / sorted.length;
            double hi = (double) atOrBelow / sorted.length;
            double err = RANKS[i] < lo ? lo - RANKS[i] : RANKS[i] > hi ? RANKS[i] - hi : 0;
            worst = Math.max(worst, err);
        }
        return worst;
    }

    private static int lowerBound(double[] s, double x) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] s, double x) {
        int lo = 0;
        int hi = s.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (s[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Test
    void quantiles_areWithinOnePercentInRank_ofTheExactQuantiles_onSeededData() {
        SplittableRandom r = new SplittableRandom(11);
        double[] values = new double[500_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = MonitorBundles.Dist.gaussian(r) * Math.exp(r.nextDouble());
        }
        KllSketch sketch = new KllSketch(KllSketch.DEFAULT_K, 3);
        for (double v : values) {
            sketch.update(v);
        }

        double err = worstRankError(sketch, values);
        System.out.printf("KLL k=400, 500000 seeded values: worst rank error %.4f, %d items retained%n", err,
                sketch.retained());
        assertThat(err).isLessThan(0.01);
        assertThat(sketch.count()).isEqualTo(values.length);
        assertThat(sketch.retained()).as("memory is bounded").isLessThan(1500);
        assertThat(sketch.quantiles(new double[] {0, 1}))
                .containsExactly(Arrays.stream(values).min().orElseThrow(), Arrays.stream(values).max().orElseThrow());
    }

    @Test
    void quantiles_stayAccurate_onSortedInput() {
        double[] values = new double[200_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i;
        }
        KllSketch sketch = new KllSketch(KllSketch.DEFAULT_K, 5);
        for (double v : values) {
            sketch.update(v);
        }
        assertThat(worstRankError(sketch, values)).isLessThan(0.01);
        assertThat(sketch.rank(100_000)).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void merge_ofTwoSketches_isAsAccurateAsOneSketchOfAllValues() {
        SplittableRandom r = new SplittableRandom(12);
        double[] values = new double[300_000];
        KllSketch a = new KllSketch(KllSketch.DEFAULT_K, 1);
        KllSketch b = new KllSketch(KllSketch.DEFAULT_K, 2);
        for (int i = 0; i < values.length; i++) {
            // two different halves: the merge must place them correctly relative to each other
            values[i] = i % 2 == 0 ? r.nextDouble() : 0.5 + r.nextDouble();
            (i % 2 == 0 ? a : b).update(values[i]);
        }
        a.merge(b);

        assertThat(a.count()).isEqualTo(values.length);
        assertThat(worstRankError(a, values)).isLessThan(0.01);
        assertThat(a.retained()).isLessThan(1500);
    }

    @Test
    void emptySketch_hasNoQuantiles_andIgnoresNaN() {
        KllSketch sketch = new KllSketch(KllSketch.DEFAULT_K, 1);
        sketch.update(Double.NaN);
        assertThat(sketch.count()).isZero();
        assertThat(sketch.quantiles(new double[] {0.5})).isEmpty();
        sketch.update(4);
        assertThat(sketch.quantiles(new double[] {0, 0.5, 1})).containsExactly(4, 4, 4);
    }
}
