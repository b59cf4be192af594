// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a configuration value must look like, derived once from the Java type it binds to: a leaf (string, number,
 * boolean, enum), a list, a string-keyed map, a record (a section) or anything (a {@code Object} or
 * {@code JsonNode} component). Immutable and thread-safe.
 */
sealed interface Shape {

    /** Says what is expected, for messages: {@code "an integer (int)"}. */
    String expected();

    /** A scalar. */
    record Leaf(Kind kind, Class<?> type) implements Shape {
        @Override
        public String expected() {
            return switch (kind) {
                case STRING -> "a string";
                case INT -> "an integer (int)";
                case LONG -> "an integer (long)";
                case DOUBLE -> "a number (double)";
                case FLOAT -> "a number (float)";
                case BOOLEAN -> "true or false (boolean)";
                case ENUM -> "one of " + enumNames(type) + " (" + type.getSimpleName() + ")";
            };
        }
    }

    /** The scalar kinds. */
    enum Kind { STRING, INT, LONG, DOUBLE, FLOAT, BOOLEAN, ENUM }

    /** A JSON array bound to a {@code List}. */
    record ListShape(Shape element) implements Shape {
        @Override
        public String expected() {
            return "an array";
        }
    }

    /** A JSON object with free keys bound to a {@code Map<String, V>}. */
    record MapShape(Shape value) implements Shape {
        @Override
        public String expected() {
            return "an object";
        }
    }

    /**
     * A JSON object bound to a record.
     *
     * @param components name to shape, in declaration order
     * @param primitives names of the components of primitive type (required: a missing one would bind to 0)
     * @param extras whether keys the record does not declare are allowed ({@link AllowExtraKeys})
     */
    record RecordShape(Class<?> type, Map<String, Shape> components, Set<String> primitives, boolean extras)
            implements Shape {
        @Override
        public String expected() {
            return "an object (" + type.getSimpleName() + ")";
        }
    }

    /** Any JSON value. */
    record Any() implements Shape {
        @Override
        public String expected() {
            return "any JSON value";
        }
    }

    /**
     * Derives the shape of a record type.
     *
     * @throws IllegalArgumentException naming the component whose type a configuration cannot hold
     */
    static RecordShape ofRecord(Class<?> type) {
        if (!type.isRecord()) {
            throw new IllegalArgumentException("a config type must be a record: " + type.getName());
        }
        return (RecordShape) of(type, type.getSimpleName(), new HashSet<>());
    }

    private static Shape of(Type type, String where, Set<Class<?>> visiting) {
        if (type instanceof WildcardType w) {
            return of(w.getUpperBounds()[0], where, visiting);
        }
        Class<?> raw = raw(type, where);
        if (raw == String.class) {
            return new Leaf(Kind.STRING, raw);
        } else if (raw == int.class || raw == Integer.class) {
            return new Leaf(Kind.INT, raw);
        } else if (raw == long.class || raw == Long.class) {
            return new Leaf(Kind.LONG, raw);
        } else if (raw == double.class || raw == Double.class) {
            return new Leaf(Kind.DOUBLE, raw);
        } else if (raw == float.class || raw == Float.class) {
            return new Leaf(Kind.FLOAT, raw);
        } else if (raw == boolean.class || raw == Boolean.class) {
            return new Leaf(Kind.BOOLEAN, raw);
        } else if (raw.isEnum()) {
            return new Leaf(Kind.ENUM, raw);
        } else if (raw == Object.class || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(raw)) {
            return new Any();
        } else if (raw == List.class) {
            return new ListShape(of(argument(type, 0, where), where + "[]", visiting));
        } else if (raw == Map.class) {
            Type key = argument(type, 0, where);
            if (key != String.class) {
                throw new IllegalArgumentException("config type " + where + ": a Map needs String keys, not " + key);
            }
            return new MapShape(of(argument(type, 1, where), where + "{}", visiting));
        } else if (raw.isRecord()) {
            if (!visiting.add(raw)) {
                throw new IllegalArgumentException("config type " + where + ": " + raw.getName()
                        + " contains itself; recursive config types are not supported");
            }
            Map<String, Shape> components = new LinkedHashMap<>();
            Set<String> primitives = new HashSet<>();
            for (RecordComponent c : raw.getRecordComponents()) {
                components.put(c.getName(), of(c.getGenericType(), where + "." + c.getName(), visiting));
                if (c.getType().isPrimitive()) {
                    primitives.add(c.getName());
                }
            }
            visiting.remove(raw);
            return new RecordShape(raw, java.util.Collections.unmodifiableMap(components), Set.copyOf(primitives),
                    raw.isAnnotationPresent(AllowExtraKeys.class));
        }
        throw new IllegalArgumentException("config type " + where + ": unsupported type " + type.getTypeName()
                + " (use String, int, long, double, float, boolean, an enum, List, Map<String, V>, a record,"
                + " Object or JsonNode)");
    }

    private static Class<?> raw(Type type, String where) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        throw new IllegalArgumentException("config type " + where + ": unsupported type " + type.getTypeName());
    }

    private static Type argument(Type type, int i, String where) {
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[i];
        }
        throw new IllegalArgumentException("config type " + where + ": give the type arguments of " + type);
    }

    static String enumNames(Class<?> type) {
        return Arrays.stream(type.getEnumConstants()).map(e -> ((Enum<?>) e).name())
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** The words of a key for environment variables: {@code learningRate} and {@code learning_rate} give LEARNING, RATE. */
    static List<String> words(String key) {
        String split = key.replaceAll("([a-z0-9])([A-Z])", "$1_$2");
        return Arrays.stream(split.split("[^A-Za-z0-9]+")).filter(s -> !s.isEmpty())
                .map(s -> s.toUpperCase(Locale.ROOT)).toList();
    }
}
