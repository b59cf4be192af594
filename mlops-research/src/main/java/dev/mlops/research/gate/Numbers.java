// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.math.BigDecimal;
import java.math.MathContext;

/** Numbers as the gate computes and prints them. */
final class Numbers {
    private static final MathContext SHOWN = new MathContext(10);

    private Numbers() {
    }

    /** The shortest decimal form of a finite double. */
    static BigDecimal decimal(double value, String what) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " is " + show(value) + "; expected a finite number");
        }
        return BigDecimal.valueOf(value);
    }

    /** A number as a rule's text writes it: every digit, never an exponent. */
    static String exact(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** A value for a message: at most ten significant digits, so 0.8400000000000001 reads 0.84. */
    static String show(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        return show(BigDecimal.valueOf(value));
    }

    static String show(BigDecimal value) {
        return value.round(SHOWN).stripTrailingZeros().toPlainString();
    }
}
