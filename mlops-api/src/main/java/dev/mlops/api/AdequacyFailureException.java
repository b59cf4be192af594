// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import java.util.List;
import java.util.Objects;

/**
 * One or more adequacy cases shipped with a bundle failed on the execution provider that would serve it.
 *
 * <p>The model was not made available; every native resource it held has been freed. The message is the report's
 * {@link AdequacyReport#describe() text}; {@link #report()} holds the structured report, so a tool reads each failed
 * case, output and worst element without parsing the message:
 *
 * <pre>{@code
 * try (RuntimeModel model = runtime.open(bundle)) {
 *     ...
 * } catch (AdequacyFailureException e) {
 *     for (CaseResult c : e.report().failures()) {
 *         metrics.failedCase(c.id(), c.failedOutputs().stream().map(OutputResult::output).toList());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread safety: its fields are final and hold immutable values; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class AdequacyFailureException extends MlopsException {
    private static final long serialVersionUID = 2L;

    // Not Serializable (its records hold Optionals): Java serialization of this exception fails. Exceptions of an
    // in-process SDK are not sent across JVMs; send the report as JSON (mlops verify --json) instead.
    @SuppressWarnings("serial")
    private final AdequacyReport report;
    @SuppressWarnings("serial") // an immutable List.copyOf list, which serializes; javac 21+ cannot see that
    private final List<String> failedCases;

    /**
     * Creates the exception for a report with at least one failed case.
     *
     * @param report the report; its {@link AdequacyReport#describe()} becomes the message
     * @throws NullPointerException when {@code report} is {@code null}
     * @throws IllegalArgumentException when every case of the report passed
     * @since 0.2.0
     */
    public AdequacyFailureException(AdequacyReport report) {
        super(Objects.requireNonNull(report, "report").describe());
        this.report = report;
        this.failedCases = report.failures().stream().map(CaseResult::id).toList();
        if (failedCases.isEmpty()) {
            throw new IllegalArgumentException("report: every adequacy case of " + report.model() + " passed on "
                    + report.executionProvider() + "; there is no failure to report");
        }
    }

    /**
     * Returns the report the gate decided on.
     *
     * @return the report: every case, passed or not, with its outputs and worst elements
     * @since 0.2.0
     */
    public AdequacyReport report() {
        return report;
    }

    /**
     * Returns the failed case ids.
     *
     * @return the ids of the cases that failed, in file order
     */
    public List<String> failedCases() {
        return failedCases;
    }
}
