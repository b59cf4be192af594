// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Argument checks shared by the value types; each message names the field and what was expected. */
final class Checks {
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern DELIVERY_ID = Pattern.compile("sha256:[0-9a-f]{64}");
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    private Checks() {
    }

    static String text(String field, String value, int maxLength) {
        Objects.requireNonNull(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be blank");
        }
        if (value.length() > maxLength) {
            throw new IllegalArgumentException(field + " has " + value.length() + " characters; at most " + maxLength
                    + " are allowed");
        }
        return value;
    }

    static Optional<String> text(String field, Optional<String> value, int maxLength) {
        Objects.requireNonNull(value, field);
        value.ifPresent(v -> text(field, v, maxLength));
        return value;
    }

    static String name(String field, String value, int maxLength) {
        text(field, value, maxLength);
        if (!NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "': expected letters, digits, '.', '_', ':' or '-',"
                    + " starting with a letter or digit");
        }
        return value;
    }

    static String sha256(String field, String value) {
        Objects.requireNonNull(value, field);
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " '" + value + "': expected 64 lower-case hex digits (SHA-256)");
        }
        return value;
    }

    static Map<String, String> slice(Map<String, String> slice) {
        Objects.requireNonNull(slice, "slice");
        for (Map.Entry<String, String> e : slice.entrySet()) {
            text("slice key", e.getKey(), 200);
            text("slice['" + e.getKey() + "']", e.getValue(), 300);
        }
        return slice;
    }
}
