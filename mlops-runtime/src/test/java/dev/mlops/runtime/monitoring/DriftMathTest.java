// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftMathTest {
    @Test
    void kolmogorovSurvival_matchesTheTabulatedCriticalValues() {
        // the classic table: Q(1.224) = 0.10, Q(1.358) = 0.05, Q(1.628) = 0.01
        assertThat(Kolmogorov.survival(1.2239)).isCloseTo(0.10, offset(5e-4));
        assertThat(Kolmogorov.survival(1.3581)).isCloseTo(0.05, offset(5e-4));
        assertThat(Kolmogorov.survival(1.6276)).isCloseTo(0.01, offset(2e-4));
        // both series agree where they meet
        assertThat(Kolmogorov.survival(1.1799)).isCloseTo(Kolmogorov.survival(1.1801), offset(1e-3));
        assertThat(Kolmogorov.survival(0.1)).isEqualTo(1.0);
        assertThat(Kolmogorov.survival(0)).isEqualTo(1.0);
    }

    @Test
    void pValue_usesTheTwoSampleEffectiveSize_andStephensCorrection() {
        double d = 0.05;
        double oneSample = Kolmogorov.pValue(d, 1000, Long.MAX_VALUE);
        double s = Math.sqrt(1000);
        assertThat(oneSample).isEqualTo(Kolmogorov.survival((s + 0.12 + 0.11 / s) * d));
        // a reference of the same size halves the effective size: a larger p-value for the same distance
        double twoSample = Kolmogorov.pValue(d, 1000, 1000);
        double se = Math.sqrt(500);
        assertThat(twoSample).isEqualTo(Kolmogorov.survival((se + 0.12 + 0.11 / se) * d)).isGreaterThan(oneSample);
    }

    private static FeatureStatistics.Numeric uniform01(boolean quantiles) {
        List<Double> edges = new ArrayList<>();
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            edges.add(i / 10.0);
            if (i < 10) {
                counts.add(1000L);
            }
        }
        List<Double> q = new ArrayList<>();
        if (quantiles) {
            for (int p = 0; p <= 100; p++) {
                q.add(p / 100.0);
            }
        }
        return new FeatureStatistics.Numeric(10_000, 0, 0, 1, 0.5, Math.sqrt(1 / 12.0), new Histogram(edges, counts),
                q);
    }

    @Test
    void ksDistance_isTheLargestGapToTheTrainingCdf_atTheKnots() {
        Reference ref = Reference.of(uniform01(true));
        long[] cells = new long[ref.cells()];
        // 100 values, all in [0, 0.5): the live CDF reaches 1 at 0.5 where the training CDF is 0.5
        for (int i = 0; i < 100; i++) {
            cells[ref.cell(i / 200.0 + 0.001)]++;
        }
        assertThat(ref.ksDistance(cells, 100)).isCloseTo(0.5, offset(0.011));
        assertThat(ref.fromQuantiles).isTrue();
    }

    @Test
    void ksDistance_isZero_forAWindowSpreadAsTheTrainingData() {
        Reference ref = Reference.of(uniform01(false));
        long[] cells = new long[ref.cells()];
        for (int i = 0; i < 1000; i++) {
            cells[ref.cell((i + 0.5) / 1000.0)]++;
        }
        assertThat(ref.fromQuantiles).isFalse();
        assertThat(ref.ksDistance(cells, 1000)).isCloseTo(0, offset(1e-9));
    }

    @Test
    void tiedPercentiles_areComparedWithTheRangeThePercentilesAllow() {
        // a point mass: 30% of the training values are 0, the rest spread over (0, 1]
        List<Double> q = new ArrayList<>();
        for (int p = 0; p <= 100; p++) {
            q.add(p <= 30 ? 0.0 : (p - 30) / 70.0);
        }
        FeatureStatistics.Numeric s = new FeatureStatistics.Numeric(1000, 0, 0, 1, 0.35, 0.3,
                new Histogram(List.of(0.0, 1.0), List.of(1000L)), q);
        Reference ref = Reference.of(s);
        long[] cells = new long[ref.cells()];
        cells[ref.cell(0)] += 305; // 30.5% zeros: inside [30%, 31%], no gap
        for (int i = 0; i < 695; i++) {
            cells[ref.cell((i + 0.5) / 695.0)]++;
        }
        assertThat(ref.ksDistance(cells, 1000)).isLessThan(0.011);
    }

    @Test
    void psi_smoothsEmptyBins_andGrowsWithTheShift() {
        Reference ref = Reference.of(uniform01(true));
        long[] same = new long[ref.edges.length + 1];
        long[] shifted = new long[ref.edges.length + 1];
        for (int i = 0; i < 1000; i++) {
            double x = (i + 0.5) / 1000.0;
            same[ref.bin(x)]++;
            shifted[ref.bin(x + 0.3)]++;
        }
        assertThat(same[0]).isZero();
        assertThat(same[same.length - 1]).isZero();
        // the smoothing's floor: 0.5 / 1006 live against 0.5 / 10006 training in each empty overflow bin, 0.001 each
        assertThat(ref.psi(same, 1000)).isLessThan(0.0025);
        // 30% of the values above the training maximum, in a bin the training data left empty: finite, and large
        double psi = ref.psi(shifted, 1000);
        assertThat(psi).isGreaterThan(1).isFinite();
        assertThat(ref.expected[0]).isEqualTo(Reference.PSI_PSEUDO_COUNT / (10_000 + Reference.PSI_PSEUDO_COUNT * 12));
    }

    @Test
    void bins_followTheHistogramConvention_lastBinIncludesItsUpperEdge() {
        Reference ref = Reference.of(uniform01(true));
        assertThat(ref.bin(-0.1)).isZero();
        assertThat(ref.bin(0)).isEqualTo(1);
        assertThat(ref.bin(0.1)).isEqualTo(2);
        assertThat(ref.bin(0.0999)).isEqualTo(1);
        assertThat(ref.bin(1.0)).isEqualTo(10);
        assertThat(ref.bin(1.0001)).isEqualTo(11);
    }

    @Test
    void chiSquarePValue_matchesTheTabulatedCriticalValues() {
        assertThat(ChiSquare.pValue(3.841459, 1)).isCloseTo(0.05, offset(1e-6));
        assertThat(ChiSquare.pValue(6.634897, 1)).isCloseTo(0.01, offset(1e-6));
        assertThat(ChiSquare.pValue(5.991465, 2)).isCloseTo(0.05, offset(1e-6));
        assertThat(ChiSquare.pValue(4, 2)).isCloseTo(Math.exp(-2), offset(1e-12)); // dof 2: exactly exp(-x / 2)
        assertThat(ChiSquare.pValue(18.307038, 10)).isCloseTo(0.05, offset(1e-6));
        assertThat(ChiSquare.pValue(124.342113, 100)).isCloseTo(0.05, offset(1e-6));
        assertThat(ChiSquare.pValue(0, 3)).isEqualTo(1);
        assertThat(ChiSquare.pValue(1e4, 3)).isZero();
        assertThat(ChiSquare.logGamma(5)).isCloseTo(Math.log(24), offset(1e-12));
    }

    @Test
    void categories_matchNumericCodes_asDoublesOrFloats_andCountUnseenValuesInTheLastCell() {
        Categories c = Categories.of(new FeatureStatistics.Categorical(1000, 0,
                Map.of("0", 500L, "1.0", 300L, "0.1", 150L, "-0", 50L))).orElseThrow();

        assertThat(c.cells()).as("0 (and -0 merged), 0.1, 1, unseen").isEqualTo(4);
        assertThat(c.size()).isEqualTo(1000);
        assertThat(c.cell(0)).isEqualTo(c.cell(-0.0)).isZero();
        assertThat(c.cell(0.1)).isEqualTo(c.cell((float) 0.1)).isEqualTo(1);
        assertThat(c.cell(1)).isEqualTo(2);
        assertThat(c.cell(7)).isEqualTo(3);
    }

    @Test
    void categories_windowWithTheTrainingShares_isAtDistanceZero_andNotRejected() {
        Categories c = Categories.of(new FeatureStatistics.Categorical(100_000, 0,
                Map.of("0", 50_000L, "1", 30_000L, "2", 15_000L, "3", 5_000L))).orElseThrow();

        Categories.Outcome o = c.test(new long[] {500, 300, 150, 50, 0}, 1000).orElseThrow();

        assertThat(o.distance()).isZero();
        assertThat(o.pValue()).isCloseTo(1, offset(1e-9));
        // Only the smoothing's pseudo-counts differ: 0.5 in the unseen-value cell is a larger share of 1000 values
        // than of 100,000.
        assertThat(o.psi()).isBetween(0.0, 0.005);
    }

    @Test
    void categories_poolCellsExpectedBelowFive_soOneUnseenValueIsNoAlarm_butManyAre() {
        Categories c = Categories.of(new FeatureStatistics.Categorical(100_000, 0,
                Map.of("0", 50_000L, "1", 30_000L, "2", 15_000L, "3", 5_000L))).orElseThrow();

        Categories.Outcome one = c.test(new long[] {500, 300, 150, 49, 1}, 1000).orElseThrow();
        Categories.Outcome many = c.test(new long[] {475, 285, 143, 47, 50}, 1000).orElseThrow();

        assertThat(one.pValue()).isGreaterThan(0.5);
        assertThat(many.pValue()).isLessThan(1e-6);
        assertThat(many.distance()).isCloseTo(0.05, offset(1e-3));
    }

    @Test
    void categories_thatAreNotNumbers_orFewerThanTwo_areNotTestable() {
        assertThat(Categories.of(new FeatureStatistics.Categorical(8, 0, Map.of("Hebron", 3L, "Jerusalem", 5L))))
                .isEmpty();
        assertThat(Categories.of(new FeatureStatistics.Categorical(8, 0, Map.of("1", 8L, "2", 0L)))).isEmpty();
    }
}
