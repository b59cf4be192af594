// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Canonical JSON in the style of RFC 8785 (JSON Canonicalization Scheme), and its SHA-256: the identity of a
 * configuration, the same whatever the key order, whitespace or number spelling of the file.
 *
 * <p>Rules: object members sorted by their names' UTF-16 code units; no whitespace; strings with only {@code "},
 * {@code \} and control characters escaped ({@code \b \t \n \f \r}, else {@code \}{@code u00xx}); numbers as IEEE 754
 * doubles written the way ECMAScript does (integers below 10<sup>21</sup> without fraction or exponent, {@code -0} as
 * {@code 0}, others in their shortest decimal form, with an exponent below 10<sup>-6</sup> and from 10<sup>21</sup>).
 * So {@code {"b": 1.0, "a": [1e2]}} and {@code {"a":[100],"b":1}} have the same canonical form,
 * {@code {"a":[100],"b":1}}. Like RFC 8785, integers beyond 2<sup>53</sup> lose precision: write such values (seeds,
 * ids) as strings. Duplicate member names are refused.
 *
 * <p>Thread-safe; holds no state.
 *
 * @since 0.2.0
 */
public final class CanonicalJson {
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final BigDecimal PLAIN_FROM = new BigDecimal("1e-6");
    private static final BigDecimal PLAIN_BELOW = new BigDecimal("1e21");

    private CanonicalJson() {
    }

    /**
     * Writes a JSON tree in canonical form.
     *
     * @param json the tree
     * @return the canonical text
     * @throws IllegalArgumentException when a number is NaN or infinite (JSON has neither)
     */
    public static String write(JsonNode json) {
        StringBuilder out = new StringBuilder();
        append(out, json);
        return out.toString();
    }

    /**
     * Parses JSON text and writes it in canonical form.
     *
     * @param json the text
     * @return the canonical text
     * @throws IllegalArgumentException when the text is not JSON, or names a member twice
     */
    public static String canonicalize(String json) {
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonNode tree = MAPPER.readTree(parser);
            if (tree == null || parser.nextToken() != null) {
                throw new IllegalArgumentException("not one JSON value");
            }
            return write(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String source never fails to read
        }
    }

    /**
     * Returns the SHA-256 of a tree's canonical form (UTF-8).
     *
     * @param json the tree
     * @return 64 lower-case hex digits
     */
    public static String sha256(JsonNode json) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(write(json).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Returns the SHA-256 of a JSON file's canonical form.
     *
     * @param file a JSON file
     * @return 64 lower-case hex digits
     * @throws IllegalArgumentException naming the file when it is not JSON
     * @throws UncheckedIOException when it cannot be read
     */
    public static String sha256(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        try {
            return sha256(MAPPER.readTree(canonicalize(text)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("canonical JSON must parse again", e);
        }
    }

    private static void append(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
                members.addAll(node.properties());
                members.sort(Map.Entry.comparingByKey()); // String order is UTF-16 code unit order
                out.append('{');
                for (int i = 0; i < members.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    appendString(out, members.get(i).getKey());
                    out.append(':');
                    append(out, members.get(i).getValue());
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                Iterator<JsonNode> it = node.elements();
                for (int i = 0; it.hasNext(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, it.next());
                }
                out.append(']');
            }
            case STRING -> appendString(out, node.textValue());
            case NUMBER -> out.append(number(node.doubleValue()));
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    /** Formats a double as ECMAScript's Number.prototype.toString does. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(d + " is not a JSON number");
        }
        if (d == 0) {
            return "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        BigDecimal magnitude = exact.abs();
        if (magnitude.compareTo(PLAIN_FROM) >= 0 && magnitude.compareTo(PLAIN_BELOW) < 0) {
            return exact.toPlainString();
        }
        // d.ddde+x / d.ddde-x
        String digits = exact.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - exact.scale();
        StringBuilder sb = new StringBuilder();
        if (exact.signum() < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        return sb.append('e').append(exponent < 0 ? '-' : '+').append(Math.abs(exponent)).toString();
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
