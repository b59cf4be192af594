// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the gate decided: the candidate passes every rule, regresses on at least one, or cannot be compared with the
 * baseline at all. Each kind carries what a report needs; {@link #exitCode()} is the CLI's exit status.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public sealed interface GateResult permits GateResult.Pass, GateResult.Regression, GateResult.NotComparable {
    /** The exit status of a pass. */
    int EXIT_PASS = 0;
    /** The exit status of a regression. */
    int EXIT_REGRESSION = 1;
    /** The exit status of a refusal to compare. */
    int EXIT_NOT_COMPARABLE = 2;

    /**
     * Names the candidate.
     *
     * @return the candidate's label
     */
    String candidate();

    /**
     * Names the baseline.
     *
     * @return the baseline's label
     */
    String baseline();

    /**
     * Returns the exit status for a command line.
     *
     * @return {@value #EXIT_PASS} pass, {@value #EXIT_REGRESSION} regression, {@value #EXIT_NOT_COMPARABLE} not
     *     comparable
     */
    int exitCode();

    /**
     * Describes the result for people: a headline, then one line per check or reason.
     *
     * @return the report, lines separated by {@code \n}
     */
    String report();

    /**
     * The candidate meets every rule on the shared evaluation data.
     *
     * @param candidate the candidate's label
     * @param baseline the baseline's label
     * @param checks every check, all passed
     * @since 0.2.0
     */
    record Pass(String candidate, String baseline, List<RuleCheck> checks) implements GateResult {
        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException when there is no check or one did not pass
         */
        public Pass {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(baseline, "baseline");
            checks = List.copyOf(checks);
            if (checks.isEmpty() || !checks.stream().allMatch(RuleCheck::passed)) {
                throw new IllegalArgumentException("a pass needs at least one check, all passed: " + checks);
            }
        }

        @Override
        public int exitCode() {
            return EXIT_PASS;
        }

        @Override
        public String report() {
            return lines("gate passed: " + candidate + " against " + baseline,
                    checks.stream().map(c -> "  ok   " + c.message()));
        }
    }

    /**
     * The candidate is worse than at least one rule allows.
     *
     * @param candidate the candidate's label
     * @param baseline the baseline's label
     * @param checks every check, at least one failed
     * @since 0.2.0
     */
    record Regression(String candidate, String baseline, List<RuleCheck> checks) implements GateResult {
        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException when no check failed
         */
        public Regression {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(baseline, "baseline");
            checks = List.copyOf(checks);
            if (checks.stream().allMatch(RuleCheck::passed)) {
                throw new IllegalArgumentException("a regression needs a failed check: " + checks);
            }
        }

        /**
         * Returns the checks that failed.
         *
         * @return the failed checks, at least one
         */
        public List<RuleCheck> failures() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }

        @Override
        public int exitCode() {
            return EXIT_REGRESSION;
        }

        @Override
        public String report() {
            return lines("gate failed: " + candidate + " regresses against " + baseline,
                    checks.stream().map(c -> (c.passed() ? "  ok   " : "  FAIL ") + c.message()));
        }
    }

    /**
     * The gate refused to compare: a metric is missing on one side, the two were measured on different or unknown
     * evaluation data, or the baseline has no usable value.
     *
     * @param candidate the candidate's label
     * @param baseline the baseline's label
     * @param reasons why, one sentence per problem, each naming the metric
     * @since 0.2.0
     */
    record NotComparable(String candidate, String baseline, List<String> reasons) implements GateResult {
        /**
         * Checks and copies the components.
         *
         * @throws IllegalArgumentException when there is no reason
         */
        public NotComparable {
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(baseline, "baseline");
            reasons = List.copyOf(reasons);
            if (reasons.isEmpty()) {
                throw new IllegalArgumentException("a refusal needs a reason");
            }
        }

        @Override
        public int exitCode() {
            return EXIT_NOT_COMPARABLE;
        }

        @Override
        public String report() {
            return lines("gate cannot compare " + candidate + " with " + baseline,
                    reasons.stream().map(r -> "  " + r));
        }
    }

    private static String lines(String head, Stream<String> rest) {
        return Stream.concat(Stream.of(head), rest).collect(Collectors.joining("\n"));
    }
}
