// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rules checked on one closed window, with the numbers behind the verdict. A metric with no observations in the
 * window is absent from the maps, and a rule on it is listed in {@code notEvaluated}; a window passes when every
 * evaluated rule passed. Immutable.
 *
 * @param window the window's number within the rollout, from 1
 * @param phase the phase the window was measured in ({@link RolloutPhase#SHADOW}, {@link RolloutPhase#CANARY} or
 *     {@link RolloutPhase#BAKING})
 * @param length how long the window lasted
 * @param candidateCalls the candidate's calls in the window (shadow calls in shadow)
 * @param candidate the candidate's values, by metric
 * @param stable the stable version's values, by metric (while baking: those of the last trial window)
 * @param results each evaluated rule, in plan order
 * @param notEvaluated the rules whose metric had no value in the window
 * @param passed whether every evaluated rule passed
 * @since 0.2.0
 */
public record WindowCheck(int window, RolloutPhase phase, Duration length, long candidateCalls,
        Map<Metric, Double> candidate, Map<Metric, Double> stable, List<RuleResult> results, List<Rule> notEvaluated,
        boolean passed) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public WindowCheck {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(length, "length");
        candidate = copy(Objects.requireNonNull(candidate, "candidate"));
        stable = copy(Objects.requireNonNull(stable, "stable"));
        results = List.copyOf(results);
        notEvaluated = List.copyOf(notEvaluated);
    }

    private static Map<Metric, Double> copy(Map<Metric, Double> m) {
        return m.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(m));
    }

    /** @return for example {@code window 3 (canary, 100 calls, 1.2 s): passed [error_rate 0.0 passes <= 0.01]} */
    @Override
    public String toString() {
        return "window " + window + " (" + phase.name().toLowerCase(java.util.Locale.ROOT) + ", " + candidateCalls
                + " calls, " + length.toMillis() + " ms): " + (passed ? "passed " : "failed ") + results
                + (notEvaluated.isEmpty() ? "" : ", not evaluated (no data) " + notEvaluated);
    }
}
