// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check on one {@link Metric} of the candidate over a window: {@code error_rate <= 0.01} (an absolute threshold) or
 * {@code p99_latency_ms <= stable * 1.2} (relative to the stable version's value in the same window; {@code stable}
 * alone means a factor of 1). Written as a string and read by {@link #parse(String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param metric the metric checked
 * @param operator how the candidate's value is compared with the threshold
 * @param value the threshold, or the factor applied to the stable value when {@code relative}
 * @param relative whether the threshold is {@code stable * value}
 * @since 0.2.0
 */
public record Rule(Metric metric, Operator operator, double value, boolean relative) {

    private static final Pattern FORM = Pattern.compile(
            "\\s*([A-Za-z0-9_]+)\\s*(<=|>=|<|>)\\s*(.+?)\\s*");
    private static final Pattern STABLE = Pattern.compile(
            "stable(?:\\s*\\*\\s*(\\S+))?|(\\S+)\\s*\\*\\s*stable");

    /**
     * How a value is compared with its threshold.
     *
     * @since 0.2.0
     */
    public enum Operator {
        /** {@code <=} */
        AT_MOST("<="),
        /** {@code <} */
        BELOW("<"),
        /** {@code >=} */
        AT_LEAST(">="),
        /** {@code >} */
        ABOVE(">");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        /** @return the symbol, for example {@code <=} */
        public String symbol() {
            return symbol;
        }

        /**
         * Applies the comparison.
         *
         * @param actual the measured value
         * @param threshold the threshold
         * @return whether {@code actual} satisfies it
         */
        public boolean test(double actual, double threshold) {
            switch (this) {
                case AT_MOST:
                    return actual <= threshold;
                case BELOW:
                    return actual < threshold;
                case AT_LEAST:
                    return actual >= threshold;
                default:
                    return actual > threshold;
            }
        }

        static Operator of(String symbol) {
            for (Operator o : values()) {
                if (o.symbol.equals(symbol)) {
                    return o;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     * @throws InvalidRuleException when {@code value} is not finite, negative while relative, or {@code relative} is
     *     set on a metric the stable version does not have
     */
    public Rule {
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(operator, "operator");
        if (!Double.isFinite(value) || relative && value < 0) {
            throw new InvalidRuleException(text(metric, operator, value, relative),
                    "the threshold must be a finite number" + (relative ? " and the factor at least 0" : ""));
        }
        if (relative && !metric.stableHasIt()) {
            throw new InvalidRuleException(text(metric, operator, value, relative), metric.ruleName()
                    + " is measured on the candidate only, so it cannot be compared with stable; compare it with a"
                    + " number");
        }
    }

    /**
     * Reads a rule: {@code <metric> <op> <number>}, {@code <metric> <op> stable}, {@code <metric> <op> stable * <factor>}
     * or {@code <metric> <op> <factor> * stable}, where {@code <op>} is one of {@code <= < >= >}.
     *
     * @param rule for example {@code "p99_latency_ms <= stable * 1.2"}
     * @return the rule
     * @throws InvalidRuleException when the metric is unknown (the message lists the known ones), the form or the
     *     number cannot be read, or {@code stable} is used with a candidate-only metric
     */
    public static Rule parse(String rule) {
        Objects.requireNonNull(rule, "rule");
        Matcher m = FORM.matcher(rule);
        if (!m.matches()) {
            throw new InvalidRuleException(rule, "expected <metric> <op> <number | stable | stable * factor> with <op>"
                    + " one of <=, <, >=, >, for example \"error_rate <= 0.01\"; metrics: " + Metric.ruleNames());
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        Metric metric = Metric.byRuleName(name).orElseThrow(() -> new InvalidRuleException(rule,
                "unknown metric '" + m.group(1) + "'; known metrics: " + Metric.ruleNames()));
        Operator op = Operator.of(m.group(2));
        String rhs = m.group(3);
        Matcher s = STABLE.matcher(rhs);
        if (s.matches()) {
            String factor = s.group(1) != null ? s.group(1) : s.group(2);
            return new Rule(metric, op, factor == null ? 1.0 : number(rule, factor), true);
        }
        return new Rule(metric, op, number(rule, rhs), false);
    }

    private static double number(String rule, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new InvalidRuleException(rule, "'" + text + "' is not a number (expected a number, stable, or"
                    + " stable * <number>)");
        }
    }

    /**
     * Returns the threshold for a window.
     *
     * @param stableValue the stable version's value of the same metric in the window, used when relative
     * @return the threshold
     */
    double threshold(double stableValue) {
        return relative ? stableValue * value : value;
    }

    /** @return the rule as {@link #parse(String)} reads it, for example {@code p99_latency_ms <= stable * 1.2} */
    @Override
    public String toString() {
        return text(metric, operator, value, relative);
    }

    private static String text(Metric metric, Operator operator, double value, boolean relative) {
        return metric.ruleName() + " " + operator.symbol() + " " + (relative ? "stable * " + value : value);
    }
}
