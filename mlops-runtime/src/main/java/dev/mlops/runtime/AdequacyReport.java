package dev.mlops.runtime;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.metadata.cases.CaseLocation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of running a bundle's adequacy cases on one execution provider: for every case, whether each expected
 * output matched within its tolerance and, where it did not, the worst element.
 *
 * <p>A report is what the runtime's adequacy gate decides on: the model is served only when {@link #passed()}. Print
 * {@link #describe()} for people, or walk {@link #cases()} for tools.
 *
 * <pre>{@code
 * AdequacyReport report = runtime.verify(bundle).adequacy();
 * if (!report.passed()) {
 *     throw report.toException();
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param model the model the cases ran on, for example {@code "linear 1.0.0"}
 * @param executionProvider the execution provider that ran them, for example {@code "cpu"}
 * @param cases one result per case, in file order
 * @since 0.1.0
 */
public record AdequacyReport(String model, String executionProvider, List<CaseResult> cases) {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException when a component or a case is {@code null}
     */
    public AdequacyReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(executionProvider, "executionProvider");
        cases = List.copyOf(cases);
    }

    /**
     * Tells whether every case passed. A report with no cases passes.
     *
     * @return {@code true} when no case failed
     */
    public boolean passed() {
        return cases.stream().allMatch(CaseResult::passed);
    }

    /**
     * Returns the cases that failed, in file order.
     *
     * @return the failed cases; empty when the report passed
     */
    public List<CaseResult> failures() {
        return cases.stream().filter(c -> !c.passed()).toList();
    }

    /**
     * Renders the report for people: a header, one line per failing case (its id, where it was read from, and for
     * each failing output the worst element with its expected and actual value, errors and tolerance; or why the
     * run failed), and a summary line {@code "N of M adequacy cases passed on <provider>"}.
     *
     * @return the multi-line report, without a trailing line break
     */
    public String describe() {
        StringBuilder sb = new StringBuilder("adequacy of ").append(model).append(" on ").append(executionProvider)
                .append(':');
        for (CaseResult c : failures()) {
            sb.append("\n  FAIL ").append(c.describe());
        }
        int passedCount = cases.size() - failures().size();
        return sb.append('\n').append(passedCount).append(" of ").append(cases.size())
                .append(" adequacy cases passed on ").append(executionProvider).toString();
    }

    /**
     * Returns the exception the adequacy gate throws for this report.
     *
     * @return an exception whose message is {@link #describe()} and whose failed cases are the ids of
     *     {@link #failures()}
     * @throws IllegalStateException when the report passed, so there is nothing to report
     */
    public AdequacyFailureException toException() {
        List<CaseResult> failed = failures();
        if (failed.isEmpty()) {
            throw new IllegalStateException("every adequacy case of " + model + " passed on " + executionProvider
                    + "; there is no failure to report");
        }
        return new AdequacyFailureException(describe(), failed.stream().map(CaseResult::id).toList());
    }

    /**
     * The result of one adequacy case. Immutable and thread-safe.
     *
     * @param id the case id
     * @param source where the case was read from, when known
     * @param outputs one result per output the case expects, in the case's order; empty when the run failed
     * @param error why running the case failed (the message of what the model threw), when it did
     * @since 0.1.0
     */
    public record CaseResult(String id, Optional<CaseLocation> source, List<OutputResult> outputs,
            Optional<String> error) {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException when a component or an output is {@code null}
         */
        public CaseResult {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            outputs = List.copyOf(outputs);
            Objects.requireNonNull(error, "error");
        }

        /**
         * Tells whether the case passed: it ran, and every expected output matched.
         *
         * @return {@code true} when there is no error and every output passed
         */
        public boolean passed() {
            return error.isEmpty() && outputs.stream().allMatch(OutputResult::passed);
        }

        /**
         * Returns the outputs that did not match.
         *
         * @return the failed outputs, in the case's order
         */
        public List<OutputResult> failedOutputs() {
            return outputs.stream().filter(o -> !o.passed()).toList();
        }

        /**
         * Renders the case on one line: {@code "id" (file:line): <error, or each failed output>}.
         *
         * @return the line, without a line break
         */
        public String describe() {
            StringBuilder sb = new StringBuilder().append('"').append(id).append('"');
            source.ifPresent(s -> sb.append(" (").append(s.file()).append(':').append(s.line()).append(')'));
            sb.append(": ");
            if (error.isPresent()) {
                return sb.append("the model run failed: ").append(error.get()).toString();
            }
            List<OutputResult> failed = failedOutputs();
            if (failed.isEmpty()) {
                return sb.append("passed").toString();
            }
            for (int i = 0; i < failed.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(failed.get(i).describe());
            }
            return sb.toString();
        }
    }

    /**
     * The comparison of one expected output with what the model returned. Immutable and thread-safe.
     *
     * <p>Three kinds of result:
     * <ul>
     *   <li><b>numeric</b> outputs are compared element by element; the worst element is the one furthest beyond
     *       (or least inside) its allowance {@code absolute + relative * |expected|}, and its index, values and
     *       errors are given whether the output passed or not;</li>
     *   <li><b>bool and string</b> outputs must be equal; a mismatch names the first differing element in
     *       {@code worstIndex} and {@code worstPosition} and both values in {@code problem}, and the numeric fields
     *       are NaN;</li>
     *   <li>a <b>structural</b> mismatch (the output is missing, or its dtype or shape differs) is described in
     *       {@code problem}; {@code worstIndex} is {@code -1}, {@code worstPosition} empty and the numeric fields
     *       NaN.</li>
     * </ul>
     * An output with no elements, or a bool or string output that matched, has no worst element either.
     *
     * @param output the output name
     * @param passed whether the output matched
     * @param tolerance the tolerance the output was compared with (resolved from the case and the bundle)
     * @param problem what differs, for a structural or a bool or string mismatch
     * @param worstIndex the row-major index of the worst element, or {@code -1} when there is none
     * @param worstPosition the worst element's index along each axis, for example {@code [0, 3]}; empty when there is
     *     none
     * @param expected the worst element's expected value, or NaN
     * @param actual the worst element's actual value, or NaN
     * @param absoluteError {@code |actual - expected|} at the worst element: 0 when both are NaN or the same
     *     infinity; NaN when one is NaN
     * @param relativeError {@code absoluteError / |expected|}: 0 when the absolute error is 0, infinite when the
     *     expected value is 0 or infinite and the absolute error is not 0
     * @since 0.1.0
     */
    public record OutputResult(
            String output,
            boolean passed,
            Tolerance tolerance,
            Optional<String> problem,
            long worstIndex,
            List<Long> worstPosition,
            double expected,
            double actual,
            double absoluteError,
            double relativeError) {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code worstIndex < -1}
         */
        public OutputResult {
            Objects.requireNonNull(output, "output");
            Objects.requireNonNull(tolerance, "tolerance");
            Objects.requireNonNull(problem, "problem");
            if (worstIndex < -1) {
                throw new IllegalArgumentException("worstIndex: " + worstIndex + " must be -1 or an element index");
            }
            worstPosition = List.copyOf(worstPosition);
        }

        /**
         * Renders the result: for a numeric mismatch,
         * {@code output 'y' element 3 [0, 3]: expected 3.0, actual 3.5, absolute error 0.5, relative error
         * 0.16666666666666666, tolerance absolute 1.0E-6 + relative 0.0 * |expected|}.
         *
         * @return one line
         */
        public String describe() {
            StringBuilder sb = new StringBuilder("output '").append(output).append('\'');
            if (worstIndex >= 0) {
                sb.append(" element ").append(worstIndex).append(' ').append(worstPosition);
            }
            if (problem.isPresent()) {
                return sb.append(": ").append(problem.get()).toString();
            }
            if (worstIndex < 0) {
                return sb.append(passed ? ": passed" : ": failed").toString();
            }
            return sb.append(": expected ").append(expected)
                    .append(", actual ").append(actual)
                    .append(", absolute error ").append(absoluteError)
                    .append(", relative error ").append(relativeError)
                    .append(", tolerance absolute ").append(tolerance.absolute())
                    .append(" + relative ").append(tolerance.relative()).append(" * |expected|")
                    .toString();
        }
    }
}
