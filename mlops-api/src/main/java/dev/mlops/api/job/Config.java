// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read-only configuration of a training or export job: string keys to JSON-like values.
 *
 * <p>Implementations are immutable and thread-safe.
 *
 * @since 0.1.0
 */
public interface Config {

    /** @return every key */
    Set<String> keys();

    /**
     * Looks a value up.
     *
     * @param key the key
     * @return its value (String, Number, Boolean, List or Map), or empty
     */
    Optional<Object> get(String key);

    /**
     * Looks a string up.
     *
     * @param key the key
     * @return its value as text, or empty
     */
    default Optional<String> getString(String key) {
        return get(key).map(String::valueOf);
    }

    /**
     * Looks a required value up.
     *
     * @param key the key
     * @return its value as text
     * @throws IllegalArgumentException naming the missing key
     */
    default String require(String key) {
        return getString(key).orElseThrow(() -> new IllegalArgumentException("config: missing required key '" + key + "'"));
    }

    /**
     * Creates a config from a map.
     *
     * @param values the values
     * @return an immutable config
     */
    static Config of(Map<String, ?> values) {
        Map<String, Object> copy = Map.copyOf(values);
        return new Config() {
            @Override
            public Set<String> keys() {
                return copy.keySet();
            }

            @Override
            public Optional<Object> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }

            @Override
            public String toString() {
                return "Config" + copy;
            }
        };
    }
}
