// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The statistics an export computes from training data, checked against values worked out by hand. */
class StatisticsCalculatorTest {
    private static final DatasetRef DATA = new DatasetRef("d", Optional.empty(), Optional.of("0".repeat(64)));
    private static final TensorSpec X = TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("a", "b");
    private static final TensorSpec S = TensorSpec.of("s", DataType.STRING, -1, 1);

    private static DataStatistics compute(TrainingData data, int bins) {
        return StatisticsCalculator.compute(DATA, data, List.of(X, S), List.of(), bins);
    }

    @Test
    void numeric_countsMissingNanAndComputesMomentsHistogramAndQuantiles() {
        Tensor x = Tensor.ofFloats(new float[] {1, 7, 2, 7, 3, 7, 4, 7, Float.NaN, 7}, 5, 2);

        DataStatistics s = compute(TrainingData.newBuilder().input("x", x).build(), 3);

        FeatureStatistics.Numeric a = (FeatureStatistics.Numeric) s.input("x", "a").orElseThrow();
        assertThat(a.count()).isEqualTo(5);
        assertThat(a.missing()).isEqualTo(1);
        assertThat(a.min()).isEqualTo(1);
        assertThat(a.max()).isEqualTo(4);
        assertThat(a.mean()).isEqualTo(2.5);
        assertThat(a.std()).isCloseTo(Math.sqrt(1.25), within(1e-12));
        assertThat(a.histogram().edges()).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(a.histogram().counts()).containsExactly(1L, 1L, 2L);
        assertThat(a.quantiles()).hasSize(101);
        assertThat(a.quantiles().get(0)).isEqualTo(1.0);
        assertThat(a.quantiles().get(50)).isEqualTo(2.5);
        assertThat(a.quantiles().get(25)).isEqualTo(1.75);
        assertThat(a.quantiles().get(100)).isEqualTo(4.0);
        assertThat(s.dataset()).contains(DATA);
    }

    @Test
    void numeric_constantFeatureGetsOneBinAroundItsValue() {
        Tensor x = Tensor.ofFloats(new float[] {1, 7, 2, 7}, 2, 2);

        FeatureStatistics.Numeric b = (FeatureStatistics.Numeric) compute(TrainingData.newBuilder().input("x", x)
                .build(), 10).input("x", "b").orElseThrow();

        assertThat(b.histogram().edges()).containsExactly(6.5, 7.5);
        assertThat(b.histogram().counts()).containsExactly(2L);
        assertThat(b.std()).isZero();
    }

    @Test
    void numeric_defaultsToTenEqualWidthBins() {
        float[] v = new float[200];
        for (int i = 0; i < 100; i++) {
            v[2 * i] = i;
            v[2 * i + 1] = 1;
        }

        FeatureStatistics.Numeric a = (FeatureStatistics.Numeric) compute(TrainingData.newBuilder()
                .input("x", Tensor.ofFloats(v, 100, 2)).build(), StatisticsCalculator.DEFAULT_BINS)
                .input("x", "a").orElseThrow();

        assertThat(a.histogram().bins()).isEqualTo(10);
        assertThat(a.histogram().edges().get(10)).isEqualTo(99.0);
        assertThat(a.histogram().counts()).containsExactly(10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L, 10L);
    }

    @Test
    void categorical_countsValuesAndEmptyStringsAsMissing() {
        Tensor s = Tensor.ofStrings(new String[] {"Hebron", "", "Jerusalem", "Hebron"}, 4, 1);

        FeatureStatistics f = compute(TrainingData.newBuilder().input("s", s).build(), 10).input("s", "0")
                .orElseThrow();

        assertThat(f).isEqualTo(new FeatureStatistics.Categorical(4, 1, Map.of("Hebron", 2L, "Jerusalem", 1L)));
    }

    @Test
    void compute_refusesInfiniteValuesUndeclaredTensorsAndAWrongFeatureCount() {
        Tensor inf = Tensor.ofFloats(new float[] {1, 2, Float.POSITIVE_INFINITY, 2}, 2, 2);
        assertThatThrownBy(() -> compute(TrainingData.newBuilder().input("x", inf).build(), 10))
                .isInstanceOf(ExportException.class)
                .hasMessage("statistics: input \"x\" feature \"a\" of dataset \"d\" holds Infinity at row 1 "
                        + "(statistics need finite values; write a missing value as NaN)");
        assertThatThrownBy(() -> compute(TrainingData.newBuilder().input("q", inf).build(), 10))
                .isInstanceOf(ExportException.class)
                .hasMessage("training data: \"q\" is not a declared input (inputs are [x, s])");
        assertThatThrownBy(() -> compute(TrainingData.newBuilder()
                .input("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3)).build(), 10))
                .isInstanceOf(ExportException.class)
                .hasMessage("training data: input \"x\" has 3 features along its last axis, but its spec names 2 "
                        + "[a, b]");
    }
}
