// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.MlopsException;
import java.util.Objects;

/**
 * A rule could not be read: an unknown metric (the message names it and lists the known ones), an unknown operator,
 * a threshold that is not a number, or a comparison with {@code stable} on a metric only the candidate has. Thrown
 * when the plan is built, never while traffic runs.
 *
 * @since 0.2.0
 */
public final class InvalidRuleException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /** The rule as written. */
    private final String rule;

    InvalidRuleException(String rule, String message) {
        super("rule \"" + rule + "\": " + message);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** @return the rule as written */
    public String rule() {
        return rule;
    }
}
