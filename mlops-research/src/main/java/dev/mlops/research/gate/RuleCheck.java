// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One rule applied to one evaluation dataset: both values, the bound and the verdict.
 *
 * <p>Immutable and thread-safe.
 *
 * @param rule the rule
 * @param datasetSha256 the hex SHA-256 of the evaluation data both values were measured on
 * @param split the split of that data, when the metrics name one
 * @param candidate the candidate's value (may be NaN or infinite)
 * @param baseline the baseline's value, finite
 * @param bound the bound the rule derives from the baseline, rounded to the nearest double
 * @param verdict whether the candidate meets it
 * @since 0.2.0
 */
public record RuleCheck(MetricRule rule, String datasetSha256, Optional<String> split, double candidate,
        double baseline, double bound, Verdict verdict) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when the hash is not 64 lower-case hex digits or the baseline is not finite
     */
    public RuleCheck {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(datasetSha256, "datasetSha256");
        if (!SHA256.matcher(datasetSha256).matches()) {
            throw new IllegalArgumentException("datasetSha256 is \"" + datasetSha256
                    + "\"; expected 64 lower-case hex digits");
        }
        Objects.requireNonNull(split, "split");
        Objects.requireNonNull(verdict, "verdict");
        if (!Double.isFinite(baseline)) {
            throw new IllegalArgumentException("baseline is " + baseline + "; expected a finite number");
        }
    }

    /**
     * Returns the metric's name.
     *
     * @return the rule's metric, for example {@code auc}
     */
    public String metric() {
        return rule.metric();
    }

    /**
     * Says whether the candidate passed.
     *
     * @return whether the verdict is {@link Verdict#PASS}
     */
    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    /**
     * Describes the check in one line: {@code auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)} for a regression,
     * {@code auc 0.86 >= bound 0.84 (baseline 0.85 - 0.01)} for a pass, {@code auc NaN is not a number, bound ...}
     * for a candidate without a value.
     *
     * @return the description
     */
    public String message() {
        String op = Double.isNaN(candidate) ? "is not a number," : passed() ? rule.direction().symbol()
                : rule.direction().violationSymbol();
        return rule.target() + " " + Numbers.show(candidate) + " " + op + " bound " + Numbers.show(bound)
                + " (baseline " + rule.allowance().describe(Numbers.show(baseline)) + ")";
    }
}
