// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.spec.DataType;
import java.math.BigInteger;
import java.util.Optional;
import java.util.regex.Pattern;

/** Conversion of one element's text to its tensor type, with the range checks and messages both readers share. */
final class Values {
    /** The JSON number grammar, which the CSV reader also applies: no hex, no suffix, no padding, no leading '+'. */
    static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");
    static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]*)");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?[0-9]*,[0-9]+");

    static final float FLOAT16_MAX = 65504f;
    static final float BFLOAT16_MAX = Float.intBitsToFloat(0x7f7f0000);

    private Values() {
    }

    /** @return whether {@code s} matches {@link #NUMBER}, without a regex: the CSV reader checks every cell */
    static boolean isNumber(String s) {
        int n = s.length();
        int i = s.startsWith("-") ? 1 : 0;
        int digits = digits(s, i);
        if (digits == 0 || digits > 1 && s.charAt(i) == '0') {
            return false;
        }
        i += digits;
        if (i < n && s.charAt(i) == '.') {
            int f = digits(s, i + 1);
            if (f == 0) {
                return false;
            }
            i += 1 + f;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int e = digits(s, i);
            if (e == 0) {
                return false;
            }
            i += e;
        }
        return i == n;
    }

    /** @return whether {@code s} matches {@link #INTEGER}, without a regex */
    static boolean isInteger(String s) {
        int i = s.startsWith("-") ? 1 : 0;
        int digits = digits(s, i);
        return digits > 0 && i + digits == s.length() && (digits == 1 || s.charAt(i) != '0');
    }

    private static int digits(String s, int from) {
        int i = from;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i - from;
    }

    /**
     * Stores a number written in the JSON grammar.
     *
     * @param literal the number's text, already known to match {@link #NUMBER}
     * @param shown how to show it in a message
     * @return the problem, or empty when stored
     */
    static Optional<String> number(TensorData out, int i, String literal, String shown) {
        DataType t = out.dtype();
        switch (t) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float f = Float.parseFloat(literal);
                float max = t == DataType.FLOAT16 ? FLOAT16_MAX : t == DataType.BFLOAT16 ? BFLOAT16_MAX : Float.MAX_VALUE;
                if (Float.isInfinite(f) || Math.abs(f) > max) {
                    return Optional.of(shown + " is out of " + t + " range (largest magnitude " + max + ")");
                }
                out.setFloat(i, f);
                return Optional.empty();
            }
            case FLOAT64 -> {
                double d = Double.parseDouble(literal);
                if (Double.isInfinite(d)) {
                    return Optional.of(shown + " is out of float64 range (largest magnitude " + Double.MAX_VALUE + ")");
                }
                out.setDouble(i, d);
                return Optional.empty();
            }
            case INT8, UINT8, INT16, INT32, INT64 -> {
                if (!isInteger(literal)) {
                    return Optional.of(shown + " is not " + article(t) + " " + t + " (a whole number, written without a fraction or "
                            + "exponent)");
                }
                return integer(out, i, literal, shown);
            }
            case BOOL -> {
                return Optional.of(shown + " is not a bool (true or false)");
            }
            case STRING -> {
                return Optional.of(shown + " is not a string");
            }
            default -> throw new IllegalStateException(t.toString());
        }
    }

    /** Stores an integer literal (matching {@link #INTEGER}) after checking it against the type's range. */
    static Optional<String> integer(TensorData out, int i, String literal, String shown) {
        DataType t = out.dtype();
        long lo;
        long hi;
        switch (t) {
            case INT8 -> {
                lo = Byte.MIN_VALUE;
                hi = Byte.MAX_VALUE;
            }
            case UINT8 -> {
                lo = 0;
                hi = 255;
            }
            case INT16 -> {
                lo = Short.MIN_VALUE;
                hi = Short.MAX_VALUE;
            }
            case INT32 -> {
                lo = Integer.MIN_VALUE;
                hi = Integer.MAX_VALUE;
            }
            default -> {
                lo = Long.MIN_VALUE;
                hi = Long.MAX_VALUE;
            }
        }
        BigInteger v = new BigInteger(literal);
        if (v.compareTo(BigInteger.valueOf(lo)) < 0 || v.compareTo(BigInteger.valueOf(hi)) > 0) {
            return Optional.of(shown + " is out of " + t + " range [" + lo + ", " + hi + "]");
        }
        out.setLong(i, v.longValue());
        return Optional.empty();
    }

    /**
     * Stores a non-finite float given by name.
     *
     * @param name the spelling, already known to be an accepted one
     * @param negative whether it is negative infinity
     */
    static void nonFinite(TensorData out, int i, boolean nan, boolean negative) {
        double d = nan ? Double.NaN : negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        if (out.dtype() == DataType.FLOAT64) {
            out.setDouble(i, d);
        } else {
            out.setFloat(i, (float) d);
        }
    }

    /** @return "an" before int8 ... int64, "a" before every other type name */
    static String article(DataType t) {
        return t.jsonName().startsWith("int") ? "an" : "a";
    }

    /** @return the number of elements of a concrete shape, or -1 when it exceeds {@link Integer#MAX_VALUE} */
    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d == 0) {
                return 0;
            }
        }
        for (long d : shape) {
            if (n > Integer.MAX_VALUE / d) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** A hint for a cell that is not a number, or "" when there is none. */
    static String hint(String text) {
        if (text.isEmpty()) {
            return " (empty cell)";
        }
        if (!text.strip().equals(text)) {
            return " (surrounding whitespace)";
        }
        if (DECIMAL_COMMA.matcher(text).matches()) {
            return " (use '.' as the decimal separator)";
        }
        return "";
    }

    /** Quotes a text for a message, escaping quotes, backslashes and control characters, shortened past 60 chars. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        int n = Math.min(s.length(), 60);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        if (s.length() > n) {
            sb.append("...");
        }
        return sb.append('"').toString();
    }
}
