// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.Violation;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.jspecify.annotations.Nullable;

/**
 * Binds a configuration tree to its record type: checks every key and JSON type against the {@link Shape} (all
 * problems at once, with their paths), binds with Jackson, then runs Bean Validation (Hibernate Validator).
 * Thread-safe.
 */
final class Binder {
    static {
        ValidatorLogging.routeToSlf4j(); // before Hibernate Validator logs its start-up line
    }

    private static final ValidatorFactory FACTORY = Validation.byProvider(HibernateValidator.class)
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .failFast(false)
            .buildValidatorFactory();
    private static final Validator VALIDATOR = FACTORY.getValidator();

    private Binder() {
    }

    /**
     * Binds a tree.
     *
     * @param tree the configuration; not modified
     * @param shape the record's shape
     * @param type the record type
     * @param source the file or origin, for messages
     * @return the bound, validated value
     * @throws InvalidConfigException listing every violation
     */
    static <T> T bind(JsonNode tree, Shape.RecordShape shape, Class<T> type, String source) {
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidConfigException(source, List.of(new Violation("", "expected a JSON object, got "
                    + describe(tree))));
        }
        ObjectNode copy = root.deepCopy();
        List<Violation> violations = new ArrayList<>();
        checkRecord(copy, shape, "", violations);
        T value;
        try {
            value = ConfigJson.MAPPER.treeToValue(copy, type);
        } catch (JsonMappingException e) {
            // the record's own constructor refused a value
            String path = path(e);
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            violations.add(new Violation(path, String.valueOf(cause.getMessage())));
            throw fail(source, violations);
        } catch (IOException e) {
            throw new IllegalStateException("binding a tree reads no file", e);
        }
        Set<String> reported = new HashSet<>();
        violations.forEach(v -> reported.add(v.path()));
        for (ConstraintViolation<T> v : VALIDATOR.validate(value)) {
            String path = render(v.getPropertyPath());
            if (!reported.contains(path)) {
                violations.add(new Violation(path, v.getMessage() + ", got " + shown(v.getInvalidValue())));
            }
        }
        if (!violations.isEmpty()) {
            throw fail(source, violations);
        }
        return value;
    }

    private static InvalidConfigException fail(String source, List<Violation> violations) {
        List<Violation> unique = new ArrayList<>(new LinkedHashSet<>(violations));
        unique.sort(Comparator.comparing(Violation::path, JsonPath::compare));
        return new InvalidConfigException(source, unique);
    }

    private static void checkRecord(ObjectNode node, Shape.RecordShape shape, String path, List<Violation> out) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        for (String name : names) {
            String at = JsonPath.field(path, name);
            Shape component = shape.components().get(name);
            if (component == null) {
                if (!shape.extras()) {
                    out.add(new Violation(at, "unknown key; " + shape.type().getSimpleName() + " has "
                            + shape.components().keySet() + " (annotate it with @AllowExtraKeys to allow others)"));
                }
                node.remove(name);
                continue;
            }
            JsonNode value = node.get(name);
            if (value.isNull()) {
                if (shape.primitives().contains(name)) {
                    out.add(new Violation(at, "expected " + component.expected() + ", got null"));
                }
                node.remove(name);
                continue;
            }
            JsonNode checked = check(value, component, at, out);
            if (checked == null) {
                node.remove(name);
            } else if (checked != value) {
                node.set(name, checked);
            }
        }
        for (Map.Entry<String, Shape> c : shape.components().entrySet()) {
            if (shape.primitives().contains(c.getKey()) && !names.contains(c.getKey())) {
                out.add(new Violation(JsonPath.field(path, c.getKey()), "is required: expected "
                        + c.getValue().expected()));
            }
        }
    }

    /** Returns the value to bind (possibly converted), or null after recording a violation. */
    static @Nullable JsonNode check(JsonNode value, Shape shape, String path, List<Violation> out) {
        if (shape instanceof Shape.Any) {
            return value;
        }
        if (shape instanceof Shape.Leaf leaf) {
            JsonNode ok = checkLeaf(value, leaf);
            if (ok == null) {
                out.add(new Violation(path, "expected " + leaf.expected() + ", got " + describe(value)));
            }
            return ok;
        }
        if (shape instanceof Shape.ListShape list) {
            if (!(value instanceof ArrayNode array)) {
                out.add(new Violation(path, "expected " + shape.expected() + ", got " + describe(value)));
                return null;
            }
            for (int i = 0; i < array.size(); i++) {
                JsonNode e = array.get(i);
                JsonNode c = e.isNull() ? e : check(e, list.element(), JsonPath.index(path, i), out);
                array.set(i, c == null ? NullNode.getInstance() : c);
            }
            return array;
        }
        if (shape instanceof Shape.MapShape map) {
            if (!(value instanceof ObjectNode object)) {
                out.add(new Violation(path, "expected " + shape.expected() + ", got " + describe(value)));
                return null;
            }
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                JsonNode v = e.getValue();
                JsonNode c = v.isNull() ? v : check(v, map.value(), JsonPath.field(path, e.getKey()), out);
                e.setValue(c == null ? NullNode.getInstance() : c);
            }
            return object;
        }
        Shape.RecordShape record = (Shape.RecordShape) shape;
        if (!(value instanceof ObjectNode object)) {
            out.add(new Violation(path, "expected " + shape.expected() + ", got " + describe(value)));
            return null;
        }
        checkRecord(object, record, path, out);
        return object;
    }

    private static @Nullable JsonNode checkLeaf(JsonNode value, Shape.Leaf leaf) {
        return switch (leaf.kind()) {
            case STRING -> value.isTextual() ? value : null;
            case BOOLEAN -> value.isBoolean() ? value : null;
            case ENUM -> value.isTextual() && enumConstant(leaf.type(), value.textValue()) ? value : null;
            case INT -> {
                BigDecimal whole = whole(value);
                yield whole != null && whole.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) >= 0
                        && whole.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
                        ? IntNode.valueOf(whole.intValueExact()) : null;
            }
            case LONG -> {
                BigDecimal whole = whole(value);
                yield whole != null && whole.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0
                        && whole.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
                        ? LongNode.valueOf(whole.longValueExact()) : null;
            }
            case DOUBLE -> value.isNumber() && Double.isFinite(value.doubleValue()) ? value : null;
            case FLOAT -> value.isNumber() && Float.isFinite(value.floatValue()) ? value : null;
        };
    }

    private static boolean enumConstant(Class<?> type, String name) {
        for (Object c : type.getEnumConstants()) {
            if (((Enum<?>) c).name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The value as a whole number ({@code 20}, {@code 20.0} and {@code 2e1} alike), or null. */
    private static @Nullable BigDecimal whole(JsonNode value) {
        if (!value.isNumber()) {
            return null;
        }
        if (value.isIntegralNumber()) {
            return new BigDecimal(value.bigIntegerValue());
        }
        if (value.isDouble() || value.isFloat()) {
            double d = value.doubleValue();
            if (!Double.isFinite(d) || d != Math.rint(d)) {
                return null;
            }
        }
        BigDecimal d = value.decimalValue();
        try {
            d.toBigIntegerExact();
            return d;
        } catch (ArithmeticException e) {
            return null;
        }
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

    private static String shown(@Nullable Object invalid) {
        return invalid instanceof String s ? "\"" + s + "\"" : String.valueOf(invalid);
    }

    private static String path(JsonMappingException e) {
        String out = "";
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                out = JsonPath.field(out, r.getFieldName());
            } else if (r.getIndex() >= 0) {
                out = JsonPath.index(out, r.getIndex());
            }
        }
        return out;
    }

    static String render(Path path) {
        String out = "";
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    out = JsonPath.index(out, node.getIndex());
                } else if (node.getKey() != null) {
                    out = JsonPath.field(out, String.valueOf(node.getKey()));
                }
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                out = JsonPath.field(out, name);
            }
        }
        return out;
    }
}
