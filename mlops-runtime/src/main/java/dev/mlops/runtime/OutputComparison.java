// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
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

    /**
     * Compares one expected output of any kind with the outputs a model returned: tensors as
     * {@link #compare(String, Tensor, Map, Tolerance)} does; a sequence or map (scikit-learn's ZipMap probabilities)
     * value by value, a sequence's elements in order, a map's entries by key, numbers within the tolerance, keys,
     * strings and sizes exactly.
     *
     * @param output the output name
     * @param expected the expected value
     * @param returned every output the model returned, by name ({@code RuntimeModel.predictValues})
     * @param tolerance the tolerance for numbers
     * @return the comparison: for a sequence or map an {@link OutputResult.Composite} naming the first difference by
     *     its path, such as {@code [0]["1"]}; a missing output, or an expected value with nothing in it, is an
     *     {@link OutputResult.Structural} result, which fails
     * @since 0.2.0
     */
    public static OutputResult compare(String output, Value expected, Map<String, ? extends Value> returned,
            Tolerance tolerance) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(returned, "returned");
        Objects.requireNonNull(tolerance, "tolerance");
        Value actual = returned.get(output);
        if (expected instanceof Tensor t && (actual == null || actual instanceof Tensor)) {
            return compare(output, t, Value.tensors(returned), tolerance);
        }
        if (actual == null) {
            return structural(output, tolerance, "the model returned no output '" + output + "' (it returned "
                    + new ArrayList<>(returned.keySet()) + ")");
        }
        if (expected.isEmpty()) {
            return structural(output, tolerance, "the expected " + expected.type() + " is empty, so nothing is compared"
                    + " (a comparison must cover at least one value)");
        }
        if (expected instanceof Tensor) {
            return structural(output, tolerance, "expected a tensor of " + expected.type() + ", got a "
                    + actual.type());
        }
        return new OutputResult.Composite(output, expected.type(), tolerance,
                difference("", expected, actual, tolerance));
    }

    /** The first difference between two values, with its path from the output's root. */
    private static Optional<OutputResult.Difference> difference(String path, Value e, Value a, Tolerance t) {
        if (!e.type().equals(a.type())) {
            return Optional.of(new OutputResult.Difference(path, "expected a " + e.type() + ", got a " + a.type()));
        }
        if (e instanceof ValueSequence es) {
            List<Value> ev = es.elements();
            List<Value> av = ((ValueSequence) a).elements();
            if (ev.size() != av.size()) {
                return Optional.of(new OutputResult.Difference(path, "expected " + count(ev.size(), "element")
                        + ", got " + av.size()));
            }
            for (int i = 0; i < ev.size(); i++) {
                Optional<OutputResult.Difference> d = difference(path + "[" + i + "]", ev.get(i), av.get(i), t);
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (e instanceof ValueMap em) {
            Map<Object, Object> ee = em.entries();
            Map<Object, Object> ae = ((ValueMap) a).entries();
            for (Object k : ee.keySet()) {
                if (!ae.containsKey(k)) {
                    return Optional.of(new OutputResult.Difference(path, "expected key " + key(k) + ", which the model"
                            + " did not return (its keys: " + keys(ae) + ")"));
                }
            }
            for (Object k : ae.keySet()) {
                if (!ee.containsKey(k)) {
                    return Optional.of(new OutputResult.Difference(path, "the model returned key " + key(k)
                            + ", which is not expected (expected keys: " + keys(ee) + ")"));
                }
            }
            for (Map.Entry<Object, Object> entry : ee.entrySet()) {
                String at = path + "[" + key(entry.getKey()) + "]";
                Object ev = entry.getValue();
                Object av = Objects.requireNonNull(ae.get(entry.getKey())); // every expected key is there
                if (ev instanceof Number en && av instanceof Number an) {
                    double x = en.doubleValue();
                    double y = an.doubleValue();
                    if (!t.accepts(x, y)) {
                        double abs = absoluteError(x, y);
                        return Optional.of(new OutputResult.Difference(at, "expected " + en + ", actual " + an
                                + ", absolute error " + abs + ", relative error " + relativeError(x, abs)
                                + " (tolerance absolute " + t.absolute() + " + relative " + t.relative()
                                + " * |expected|)"));
                    }
                } else if (!Objects.equals(ev, av)) {
                    return Optional.of(new OutputResult.Difference(at, "expected " + key(ev) + ", actual " + key(av)
                            + " (strings must be equal)"));
                }
            }
            return Optional.empty();
        }
        Tensor et = (Tensor) e;
        OutputResult r = compare("element", et, Map.of("element", (Tensor) a), t);
        if (r.passed()) {
            return Optional.empty();
        }
        String text = r.describe();
        return Optional.of(new OutputResult.Difference(path, text.substring(text.indexOf(' ', "output ".length()) + 1)));
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** A key as JSON writes it: a quoted string. */
    private static String key(Object k) {
        return "\"" + k.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String keys(Map<Object, Object> entries) {
        List<String> out = new ArrayList<>();
        for (Object k : entries.keySet()) {
            out.add(key(k));
            if (out.size() == 10 && entries.size() > 10) {
                out.add("...");
                break;
            }
        }
        return out.toString();
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
