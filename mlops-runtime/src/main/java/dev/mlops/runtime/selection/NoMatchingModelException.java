// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.MlopsException;
import java.util.List;
import java.util.Objects;

/**
 * No candidate satisfies a {@link Query}. The message names the query and lists every candidate with every reason
 * it was rejected, one per line:
 *
 * <pre>
 * no model satisfies {area contains Hebron, schema &gt;= 1.1, max accuracy on dataset X} among 2 candidates:
 *   weather 1.0.0: area is [Jerusalem, Beit-Shemesh], not Hebron
 *   weather 1.1.0: no metric accuracy on dataset X
 * </pre>
 *
 * <p>With no candidate at all the message says the repository is empty. {@link #assessments()} holds the same
 * reasons, typed, for a tool or a UI.
 *
 * <p>Thread safety: its fields are final and hold immutable values; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class NoMatchingModelException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String query;
    @SuppressWarnings("serial") // an immutable List.copyOf list; its candidates are not sent across JVMs
    private final List<Assessment<?>> assessments;

    /**
     * Creates the exception.
     *
     * @param query the query, as {@link Query#toString()} describes it
     * @param assessments every candidate's assessment, none accepted; empty when there was no candidate
     * @throws IllegalArgumentException when an assessment is accepted
     * @since 0.2.0
     */
    public NoMatchingModelException(String query, List<? extends Assessment<?>> assessments) {
        super(message(query, assessments));
        this.query = query;
        this.assessments = List.copyOf(assessments);
        for (Assessment<?> a : this.assessments) {
            if (a.accepted()) {
                throw new IllegalArgumentException("assessments: " + a.candidate().label()
                        + " was accepted; there is no rejection to report");
            }
        }
    }

    private static String message(String query, List<? extends Assessment<?>> assessments) {
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(assessments, "assessments");
        if (assessments.isEmpty()) {
            return "no model satisfies " + query + ": the repository is empty (there is no candidate to choose from)";
        }
        StringBuilder s = new StringBuilder("no model satisfies ").append(query).append(" among ")
                .append(assessments.size()).append(assessments.size() == 1 ? " candidate:" : " candidates:");
        for (Assessment<?> a : assessments) {
            s.append("\n  ").append(a.describe());
        }
        return s.toString();
    }

    /**
     * Returns the query that found nothing.
     *
     * @return its description, as in the message
     * @since 0.2.0
     */
    public String query() {
        return query;
    }

    /**
     * Returns every candidate with its reasons, in the order they were given.
     *
     * @return the assessments, none accepted; empty when there was no candidate
     * @since 0.2.0
     */
    public List<Assessment<?>> assessments() {
        return assessments;
    }
}
