// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.adequacy;

import dev.mlops.api.AdequacyFailureException;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of running a bundle's adequacy cases on one execution provider: for every case, whether each expected
 * output matched within its tolerance and, where it did not, the worst element; or why the model run failed.
 *
 * <p>A report is what the runtime's adequacy gate decides on: the model is served only when {@link #passed()}. Print
 * {@link #describe()} for people, or switch over the results in {@link #cases()} for tools:
 *
 * <pre>{@code
 * AdequacyReport report = runtime.verify(bundle).adequacy();
 * for (CaseResult c : report.failures()) {
 *     if (c instanceof CaseResult.Errored e) {
 *         log.warn("{} did not run: {}", e.id(), e.error());
 *     }
 *     for (OutputResult o : c.failedOutputs()) {
 *         if (o instanceof OutputResult.Numeric n) {
 *             log.warn("{}: output {} is off at {}", c.id(), n.output(), n.worst().position());
 *         }
 *     }
 * }
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
 * @since 0.2.0
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
        cases = List.copyOf(Objects.requireNonNull(cases, "cases"));
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
        List<CaseResult> failed = failures();
        for (CaseResult c : failed) {
            sb.append("\n  FAIL ").append(c.describe());
        }
        int passedCount = cases.size() - failed.size();
        return sb.append('\n').append(passedCount).append(" of ").append(cases.size())
                .append(" adequacy cases passed on ").append(executionProvider).toString();
    }

    /**
     * Returns the exception the adequacy gate throws for this report.
     *
     * @return an exception whose message is {@link #describe()}, whose {@link AdequacyFailureException#report()} is
     *     this report and whose failed cases are the ids of {@link #failures()}
     * @throws IllegalStateException when the report passed, so there is nothing to report
     */
    public AdequacyFailureException toException() {
        if (passed()) {
            throw new IllegalStateException("every adequacy case of " + model + " passed on " + executionProvider
                    + "; there is no failure to report");
        }
        return new AdequacyFailureException(this);
    }
}
