// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

/**
 * Which way a metric is better: higher ({@code >=}, for AUC or accuracy) or lower ({@code <=}, for MSE or log loss).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum Direction {
    /** The candidate must reach at least the bound: {@code >=}. */
    AT_LEAST(">=", "<"),
    /** The candidate must stay at most at the bound: {@code <=}. */
    AT_MOST("<=", ">");

    private final String symbol;
    private final String violation;

    Direction(String symbol, String violation) {
        this.symbol = symbol;
        this.violation = violation;
    }

    /**
     * Returns the operator of the rule's text.
     *
     * @return {@code >=} or {@code <=}
     */
    public String symbol() {
        return symbol;
    }

    /**
     * Returns the operator that a failed check prints between the candidate's value and the bound.
     *
     * @return {@code <} for {@link #AT_LEAST}, {@code >} for {@link #AT_MOST}
     */
    public String violationSymbol() {
        return violation;
    }
}
