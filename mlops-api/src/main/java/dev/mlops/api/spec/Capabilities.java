// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a model is good for, as string keys to lists of values: {@code {"area": ["Jerusalem", "Beit-Shemesh"]}}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param values the capability map
 * @since 0.1.0
 */
public record Capabilities(Map<String, List<String>> values) {
    /** Copies the map and its lists. */
    public Capabilities {
        Objects.requireNonNull(values, "values");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), List.copyOf(v)));
        values = java.util.Collections.unmodifiableMap(copy);
    }

    /** @return capabilities with no entries */
    public static Capabilities none() {
        return new Capabilities(Map.of());
    }

    /**
     * Returns the values of one key.
     *
     * @param key a capability key such as {@code "area"}
     * @return its values; empty when the key is absent
     */
    public List<String> get(String key) {
        return values.getOrDefault(key, List.of());
    }

    /**
     * Tells whether the model declares a value for a key.
     *
     * @param key a capability key such as {@code "area"}
     * @param value a value such as {@code "Hebron"}
     * @return {@code true} when declared
     */
    public boolean has(String key, String value) {
        return get(key).contains(value);
    }
}
