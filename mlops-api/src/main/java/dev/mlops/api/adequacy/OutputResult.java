// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.adequacy;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.spec.Tolerance;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The comparison of one expected output with what the model returned. Three kinds:
 * <ul>
 *   <li>{@link Numeric}: numeric outputs compared element by element within the tolerance; the
 *       {@linkplain Numeric#worst() worst element} is the one furthest beyond (or least inside) its allowance
 *       {@code absolute + relative * |expected|}, given whether the output passed or not;</li>
 *   <li>{@link Exact}: bool and string outputs, which must be equal element by element; a
 *       {@linkplain Exact#mismatch() mismatch} names the first differing element;</li>
 *   <li>{@link Composite}: a sequence or map output (scikit-learn's ZipMap probabilities), compared value by value:
 *       numbers within the tolerance, keys, strings and sizes exactly; a {@linkplain Composite#difference()
 *       difference} names the first value that differs by its path, such as {@code [0]["1"]};</li>
 *   <li>{@link Structural}: the output could not be compared element by element (the model did not return it, its
 *       dtype or shape differs, or the expected tensor has no elements); never passes.</li>
 * </ul>
 *
 * <p>Every implementation is an immutable record, safe to share between threads.
 *
 * @since 0.2.0
 */
public sealed interface OutputResult permits OutputResult.Numeric, OutputResult.Exact, OutputResult.Composite,
        OutputResult.Structural {

    /**
     * Returns the output name.
     *
     * @return the name of the output compared
     */
    String output();

    /**
     * Returns the tolerance the output was compared with, resolved from the case and the bundle. Bool and string
     * elements must be equal whatever it says.
     *
     * @return the tolerance
     */
    Tolerance tolerance();

    /**
     * Tells whether the output matched.
     *
     * @return {@code true} when every element matched
     */
    boolean passed();

    /**
     * Renders the result on one line, for example for a numeric output
     * {@code output 'y' element 3 [0, 3]: expected 3.0, actual 3.5, absolute error 0.5, relative error
     * 0.16666666666666666, tolerance absolute 1.0E-6 + relative 0.0 * |expected|}.
     *
     * @return one line
     */
    String describe();

    /**
     * A numeric output compared element by element: element {@code i} matches when
     * {@link Tolerance#accepts(double, double) tolerance.accepts(expected[i], actual[i])}.
     *
     * <p>Immutable and thread-safe.
     *
     * @param output the output name
     * @param tolerance the tolerance the output was compared with
     * @param passed whether every element matched
     * @param worst the element furthest beyond its allowance (a mismatch, whenever there is one), or the one closest
     *     to its limit when every element matched
     * @since 0.2.0
     */
    record Numeric(String output, Tolerance tolerance, boolean passed, Element worst) implements OutputResult {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code passed} disagrees with whether {@code tolerance} accepts the
         *     worst element
         */
        public Numeric {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(worst, "worst");
            if (passed != tolerance.accepts(worst.expected(), worst.actual())) {
                throw new IllegalArgumentException("passed: " + passed + ", but the tolerance "
                        + (passed ? "rejects" : "accepts") + " the worst element (expected " + worst.expected()
                        + ", actual " + worst.actual() + "): a failed output's worst element is a mismatch, and a"
                        + " passed output has none");
            }
        }

        /**
         * Renders the worst element: {@code output 'y' element 3 [0, 3]: expected 3.0, actual 3.5, absolute error
         * 0.5, relative error 0.16666666666666666, tolerance absolute 1.0E-6 + relative 0.0 * |expected|}.
         *
         * @return one line
         */
        @Override
        public String describe() {
            return OutputResult.heading(output).append(" element ").append(worst.index()).append(' ')
                    .append(worst.position())
                    .append(": expected ").append(worst.expected())
                    .append(", actual ").append(worst.actual())
                    .append(", absolute error ").append(worst.absoluteError())
                    .append(", relative error ").append(worst.relativeError())
                    .append(", tolerance absolute ").append(tolerance.absolute())
                    .append(" + relative ").append(tolerance.relative()).append(" * |expected|")
                    .toString();
        }
    }

    /**
     * A bool or string output, whose elements must be equal. It passes when there is no mismatch.
     *
     * <p>Immutable and thread-safe.
     *
     * @param output the output name
     * @param dtype the output's dtype, {@link DataType#BOOL} or {@link DataType#STRING}
     * @param tolerance the tolerance resolved for the output (not used: elements must be equal)
     * @param mismatch the first element that differs; empty when every element is equal
     * @since 0.2.0
     */
    record Exact(String output, DataType dtype, Tolerance tolerance, Optional<Mismatch> mismatch)
            implements OutputResult {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code dtype} is neither {@code bool} nor {@code string}, or a
         *     {@code bool} mismatch holds another value than {@code true} or {@code false}
         */
        public Exact {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(dtype, "dtype");
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(mismatch, "mismatch");
            if (dtype != DataType.BOOL && dtype != DataType.STRING) {
                throw new IllegalArgumentException("dtype: " + dtype + " is compared numerically, not exactly (only "
                        + DataType.BOOL + " and " + DataType.STRING + " outputs are)");
            }
            if (dtype == DataType.BOOL && mismatch.filter(m -> !isBool(m.expected()) || !isBool(m.actual()))
                    .isPresent()) {
                throw new IllegalArgumentException("mismatch: " + mismatch.get() + " of a bool output must hold true"
                        + " or false");
            }
        }

        private static boolean isBool(String value) {
            return value.equals("true") || value.equals("false");
        }

        /**
         * Tells whether every element is equal.
         *
         * @return {@code true} when there is no mismatch
         */
        @Override
        public boolean passed() {
            return mismatch.isEmpty();
        }

        /**
         * Says what differs at the mismatch, for example
         * {@code expected "cow", actual "ox" (string elements must be equal)}; string values are quoted, with
         * quotes, backslashes and control characters escaped.
         *
         * @return the text; empty when the output passed
         */
        public Optional<String> problem() {
            return mismatch.map(m -> "expected " + render(m.expected()) + ", actual " + render(m.actual()) + " ("
                    + dtype + " elements must be equal)");
        }

        /**
         * Renders the result: {@code output 'y' element 2 [1, 0]: expected "cow", actual "ox" (string elements must
         * be equal)}, or {@code output 'y': passed}.
         *
         * @return one line
         */
        @Override
        public String describe() {
            StringBuilder sb = OutputResult.heading(output);
            if (mismatch.isEmpty()) {
                return sb.append(": passed").toString();
            }
            Mismatch m = mismatch.get();
            return sb.append(" element ").append(m.index()).append(' ').append(m.position()).append(": ")
                    .append(problem().orElseThrow()).toString();
        }

        private String render(String element) {
            if (dtype != DataType.STRING) {
                return element;
            }
            StringBuilder sb = new StringBuilder("\"");
            for (int i = 0; i < element.length(); i++) {
                char ch = element.charAt(i);
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
    }

    /**
     * A sequence or map output, compared value by value: a sequence's elements in order, a map's entries by key,
     * numbers within the tolerance, keys and strings exactly. It passes when there is no difference.
     *
     * <p>Immutable and thread-safe.
     *
     * @param output the output name
     * @param type the output's declared type, for example {@code sequence<map<int64,float32>>}
     * @param tolerance the tolerance numbers were compared with
     * @param difference the first value that differs; empty when every value matched
     * @since 0.2.0
     */
    record Composite(String output, ValueType type, Tolerance tolerance, Optional<Difference> difference)
            implements OutputResult {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code type} is a tensor type
         */
        public Composite {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(difference, "difference");
            if (type.isTensor()) {
                throw new IllegalArgumentException("type: " + type + " is a tensor type (compared as Numeric or Exact)");
            }
        }

        /**
         * Tells whether every value matched.
         *
         * @return {@code true} when there is no difference
         */
        @Override
        public boolean passed() {
            return difference.isEmpty();
        }

        /**
         * Renders the result: {@code output 'output_probability' at [0]["1"]: expected 0.56, actual 0.61, absolute
         * error 0.05 (tolerance absolute 1.0E-5 + relative 1.0E-4 * |expected|)}, or {@code output 'p': passed}.
         *
         * @return one line
         */
        @Override
        public String describe() {
            StringBuilder sb = OutputResult.heading(output);
            if (difference.isEmpty()) {
                return sb.append(": passed").toString();
            }
            Difference d = difference.get();
            return (d.path().isEmpty() ? sb : sb.append(" at ").append(d.path())).append(": ").append(d.problem())
                    .toString();
        }
    }

    /**
     * Where and how a sequence or map output differs from the expected one.
     *
     * <p>Immutable and thread-safe.
     *
     * @param path where, from the output's root: {@code [i]} for a sequence element, {@code ["key"]} for a map entry
     *     (keys written as JSON writes them, as strings); empty for the root
     * @param problem what differs, for example {@code expected 3 entries, actual 2} or {@code expected 0.56, actual
     *     0.61, absolute error 0.05 (tolerance absolute 1.0E-5 + relative 1.0E-4 * |expected|)}
     * @since 0.2.0
     */
    record Difference(String path, String problem) {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code problem} is blank
         */
        public Difference {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(problem, "problem");
            if (problem.isBlank()) {
                throw new IllegalArgumentException("problem: must say what differs at " + path);
            }
        }
    }

    /**
     * An output that could not be compared element by element: the model did not return it, its dtype or shape
     * differs from the expected one, or the expected tensor has no elements (a comparison that compares nothing
     * proves nothing). It never passes.
     *
     * <p>Immutable and thread-safe.
     *
     * @param output the output name
     * @param tolerance the tolerance resolved for the output
     * @param problem what differs, for example {@code expected shape [1, 1], got [1, 2]}
     * @since 0.2.0
     */
    record Structural(String output, Tolerance tolerance, String problem) implements OutputResult {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code problem} is blank
         */
        public Structural {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(problem, "problem");
            if (problem.isBlank()) {
                throw new IllegalArgumentException("problem: must say what differs in output '" + output + "'");
            }
        }

        /**
         * A structural mismatch never passes.
         *
         * @return {@code false}
         */
        @Override
        public boolean passed() {
            return false;
        }

        /**
         * Renders the result: {@code output 'y': expected shape [1, 1], got [1, 2]}.
         *
         * @return one line
         */
        @Override
        public String describe() {
            return OutputResult.heading(output).append(": ").append(problem).toString();
        }
    }

    /**
     * One element of a numeric comparison, with both values and the errors between them.
     *
     * <p>Immutable and thread-safe.
     *
     * @param index the element's row-major index
     * @param position the element's index along each axis, for example {@code [0, 3]}; empty for a scalar
     * @param expected the expected value
     * @param actual the value the model returned
     * @param absoluteError {@code |actual - expected|}: 0 when both are NaN or the same infinity; NaN when only one
     *     is NaN
     * @param relativeError {@code absoluteError / |expected|}: 0 when the absolute error is 0, NaN when it is NaN,
     *     infinite when the expected value is 0 or infinite and the absolute error is not 0
     * @since 0.2.0
     */
    record Element(long index, List<Long> position, double expected, double actual, double absoluteError,
            double relativeError) {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException when {@code position} or one of its indices is {@code null}
         * @throws IllegalArgumentException when {@code index} or an index of {@code position} is negative
         */
        public Element {
            position = positionOf(index, position);
        }
    }

    /**
     * The first element of a bool or string output that differs from the expected one.
     *
     * <p>Immutable and thread-safe.
     *
     * @param index the element's row-major index
     * @param position the element's index along each axis, for example {@code [1, 0]}; empty for a scalar
     * @param expected the expected element: the string itself, or {@code true} or {@code false}
     * @param actual the element the model returned, in the same form
     * @since 0.2.0
     */
    record Mismatch(long index, List<Long> position, String expected, String actual) {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException when a component or an index of {@code position} is {@code null}
         * @throws IllegalArgumentException when {@code index} or an index of {@code position} is negative, or the
         *     two elements are equal
         */
        public Mismatch {
            position = positionOf(index, position);
            Objects.requireNonNull(expected, "expected");
            Objects.requireNonNull(actual, "actual");
            if (expected.equals(actual)) {
                throw new IllegalArgumentException("actual: equals expected (" + expected + "), so it is no mismatch");
            }
        }
    }

    /** {@code output 'name'}, the start of {@link #describe()}. */
    private static StringBuilder heading(String output) {
        return new StringBuilder("output '").append(output).append('\'');
    }

    /** Checks an element's index and copies its position. */
    private static List<Long> positionOf(long index, List<Long> position) {
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " must be at least 0");
        }
        List<Long> copy = List.copyOf(Objects.requireNonNull(position, "position"));
        for (long p : copy) {
            if (p < 0) {
                throw new IllegalArgumentException("position: " + copy + " holds a negative index");
            }
        }
        return copy;
    }
}
