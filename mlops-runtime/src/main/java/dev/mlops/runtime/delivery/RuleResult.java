// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.util.Objects;

/**
 * One rule evaluated on one window: the candidate's value, the threshold it was held to (for a relative rule, the
 * stable value times the factor) and whether it passed. Immutable.
 *
 * @param rule the rule
 * @param value the candidate's value of the rule's metric in the window
 * @param threshold the threshold in the window
 * @param passed whether {@code value} satisfied the rule
 * @since 0.2.0
 */
public record RuleResult(Rule rule, double value, double threshold, boolean passed) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code rule} is {@code null}
     */
    public RuleResult {
        Objects.requireNonNull(rule, "rule");
    }

    /** @return for example {@code error_rate 0.25 > 0.01 (rule error_rate <= 0.01)} */
    @Override
    public String toString() {
        return rule.metric().ruleName() + " " + value + (passed ? " passes " : " fails ") + rule.operator().symbol()
                + " " + threshold;
    }
}
