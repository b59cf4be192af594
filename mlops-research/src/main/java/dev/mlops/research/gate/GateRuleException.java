// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import dev.mlops.api.MlopsException;
import java.util.Objects;

/**
 * A gate rule that cannot be read: the message quotes the rule's text and says what was expected where, for example
 * {@code gate rule "auc => baseline": expected >= or <= at column 5, found "=>"}.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class GateRuleException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String rule;

    /**
     * Creates an exception for one rule.
     *
     * @param rule the rule's text, as given
     * @param problem what was expected and what was found
     */
    public GateRuleException(String rule, String problem) {
        super("gate rule \"" + Objects.requireNonNull(rule, "rule") + "\": " + Objects.requireNonNull(problem,
                "problem"));
        this.rule = rule;
    }

    /**
     * Returns the text of the rule at fault.
     *
     * @return the rule's text, as given
     */
    public String rule() {
        return rule;
    }
}
