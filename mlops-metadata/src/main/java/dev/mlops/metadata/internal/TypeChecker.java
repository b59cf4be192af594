// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.Violation;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the JSON types of a document against a wire class before binding, so that every type error is reported
 * at once with its path, and binding never stops at the first one. Values of the wrong type are removed (or, inside
 * arrays, nulled) from the tree so binding goes on; unknown fields are listed.
 */
final class TypeChecker {
    private final List<Violation> violations = new ArrayList<>();
    private final Set<String> unknownFields = new LinkedHashSet<>();

    List<Violation> violations() {
        return violations;
    }

    Set<String> unknownFields() {
        return unknownFields;
    }

    void checkObject(ObjectNode node, Class<?> type, String path) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) { // document order
            Field f;
            try {
                f = type.getField(name);
            } catch (NoSuchFieldException e) {
                unknownFields.add(JsonPaths.field(path, name));
                continue;
            }
            if (Modifier.isStatic(f.getModifiers())) {
                unknownFields.add(JsonPaths.field(path, name));
                continue;
            }
            JsonNode value = node.get(name);
            if (value.isNull()) {
                node.remove(name); // null means absent; required fields are then reported as missing
            } else if (!check(value, f.getGenericType(), JsonPaths.field(path, name))) {
                node.remove(name);
            }
        }
    }

    /** Returns whether the value has the expected type; records a violation when it has not. */
    private boolean check(JsonNode value, Type type, String path) {
        Class<?> raw = rawClass(type);
        if (raw == Object.class) {
            return true;
        }
        if (raw == String.class) {
            return expect(value.isTextual(), value, "a string", path);
        }
        if (raw == Long.class || raw == Integer.class) {
            return expect(value.isIntegralNumber() && value.canConvertToLong(), value, "an integer", path);
        }
        if (raw == Double.class) {
            return expect(value.isNumber() && Double.isFinite(value.asDouble()), value, "a finite number", path);
        }
        if (raw == Boolean.class) {
            return expect(value.isBoolean(), value, "true or false", path);
        }
        if (List.class.isAssignableFrom(raw)) {
            if (!expect(value.isArray(), value, "an array", path)) {
                return false;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode array = (ArrayNode) value;
            for (int i = 0; i < array.size(); i++) {
                JsonNode e = array.get(i);
                if (!e.isNull() && !check(e, element, JsonPaths.index(path, i))) {
                    array.set(i, NullNode.getInstance());
                }
            }
            return true;
        }
        if (Map.class.isAssignableFrom(raw)) {
            if (!expect(value.isObject(), value, "an object", path)) {
                return false;
            }
            Type element = ((ParameterizedType) type).getActualTypeArguments()[1];
            ObjectNode object = (ObjectNode) value;
            for (Iterator<Map.Entry<String, JsonNode>> it = object.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getValue().isNull() && !check(e.getValue(), element, JsonPaths.field(path, e.getKey()))) {
                    e.setValue(NullNode.getInstance());
                }
            }
            return true;
        }
        if (!expect(value.isObject(), value, "an object", path)) {
            return false;
        }
        checkObject((ObjectNode) value, raw, path);
        return true;
    }

    private boolean expect(boolean ok, JsonNode value, String expected, String path) {
        if (!ok) {
            violations.add(new Violation(path, "expected " + expected + ", got " + describe(value)));
        }
        return ok;
    }

    static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string " + value;
            case NUMBER -> "the number " + value;
            case BOOLEAN -> value.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static Class<?> rawClass(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof java.lang.reflect.AnnotatedType a) {
            return rawClass(a.getType());
        }
        return Object.class;
    }
}
