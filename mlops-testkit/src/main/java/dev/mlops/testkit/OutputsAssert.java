// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.OutputComparison;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opentest4j.AssertionFailedError;

/**
 * Assertions on a model's outputs; start with {@link ModelAssertions#assertThat(Map)}. Each method returns
 * {@code this} for chaining, or throws {@link AssertionFailedError} naming every output at fault.
 *
 * <p>Immutable and thread-safe (it holds a copy of the outputs map; tensors are immutable).
 *
 * @since 0.1.0
 */
public final class OutputsAssert {
    private final Map<String, Tensor> actual;

    OutputsAssert(Map<String, Tensor> actual) {
        this.actual = Map.copyOf(Objects.requireNonNull(actual, "outputs"));
    }

    /**
     * Asserts that every expected output is present, of the same dtype and shape, and within tolerance element by
     * element ({@link Tolerance#accepts}; NaN matches NaN). Outputs not in {@code expected} are not compared.
     *
     * @param expected the expected outputs, by name
     * @param tolerance how close numeric elements must be; bool and string elements must be equal
     * @return this
     * @throws AssertionFailedError naming, for each output that differs, the worst element (flat and multi-index),
     *     the expected and actual values and both errors, as the adequacy report does
     * @throws NullPointerException when an argument is {@code null}
     */
    public OutputsAssert isCloseTo(Map<String, Tensor> expected, Tolerance tolerance) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(tolerance, "tolerance");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            OutputResult r = OutputComparison.compare(e.getKey(), e.getValue(), actual, tolerance);
            if (!r.passed()) {
                problems.add(r.describe());
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("outputs are not close to the expected ones:\n  "
                    + String.join("\n  ", problems), expected, actual);
        }
        return this;
    }

    /**
     * Asserts that no floating-point output holds NaN or an infinity.
     *
     * @return this
     * @throws AssertionFailedError naming, for each output at fault, the first non-finite element
     */
    public OutputsAssert isFinite() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : actual.entrySet()) {
            Tensor t = e.getValue();
            for (int i = 0; t.dtype().isFloatingPoint() && i < t.size(); i++) {
                if (!Double.isFinite(t.getDouble(i))) {
                    problems.add("output '" + e.getKey() + "' element " + i + " " + OutputComparison.position(i,
                            t.shape()) + " is " + t.getDouble(i));
                    break;
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionFailedError("outputs are not finite:\n  " + String.join("\n  ", problems));
        }
        return this;
    }
}
