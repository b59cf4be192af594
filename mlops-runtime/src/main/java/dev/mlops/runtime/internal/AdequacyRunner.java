package dev.mlops.runtime.internal;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.runtime.AdequacyReport;
import dev.mlops.runtime.AdequacyReport.CaseResult;
import dev.mlops.runtime.AdequacyReport.OutputResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Runs adequacy cases through a prediction function and compares what it returns with what the cases expect.
 *
 * <p>Internal: {@code public} only so that other runtime packages can call it; {@code dev.mlops.runtime.internal} is
 * not exported and may change without notice.
 *
 * <p>Every case runs, whatever the others did. Only the outputs a case expects are compared, each with the
 * tolerance {@link AdequacyCase#toleranceFor} resolves. A numeric element matches when
 * {@link Tolerance#accepts(double, double)} does ({@code |a - e| <= absolute + relative * |e|}, NaN matching NaN,
 * an infinity only itself); bool and string elements must be equal.
 *
 * <p>Stateless and thread-safe.
 */
public final class AdequacyRunner {
    private AdequacyRunner() {
    }

    /**
     * Runs every case and reports on each.
     *
     * @param model the model's name for the report, for example {@code "linear 1.0.0"}
     * @param provider the execution provider that serves the model, for example {@code "cpu"}
     * @param cases the cases, in the order to report them
     * @param spec the bundle's adequacy section, for tolerances, when it has one
     * @param predict runs the model on a case's inputs and returns its outputs by name; a
     *     {@link RuntimeException} it throws fails that case only
     * @return the report; never throws for a failing case
     */
    public static AdequacyReport run(String model, String provider, List<AdequacyCase> cases,
            Optional<AdequacySpec> spec, Function<Map<String, Tensor>, Map<String, Tensor>> predict) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(cases, "cases");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(predict, "predict");
        List<CaseResult> results = new ArrayList<>(cases.size());
        for (AdequacyCase c : cases) {
            results.add(runCase(Objects.requireNonNull(c, "case"), spec, predict));
        }
        return new AdequacyReport(model, provider, results);
    }

    /**
     * Runs one case.
     *
     * @param c the case
     * @param spec the bundle's adequacy section, when it has one
     * @param predict runs the model
     * @return the case's result; {@link CaseResult#error()} holds the message of what {@code predict} threw
     */
    public static CaseResult runCase(AdequacyCase c, Optional<AdequacySpec> spec,
            Function<Map<String, Tensor>, Map<String, Tensor>> predict) {
        Map<String, Tensor> actual;
        try {
            actual = predict.apply(c.inputs());
        } catch (RuntimeException e) {
            return new CaseResult(c.id(), c.source(), List.of(), Optional.of(messageOf(e)));
        }
        if (actual == null) {
            return new CaseResult(c.id(), c.source(), List.of(), Optional.of("the model returned no outputs (null)"));
        }
        List<OutputResult> outputs = new ArrayList<>(c.expected().size());
        for (Map.Entry<String, Tensor> e : c.expected().entrySet()) {
            String name = e.getKey();
            Tolerance tolerance = c.toleranceFor(name, spec);
            outputs.add(compare(name, e.getValue(), actual.get(name), tolerance, actual.keySet()));
        }
        return new CaseResult(c.id(), c.source(), outputs, Optional.empty());
    }

    /**
     * Compares one output.
     *
     * @param output the output name
     * @param expected the expected tensor
     * @param actual what the model returned under that name, or {@code null} when it returned nothing
     * @param tolerance the tolerance for numeric elements
     * @param returned the names the model did return, for the message when {@code actual} is missing
     * @return the comparison
     */
    public static OutputResult compare(String output, Tensor expected, Tensor actual, Tolerance tolerance,
            Iterable<String> returned) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(tolerance, "tolerance");
        if (actual == null) {
            List<String> names = new ArrayList<>();
            returned.forEach(names::add);
            return structural(output, tolerance, "the model returned no output '" + output + "' (it returned "
                    + names + ")");
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
        if (n == 0) {
            return new OutputResult(output, true, tolerance, Optional.empty(), -1, List.of(), Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
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
        return new OutputResult(output, passed, tolerance, Optional.empty(), worst, position(worst, shape), e, a, abs,
                relativeError(e, abs));
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
                return new OutputResult(output, false, tolerance,
                        Optional.of("expected " + render(e) + ", actual " + render(a) + " (" + expected.dtype()
                                + " elements must be equal)"),
                        i, position(i, shape), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
            }
        }
        return new OutputResult(output, true, tolerance, Optional.empty(), -1, List.of(), Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    private static String render(Object element) {
        if (element instanceof String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                switch (ch) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (Character.isISOControl(ch)) {
                            sb.append(String.format("\\u%04x", (int) ch));
                        } else {
                            sb.append(ch);
                        }
                    }
                }
            }
            return sb.append('"').toString();
        }
        return String.valueOf(element);
    }

    private static OutputResult structural(String output, Tolerance tolerance, String problem) {
        return new OutputResult(output, false, tolerance, Optional.of(problem), -1, List.of(), Double.NaN,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Converts a row-major element index into one index per axis.
     *
     * @param flat the row-major index
     * @param shape the tensor's dimensions
     * @return the index along each axis, for example {@code [0, 3]}; empty for a scalar
     */
    public static List<Long> position(long flat, long[] shape) {
        Long[] pos = new Long[shape.length];
        long rest = flat;
        for (int axis = shape.length - 1; axis >= 0; axis--) {
            long d = shape[axis];
            pos[axis] = d == 0 ? 0 : rest % d;
            rest = d == 0 ? rest : rest / d;
        }
        return List.of(pos);
    }

    private static String messageOf(RuntimeException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }
}
