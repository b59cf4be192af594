// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ModelAssertionsTest {
    private static final Map<String, Tensor> EXPECTED = Map.of("y", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 2, 2));

    @Test
    void isCloseTo_passesWithinTolerance() {
        ModelAssertions.assertThat(Map.of("y", Tensor.ofFloats(new float[] {1, 2, 3, 4.000001f}, 2, 2)))
                .isCloseTo(EXPECTED, new Tolerance(1e-5, 0)).isFinite();
    }

    @Test
    void isCloseTo_failsNamingOutputWorstElementAndValues() {
        Map<String, Tensor> actual = Map.of("y", Tensor.ofFloats(new float[] {1, 2, 3.5f, 4}, 2, 2));
        assertThatThrownBy(() -> ModelAssertions.assertThat(actual)
                .isCloseTo(EXPECTED, new Tolerance(1e-3, 0)))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("output 'y' element 2 [1, 0]: expected 3.0, actual 3.5, absolute error 0.5");
    }

    @Test
    void isCloseTo_failsForAMissingOutput() {
        assertThatThrownBy(() -> ModelAssertions.assertThat(Map.of("z", Tensor.ofFloats(new float[] {1}, 1)))
                .isCloseTo(EXPECTED, Tolerance.DEFAULT))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("the model returned no output 'y' (it returned [z])");
    }

    @Test
    void isFinite_failsNamingTheElement() {
        assertThatThrownBy(() -> ModelAssertions.assertThat(Map.of("y", Tensor.ofDoubles(new double[] {1,
                Double.POSITIVE_INFINITY}, 2))).isFinite())
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("output 'y' element 1 [1] is Infinity");
    }
}
