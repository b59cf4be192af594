// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.job.Config;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A configuration after its file and every override were applied, checked and bound to its record type: the typed
 * value, the JSON it came from and the SHA-256 of that JSON's canonical form.
 *
 * <p>Made by {@link ConfigLoader}. Immutable and thread-safe, provided the record type is (records of strings,
 * numbers, enums and {@code List.copyOf}/{@code Map.copyOf} collections are).
 *
 * @param <T> the record type
 * @since 0.2.0
 */
public final class EffectiveConfig<T extends Record> implements Config {
    private final Class<T> type;
    private final T value;
    private final ObjectNode tree;
    private final String sha256;
    private final String source;

    EffectiveConfig(Class<T> type, T value, ObjectNode tree, String source) {
        this.type = type;
        this.value = value;
        this.tree = tree.deepCopy();
        this.sha256 = CanonicalJson.sha256(this.tree);
        this.source = source;
    }

    /**
     * Returns the typed value.
     *
     * @return the bound record
     * @since 0.2.0
     */
    public T value() {
        return value;
    }

    /**
     * Returns the record type.
     *
     * @return the type this configuration is bound to
     * @since 0.2.0
     */
    public Class<T> type() {
        return type;
    }

    /**
     * Returns where the configuration came from, for messages.
     *
     * @return the file it was loaded from, or {@code "config"} for one made in code
     * @since 0.2.0
     */
    public String source() {
        return source;
    }

    /**
     * Returns a copy of the effective JSON tree.
     *
     * @return a new tree each call; changing it changes nothing here
     * @since 0.2.0
     */
    public ObjectNode toTree() {
        return tree.deepCopy();
    }

    @Override
    public Optional<Object> get(String path) {
        Objects.requireNonNull(path, "path");
        String[] segments = path.split("\\.", -1);
        JsonNode at = tree;
        for (String s : segments) {
            if (s.isEmpty()) {
                throw new IllegalArgumentException("config path '" + path + "' has an empty segment");
            }
            at = at.get(s);
            if (at == null) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(ConfigJson.toJava(at));
    }

    @Override
    public String sha256() {
        return sha256;
    }

    @Override
    public String toJson() {
        return ConfigJson.pretty(tree);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Readers of the written file (Python's {@code json.load} among them) get the same tree, so its canonical
     * SHA-256 equals {@link #sha256()}.
     */
    @Override
    public void save(Path file) {
        ConfigJson.writeAtomically(Objects.requireNonNull(file, "file"), toJson());
    }

    /**
     * {@inheritDoc}
     *
     * @throws InvalidConfigException listing every violation, naming {@link #source()}
     * @throws IllegalArgumentException when a component of the type cannot be bound from JSON
     */
    @Override
    public <S extends Record> S bind(Class<S> other) {
        Objects.requireNonNull(other, "type");
        if (other == type) {
            return other.cast(value);
        }
        return Binder.bind(tree, Shape.ofRecord(other), other, source);
    }

    /** Equal when of the same type with the same canonical JSON. */
    @Override
    public boolean equals(Object o) {
        return o instanceof EffectiveConfig<?> c && c.type == type && c.sha256.equals(sha256);
    }

    @Override
    public int hashCode() {
        return sha256.hashCode();
    }

    @Override
    public String toString() {
        return "EffectiveConfig[" + type.getSimpleName() + ", sha256=" + sha256 + ", source=" + source + "]";
    }
}
