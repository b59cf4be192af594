// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.internal.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The comparison of an expected output with what a model returned: the one rule the adequacy gate decides with, and
 * the one the testkit's assertions use, so that a test and the gate never disagree.
 *
 * <p>A numeric element matches when {@link Tolerance#accepts(double, double)} does
 * ({@code |a - e| <= absolute + relative * |e|}, NaN matching NaN, an infinity only itself); bool and string elements
 * must be equal; dtype and shape must be equal. An expected output with no elements never matches: a comparison
 * that compares nothing proves nothing.
 *
 * <pre>{@code
 * OutputResult r = OutputComparison.compare("y", expected, model.predict(inputs), new Tolerance(1e-6, 0));
 * if (r instanceof OutputResult.Numeric n && !n.passed()) {
 *     System.out.println("worst at " + n.worst().position() + ": " + r.describe());
 * }
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2.0
 */
public final class OutputComparison {
    private OutputComparison() {
    }

    /**
     * Compares one expected output with the outputs a model returned.
     *
     * @param output the output name
     * @param expected the expected tensor
     * @param returned every output the model returned, by name
     * @param tolerance the tolerance for numeric elements
     * @return the comparison: {@link OutputResult.Numeric} for a numeric output, {@link OutputResult.Exact} for a bool
     *     or string output; a missing output, another dtype or shape, or an expected tensor with no elements is an
     *     {@link OutputResult.Structural} result, which fails
     */
    public static OutputResult compare(String output, Tensor expected, Map<String, Tensor> returned,
            Tolerance tolerance) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(returned, "returned");
        Objects.requireNonNull(tolerance, "tolerance");
        Tensor actual = returned.get(output);
        if (actual == null) {
            List<String> names = new ArrayList<>(returned.keySet());
            return structural(output, tolerance, "the model returned no output '" + output + "' (it returned "
                    + names + ")");
        }
        if (expected.size() == 0) {
            return structural(output, tolerance, "the expected tensor has no elements, so nothing is compared (a"
                    + " comparison must cover at least one element)");
        }
        if (expected.dtype() != actual.dtype()) {
            return structural(output, tolerance, "expected dtype " + expected.dtype() + ", got " + actual.dtype());
        }
        long[] shape = expected.shape();
        if (!Arrays.equals(shape, actual.shape())) {
            return structural(output, tolerance, "expected shape " + Arrays.toString(shape) + ", got "
                    + Arrays.toString(actual.shape()));
        }
        if (expected.dtype() == DataType.STRING || expected.dtype() == DataType.BOOL) {
            return exact(output, expected, actual, tolerance, shape);
        }
        return numeric(output, expected, actual, tolerance, shape);
    }

    private static OutputResult numeric(String output, Tensor expected, Tensor actual, Tolerance tolerance,
            long[] shape) {
        int n = expected.size();
        boolean passed = true;
        int worst = 0;
        double worstExcess = Double.NaN;
        for (int i = 0; i < n; i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            boolean match = tolerance.accepts(e, a);
            passed &= match;
            double excess = excess(e, a, match, tolerance);
            if (i == 0 || excess > worstExcess) {
                worst = i;
                worstExcess = excess;
            }
        }
        double e = expected.getDouble(worst);
        double a = actual.getDouble(worst);
        double abs = absoluteError(e, a);
        return new OutputResult.Numeric(output, tolerance, passed,
                new OutputResult.Element(worst, position(worst, shape), e, a, abs, relativeError(e, abs)));
    }

    /**
     * How far an element is beyond its allowance: positive for a mismatch, at most 0 for a match. A mismatch
     * involving NaN or an infinity is infinitely bad (so the first one is the worst); a match of NaN with NaN or of
     * an infinity with itself is infinitely good.
     */
    private static double excess(double e, double a, boolean match, Tolerance t) {
        if (!Double.isFinite(e) || !Double.isFinite(a)) {
            return match ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        double x = Math.abs(a - e) - (t.absolute() + t.relative() * Math.abs(e));
        if (Double.isNaN(x)) {
            // both terms overflowed to infinity
            return match ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (match) {
            return Math.min(x, 0);
        }
        // accepts() and the subtraction may disagree by rounding: a mismatch must rank above every match
        return x > 0 ? x : Double.MIN_VALUE;
    }

    private static double absoluteError(double e, double a) {
        if (Double.isNaN(e) && Double.isNaN(a)) {
            return 0;
        }
        if (e == a) {
            return 0;
        }
        return Math.abs(a - e);
    }

    private static double relativeError(double e, double abs) {
        if (abs == 0) {
            return 0;
        }
        if (Double.isNaN(abs)) {
            return Double.NaN;
        }
        if (Double.isInfinite(e) || Double.isInfinite(abs)) {
            return Double.POSITIVE_INFINITY;
        }
        return abs / Math.abs(e);
    }

    private static OutputResult exact(String output, Tensor expected, Tensor actual, Tolerance tolerance,
            long[] shape) {
        for (int i = 0; i < expected.size(); i++) {
            Object e = expected.get(i);
            Object a = actual.get(i);
            if (!e.equals(a)) {
                return new OutputResult.Exact(output, expected.dtype(), tolerance, Optional.of(
                        new OutputResult.Mismatch(i, position(i, shape), String.valueOf(e), String.valueOf(a))));
            }
        }
        return new OutputResult.Exact(output, expected.dtype(), tolerance, Optional.empty());
    }

    private static OutputResult structural(String output, Tolerance tolerance, String problem) {
        return new OutputResult.Structural(output, tolerance, problem);
    }

    /**
     * Converts a row-major element index into one index per axis.
     *
     * @param flat the row-major index
     * @param shape the tensor's dimensions
     * @return the index along each axis, for example {@code [0, 3]}; empty for a scalar
     */
    public static List<Long> position(long flat, long[] shape) {
        return Tensors.position(flat, shape);
    }
}
