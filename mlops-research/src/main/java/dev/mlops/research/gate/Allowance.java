// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.math.BigDecimal;

/**
 * How far from the baseline's value a rule puts its bound: the baseline itself, the baseline plus or minus an amount
 * ({@code baseline - 0.01}), or the baseline times a factor ({@code baseline * 1.05}).
 *
 * <p>Bounds are computed in decimal arithmetic on the shortest decimal form of each number, so that
 * {@code 0.85 - 0.01} is exactly {@code 0.84} and a candidate of {@code 0.84} meets it. A factor multiplies the
 * baseline's value as it is: for a metric that can be negative, an amount says what is meant more plainly.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public sealed interface Allowance permits Allowance.None, Allowance.Offset, Allowance.Factor {

    /**
     * Returns the bound for a baseline value.
     *
     * @param baseline the baseline's value, finite
     * @return the bound, exact in decimal
     * @throws IllegalArgumentException when {@code baseline} is NaN or infinite
     */
    BigDecimal bound(double baseline);

    /**
     * Writes the bound's expression with a value in place of {@code baseline}: {@code "0.85 - 0.01"}.
     *
     * @param baseline the text that stands for the baseline, {@code "baseline"} or its value
     * @return the expression
     */
    String describe(String baseline);

    /**
     * No allowance: the bound is the baseline's value.
     *
     * @return the allowance
     */
    static Allowance none() {
        return new None();
    }

    /**
     * A bound at the baseline plus {@code amount}: negative to allow a regression ({@code baseline - 0.01} is
     * {@code offset(-0.01)}), positive to demand an improvement.
     *
     * @param amount the amount, finite
     * @return the allowance
     * @throws IllegalArgumentException when {@code amount} is NaN or infinite
     */
    static Allowance offset(double amount) {
        return new Offset(amount);
    }

    /**
     * A bound at the baseline times {@code factor} ({@code baseline * 1.05} is {@code factor(1.05)}).
     *
     * @param factor the factor, finite and above zero
     * @return the allowance
     * @throws IllegalArgumentException when {@code factor} is not finite or not above zero
     */
    static Allowance factor(double factor) {
        return new Factor(factor);
    }

    /**
     * The bound is the baseline's value.
     *
     * @since 0.2.0
     */
    record None() implements Allowance {
        @Override
        public BigDecimal bound(double baseline) {
            return Numbers.decimal(baseline, "baseline");
        }

        @Override
        public String describe(String baseline) {
            return baseline;
        }
    }

    /**
     * The bound is the baseline plus an amount.
     *
     * @param amount added to the baseline's value; negative allows a regression
     * @since 0.2.0
     */
    record Offset(double amount) implements Allowance {
        /**
         * Checks the amount.
         *
         * @throws IllegalArgumentException when it is NaN or infinite
         */
        public Offset {
            if (!Double.isFinite(amount)) {
                throw new IllegalArgumentException("amount is " + amount + "; expected a finite number");
            }
        }

        @Override
        public BigDecimal bound(double baseline) {
            return Numbers.decimal(baseline, "baseline").add(BigDecimal.valueOf(amount));
        }

        @Override
        public String describe(String baseline) {
            return baseline + (amount < 0 ? " - " : " + ") + Numbers.exact(Math.abs(amount));
        }
    }

    /**
     * The bound is the baseline times a factor.
     *
     * @param factor multiplies the baseline's value; above zero
     * @since 0.2.0
     */
    record Factor(double factor) implements Allowance {
        /**
         * Checks the factor.
         *
         * @throws IllegalArgumentException when it is not finite or not above zero
         */
        public Factor {
            if (!Double.isFinite(factor) || factor <= 0) {
                throw new IllegalArgumentException("factor is " + factor + "; expected a finite number above 0");
            }
        }

        @Override
        public BigDecimal bound(double baseline) {
            return Numbers.decimal(baseline, "baseline").multiply(BigDecimal.valueOf(factor));
        }

        @Override
        public String describe(String baseline) {
            return baseline + " * " + Numbers.exact(factor);
        }
    }
}
