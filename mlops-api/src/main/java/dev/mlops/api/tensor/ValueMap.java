// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.tensor;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An ONNX map from scalar keys to scalar values, such as one row's class probabilities ({@code map<int64,float32>}).
 *
 * <p>Keys are {@link Long} ({@code int64}) or {@link String}; values {@link Float} ({@code float32}), {@link Double}
 * ({@code float64}), {@link Long} ({@code int64}) or {@link String}. Entries are kept in ascending key order, so two
 * equal maps iterate alike. Immutable and thread-safe.
 *
 * @param type the map's key and value types
 * @param entries the entries, in ascending key order
 * @since 0.2.0
 */
public record ValueMap(ValueType.MapType type, Map<Object, Object> entries) implements Value {

    /**
     * Checks the components and copies the entries in key order.
     *
     * @throws NullPointerException when a component, key or value is {@code null}
     * @throws IllegalArgumentException naming the first key or value of another Java type than the map's types hold
     */
    public ValueMap {
        Objects.requireNonNull(type, "type");
        List<Map.Entry<Object, Object>> sorted = new ArrayList<>(Objects.requireNonNull(entries, "entries").entrySet());
        for (Map.Entry<Object, Object> e : sorted) {
            Object k = Objects.requireNonNull(e.getKey(), "key");
            Object v = Objects.requireNonNull(e.getValue(), () -> "entries[" + k + "]");
            if (!javaType(type.key()).isInstance(k)) {
                throw new IllegalArgumentException("entries: key " + k + " is a " + k.getClass().getSimpleName()
                        + ", not the " + javaType(type.key()).getSimpleName() + " a " + type + " holds");
            }
            if (!javaType(type.value()).isInstance(v)) {
                throw new IllegalArgumentException("entries[" + k + "]: " + v + " is a " + v.getClass().getSimpleName()
                        + ", not the " + javaType(type.value()).getSimpleName() + " a " + type + " holds");
            }
        }
        sorted.sort((a, b) -> compareKeys(a.getKey(), b.getKey()));
        Map<Object, Object> copy = new LinkedHashMap<>();
        sorted.forEach(e -> copy.put(e.getKey(), e.getValue()));
        entries = Collections.unmodifiableMap(copy);
    }

    /**
     * Creates a map with {@code int64} keys and {@code float32} values, as scikit-learn's ZipMap returns for integer
     * class labels.
     *
     * @param entries the probabilities by class
     * @return the map
     */
    public static ValueMap ofLongToFloat(Map<Long, Float> entries) {
        return new ValueMap(new ValueType.MapType(DataType.INT64, DataType.FLOAT32), new LinkedHashMap<>(entries));
    }

    /**
     * Creates a map with {@code string} keys and {@code float32} values, as scikit-learn's ZipMap returns for string
     * class labels.
     *
     * @param entries the probabilities by class
     * @return the map
     */
    public static ValueMap ofStringToFloat(Map<String, Float> entries) {
        return new ValueMap(new ValueType.MapType(DataType.STRING, DataType.FLOAT32), new LinkedHashMap<>(entries));
    }

    /**
     * Looks a value up.
     *
     * @param key a {@link Long} or {@link String} key
     * @return the value, or empty when the map has no such key
     */
    public Optional<Object> get(Object key) {
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Looks a numeric value up.
     *
     * @param key the key
     * @return the value as a {@code double}
     * @throws java.util.NoSuchElementException when the map has no such key
     * @throws IllegalStateException when the map's values are strings
     */
    public double getDouble(Object key) {
        Object v = get(key).orElseThrow(() -> new java.util.NoSuchElementException("no key " + key + " in this "
                + type + " (keys: " + entries.keySet() + ")"));
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalStateException("the values of a " + type + " are not numbers");
    }

    /**
     * Returns the number of entries.
     *
     * @return the size
     */
    public int size() {
        return entries.size();
    }

    private static Class<?> javaType(DataType t) {
        return switch (t) {
            case INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            default -> String.class; // MapType allows string and the types above only
        };
    }

    private static int compareKeys(Object a, Object b) {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        return a.toString().compareTo(b.toString());
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public String toString() {
        return type + entries.toString();
    }
}
