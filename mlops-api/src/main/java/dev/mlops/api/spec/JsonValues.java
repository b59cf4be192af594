// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Deep, immutable copies of free-form JSON values such as {@link ModelMetadata#extensions()}. */
final class JsonValues {
    private JsonValues() {
    }

    /**
     * Copies a JSON object all the way down: maps stay in their iteration order (unmodifiable), lists become
     * unmodifiable, and every leaf is a String, Boolean or an immutable JDK number.
     *
     * @param path the object's path for messages, for example {@code extensions}
     * @param object the object
     * @return the copy
     * @throws IllegalArgumentException naming the key path of a value that is not JSON (another type, a key that is
     *     not a String, NaN or an infinity)
     * @throws NullPointerException naming the key path of a null
     */
    static Map<String, Object> copyObject(String path, Map<?, ?> object) {
        Objects.requireNonNull(object, path);
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : object.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException(path + ": the key " + e.getKey() + " is not a String (JSON object "
                        + "keys are strings)");
            }
            out.put(key, copy(path + "." + key, e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static Object copy(String path, Object value) {
        Objects.requireNonNull(value, path);
        if (value instanceof String || value instanceof Boolean) {
            return value;
        }
        if (value instanceof Map<?, ?> m) {
            return copyObject(path, m);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (int i = 0; i < l.size(); i++) {
                out.add(copy(path + "[" + i + "]", l.get(i)));
            }
            return Collections.unmodifiableList(out);
        }
        Class<?> c = value.getClass();
        if (c == Integer.class || c == Long.class || c == Short.class || c == Byte.class || c == BigInteger.class
                || c == BigDecimal.class) {
            return value;
        }
        if (c == Double.class || c == Float.class) {
            double d = ((Number) value).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new IllegalArgumentException(path + ": " + value + " is not a JSON value (JSON numbers are "
                        + "finite)");
            }
            return value;
        }
        throw new IllegalArgumentException(path + ": " + c.getName() + " is not a JSON value (String, Boolean, "
                + "Integer, Long, Short, Byte, Double, Float, BigInteger, BigDecimal, List, or Map with String keys)");
    }
}
