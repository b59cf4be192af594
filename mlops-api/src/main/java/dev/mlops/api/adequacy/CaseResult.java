// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.adequacy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one adequacy case: either the model ran and its outputs were {@link Compared compared} with the
 * expected ones, or the model run threw and the case {@link Errored errored}.
 *
 * <p>Every implementation is an immutable record, safe to share between threads.
 *
 * @since 0.2.0
 */
public sealed interface CaseResult permits CaseResult.Compared, CaseResult.Errored {

    /**
     * Returns the case id.
     *
     * @return the id, for example {@code "row 2"}
     */
    String id();

    /**
     * Returns where the case was read from.
     *
     * @return the file and line, when known
     */
    Optional<CaseSource> source();

    /**
     * Tells whether the case passed: it ran, and every expected output matched.
     *
     * @return {@code true} for a {@link Compared} result whose every output passed
     */
    boolean passed();

    /**
     * Returns the outputs that did not match.
     *
     * @return the failed outputs, in the case's order; empty when the case passed or {@link Errored errored}
     */
    List<OutputResult> failedOutputs();

    /**
     * Renders the case on one line: {@code "id" (file:line): } followed by why the run failed, each failed output's
     * {@link OutputResult#describe()} (separated by {@code "; "}), or {@code passed}.
     *
     * @return the line, without a line break
     */
    String describe();

    /**
     * The model ran on the case's inputs and each expected output was compared with what it returned.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the case id
     * @param source where the case was read from, when known
     * @param outputs one result per output the case expects, in the case's order; at least one
     * @since 0.2.0
     */
    record Compared(String id, Optional<CaseSource> source, List<OutputResult> outputs) implements CaseResult {

        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException when a component or an output is {@code null}
         * @throws IllegalArgumentException when {@code outputs} is empty: a case that compares nothing proves nothing
         */
        public Compared {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            outputs = List.copyOf(Objects.requireNonNull(outputs, "outputs"));
            if (outputs.isEmpty()) {
                throw new IllegalArgumentException("outputs: case \"" + id + "\" compared no output (a case must"
                        + " compare at least one)");
            }
        }

        @Override
        public boolean passed() {
            return outputs.stream().allMatch(OutputResult::passed);
        }

        @Override
        public List<OutputResult> failedOutputs() {
            return outputs.stream().filter(o -> !o.passed()).toList();
        }

        @Override
        public String describe() {
            StringBuilder sb = CaseResult.heading(id, source);
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
     * Running the model on the case's inputs failed (the model threw, or returned nothing), so no output was compared.
     * The case fails.
     *
     * <p>Immutable and thread-safe.
     *
     * @param id the case id
     * @param source where the case was read from, when known
     * @param error why the run failed: the message of what the model threw, or its class name when it had none
     * @since 0.2.0
     */
    record Errored(String id, Optional<CaseSource> source, String error) implements CaseResult {

        /**
         * Checks the components.
         *
         * @throws NullPointerException when a component is {@code null}
         * @throws IllegalArgumentException when {@code error} is blank
         */
        public Errored {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(error, "error");
            if (error.isBlank()) {
                throw new IllegalArgumentException("error: must say why case \"" + id + "\" failed to run");
            }
        }

        /**
         * An errored case never passes.
         *
         * @return {@code false}
         */
        @Override
        public boolean passed() {
            return false;
        }

        /**
         * An errored case compared no output.
         *
         * @return an empty list
         */
        @Override
        public List<OutputResult> failedOutputs() {
            return List.of();
        }

        @Override
        public String describe() {
            return CaseResult.heading(id, source).append("the model run failed: ").append(error).toString();
        }
    }

    /** {@code "id" (file:line): }, the start of {@link #describe()}. */
    private static StringBuilder heading(String id, Optional<CaseSource> source) {
        StringBuilder sb = new StringBuilder().append('"').append(id).append('"');
        source.ifPresent(s -> sb.append(" (").append(s.file()).append(':').append(s.line()).append(')'));
        return sb.append(": ");
    }
}
