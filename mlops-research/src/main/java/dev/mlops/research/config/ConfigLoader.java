// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Loads hierarchical JSON configuration into a record type, applies overrides and validates the result.
 *
 * <p>The record's components are the top-level sections (for example {@code model}, {@code train},
 * {@code evaluation}); each section is a record, a {@code Map<String, V>} or a plain value. JSON keys are the
 * component names. Steps, in order: read the file; apply {@link Overrides} (environment, then {@code --set}), each
 * value checked against the type at its path; check every key and type (a key the record does not declare is an
 * error unless the record is annotated {@link AllowExtraKeys}; a missing primitive is an error; a missing reference
 * is {@code null}); bind with Jackson; validate with Hibernate Validator (annotate nested sections {@code @Valid}
 * and required ones {@code @NotNull}). Every problem found is reported at once, with its JSON path.
 *
 * <p>{@code
 * EffectiveConfig<MyConfig> config = ConfigLoader.of(MyConfig.class)
 *         .load(Path.of("config.json"), new Overrides(System.getenv(), List.of("train.epochs=20")));
 * }
 *
 * <p>Immutable and thread-safe.
 *
 * @param <T> the record type
 * @since 0.2.0
 */
public final class ConfigLoader<T extends Record> {
    /** The source name of a configuration made in code. */
    static final String IN_CODE = "config";

    private final Class<T> type;
    private final Shape.RecordShape shape;

    private ConfigLoader(Class<T> type) {
        this.type = type;
        this.shape = Shape.ofRecord(type);
    }

    /**
     * Returns a loader for a record type.
     *
     * @param type the configuration record
     * @param <T> the record type
     * @return the loader
     * @throws IllegalArgumentException naming the component whose type a configuration cannot hold (supported:
     *     {@code String}, {@code int}, {@code long}, {@code double}, {@code float}, {@code boolean}, their boxes,
     *     enums, {@code List<V>}, {@code Map<String, V>}, records, {@code Object} and {@code JsonNode})
     * @since 0.2.0
     */
    public static <T extends Record> ConfigLoader<T> of(Class<T> type) {
        return new ConfigLoader<>(Objects.requireNonNull(type, "type"));
    }

    /**
     * Loads a file without overrides.
     *
     * @param file a JSON file
     * @return the effective configuration
     * @throws ConfigNotFoundException when the file does not exist
     * @throws InvalidConfigException naming the file and listing every violation
     * @since 0.2.0
     */
    public EffectiveConfig<T> load(Path file) {
        return load(file, Overrides.none());
    }

    /**
     * Loads a file and applies overrides: the environment's first, then each {@code --set} in order.
     *
     * @param file a JSON file
     * @param overrides the environment and {@code --set} assignments
     * @return the effective configuration
     * @throws ConfigNotFoundException when the file does not exist
     * @throws InvalidConfigException naming the file and listing every violation, those of overrides naming the
     *     override
     * @since 0.2.0
     */
    public EffectiveConfig<T> load(Path file, Overrides overrides) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(overrides, "overrides");
        String source = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigNotFoundException(file, e);
        } catch (IOException e) {
            throw new InvalidConfigException(source, new Violation("", "unreadable: " + e), e);
        }
        return parse(text, source, overrides);
    }

    /**
     * Reads configuration text (for example from a resource) and applies overrides.
     *
     * @param json the JSON text
     * @param source a name for messages, such as a resource name
     * @param overrides the environment and {@code --set} assignments
     * @return the effective configuration
     * @throws InvalidConfigException naming the source and listing every violation
     * @since 0.2.0
     */
    public EffectiveConfig<T> parse(String json, String source, Overrides overrides) {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(overrides, "overrides");
        JsonNode tree = ConfigJson.parse(json, source);
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidConfigException(source, List.of(new Violation("", "expected a JSON object, got "
                    + Binder.describe(tree))));
        }
        OverrideApplier applier = new OverrideApplier(root, shape);
        applier.apply(overrides);
        if (!applier.violations().isEmpty()) {
            List<Violation> all = new ArrayList<>(applier.violations());
            all.sort(Comparator.comparing(Violation::path, JsonPath::compare));
            throw new InvalidConfigException(source, all);
        }
        T value = Binder.bind(root, shape, type, source);
        return new EffectiveConfig<>(type, value, root, source);
    }

    /**
     * Makes the effective configuration of a value built in code, as if loaded from its JSON.
     *
     * @param value the record
     * @return the effective configuration
     * @throws InvalidConfigException when the value breaks a constraint of its type
     * @since 0.2.0
     */
    public EffectiveConfig<T> fromValue(T value) {
        Objects.requireNonNull(value, "value");
        JsonNode tree = ConfigJson.MAPPER.valueToTree(value);
        ObjectNode root = (ObjectNode) tree;
        T bound = Binder.bind(root, shape, type, IN_CODE);
        return new EffectiveConfig<>(type, bound, root, IN_CODE);
    }

    /**
     * Returns the record type.
     *
     * @return the type this loader binds to
     * @since 0.2.0
     */
    public Class<T> type() {
        return type;
    }
}
