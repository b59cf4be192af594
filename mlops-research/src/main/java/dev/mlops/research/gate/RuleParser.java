// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one rule's text form; each error names the column and what was expected there. */
final class RuleParser {
    static final String FORM = "METRIC >= baseline, METRIC <= baseline, optionally followed by - AMOUNT, + AMOUNT"
            + " or * FACTOR, and METRIC optionally followed by a slice [key=value,...]";
    private static final Pattern NUMBER = Pattern.compile("(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][-+]?[0-9]+)?");

    private final String text;
    private int pos;

    RuleParser(String text) {
        this.text = text;
    }

    MetricRule rule() {
        skipSpaces();
        if (pos == text.length()) {
            throw fail("the rule is empty; expected " + FORM);
        }
        String metric = match(MetricRule.NAME, "a metric name");
        Map<String, String> slice = new LinkedHashMap<>();
        if (peek('[')) {
            slice(metric, slice);
        }
        skipSpaces();
        Direction direction;
        if (text.startsWith(">=", pos)) {
            direction = Direction.AT_LEAST;
        } else if (text.startsWith("<=", pos)) {
            direction = Direction.AT_MOST;
        } else {
            throw expected(">= or <= after the metric " + metric);
        }
        pos += 2;
        skipSpaces();
        if (!text.startsWith("baseline", pos) || (pos + 8 < text.length()
                && !Character.isWhitespace(text.charAt(pos + 8)) && "+-*".indexOf(text.charAt(pos + 8)) < 0)) {
            throw expected("the word baseline after " + direction.symbol()
                    + " (a rule compares with the baseline; a fixed floor such as auc >= 0.8 is not a gate rule)");
        }
        pos += 8;
        skipSpaces();
        Allowance allowance = Allowance.none();
        if (pos < text.length()) {
            char op = text.charAt(pos);
            if ("+-*".indexOf(op) < 0) {
                throw expected("- AMOUNT, + AMOUNT, * FACTOR or the end of the rule after baseline");
            }
            pos++;
            skipSpaces();
            int at = pos;
            double n = Double.parseDouble(match(NUMBER, op == '*' ? "a factor (a number above 0) after *"
                    : "an amount (a number >= 0) after " + op));
            if (!Double.isFinite(n)) {
                throw fail("column " + (at + 1) + ": the number is too large; expected a finite number");
            }
            if (op == '*') {
                if (n <= 0) {
                    throw fail("column " + (at + 1) + ": the factor is " + text.substring(at, pos)
                            + "; expected a number above 0");
                }
                allowance = Allowance.factor(n);
            } else {
                allowance = Allowance.offset(op == '-' ? -n : n);
            }
            skipSpaces();
            if (pos < text.length()) {
                throw expected("the end of the rule");
            }
        }
        return new MetricRule(metric, slice, direction, allowance);
    }

    private void slice(String metric, Map<String, String> slice) {
        int open = pos;
        int close = text.indexOf(']', pos);
        if (close < 0) {
            throw fail("column " + (open + 1) + ": the slice of " + metric + " has no closing ]");
        }
        String body = text.substring(open + 1, close);
        int col = open + 2;
        for (String part : body.split(",", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? "" : part.substring(0, eq).strip();
            String value = eq < 0 ? "" : part.substring(eq + 1).strip();
            if (eq < 0 || !MetricRule.SLICE_PART.matcher(key).matches()
                    || !MetricRule.SLICE_PART.matcher(value).matches()) {
                throw fail("column " + col + ": expected key=value in the slice of " + metric + ", found \""
                        + part.strip() + "\"");
            }
            if (slice.put(key, value) != null) {
                throw fail("column " + col + ": the slice of " + metric + " names " + key + " twice");
            }
            col += part.length() + 1;
        }
        pos = close + 1;
    }

    private String match(Pattern p, String what) {
        Matcher m = p.matcher(text).region(pos, text.length());
        if (!m.lookingAt()) {
            throw expected(what);
        }
        pos = m.end();
        return m.group();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private GateRuleException expected(String what) {
        int end = pos;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        String found = pos == text.length() ? "the end of the rule" : "\"" + text.substring(pos, end) + "\"";
        return fail("expected " + what + " at column " + (pos + 1) + ", found " + found);
    }

    private GateRuleException fail(String problem) {
        return new GateRuleException(text, problem);
    }
}
