// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.api.Violation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link Overrides} to a configuration tree, in order (environment, then {@code --set}), type-checking each
 * value against the shape at its path. Collects every problem. Not thread-safe; one instance per load.
 */
final class OverrideApplier {
    private static final Logger LOG = LoggerFactory.getLogger(OverrideApplier.class);

    private final ObjectNode root;
    private final Shape.RecordShape shape;
    private final List<Violation> violations = new ArrayList<>();

    OverrideApplier(ObjectNode root, Shape.RecordShape shape) {
        this.root = root;
        this.shape = shape;
    }

    List<Violation> violations() {
        return violations;
    }

    void apply(Overrides overrides) {
        Map<String, String> byPath = new HashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(overrides.environment()).entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(Overrides.ENV_PREFIX)) {
                continue;
            }
            String origin = "environment variable " + name;
            List<String> path = resolveEnvironment(name, origin);
            if (path == null) {
                continue;
            }
            String dotted = String.join(".", path);
            String earlier = byPath.putIfAbsent(dotted, name);
            if (earlier != null) {
                violations.add(new Violation(render(path), "set by both environment variables " + earlier + " and "
                        + name + "; keep one"));
                continue;
            }
            assign(path, e.getValue(), origin);
        }
        for (String set : overrides.sets()) {
            String origin = "--set " + set;
            int eq = set.indexOf('=');
            if (eq <= 0) {
                violations.add(new Violation("", origin + ": expected path=value, such as train.epochs=20"));
                continue;
            }
            List<String> path = Arrays.asList(set.substring(0, eq).split("\\.", -1));
            if (path.stream().anyMatch(String::isBlank)) {
                violations.add(new Violation("", origin + ": the path '" + set.substring(0, eq)
                        + "' has an empty segment"));
                continue;
            }
            assign(path, set.substring(eq + 1), origin);
        }
    }

    /** Finds the path an environment variable names; null when it is not configuration or after a violation. */
    private @Nullable List<String> resolveEnvironment(String name, String origin) {
        List<String> tokens = Arrays.stream(name.substring(Overrides.ENV_PREFIX.length()).split("_+"))
                .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
        if (tokens.isEmpty()) {
            return null;
        }
        Set<String> sections = keys(shape, root);
        List<String> matchingSections = sections.stream().filter(k -> startsWith(tokens, 0, Shape.words(k))).toList();
        if (matchingSections.isEmpty()) {
            LOG.debug("{} names no configuration section {}; not an override", name, sections);
            return null;
        }
        List<List<String>> found = resolve(shape, root, tokens, 0, false);
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            violations.add(new Violation(render(List.of(matchingSections.get(0))), origin
                    + ": names no key here (the words after MLOPS_ must spell a path, for example"
                    + " MLOPS_TRAIN_EPOCHS for train.epochs)"));
        } else {
            violations.add(new Violation("", origin + ": ambiguous, it could mean " + found.stream()
                    .map(OverrideApplier::render).collect(Collectors.joining(" or "))));
        }
        return null;
    }

    private static List<List<String>> resolve(Shape at, @Nullable JsonNode node, List<String> tokens, int i,
            boolean mayCreate) {
        List<List<String>> out = new ArrayList<>();
        if (i == tokens.size()) {
            out.add(List.of());
            return out;
        }
        if (at instanceof Shape.Leaf || at instanceof Shape.ListShape) {
            return out;
        }
        for (String key : keys(at, node)) {
            List<String> words = Shape.words(key);
            if (!words.isEmpty() && startsWith(tokens, i, words)) {
                Shape child = child(at, key);
                JsonNode childNode = node == null ? null : node.get(key);
                for (List<String> rest : resolve(child == null ? new Shape.Any() : child, childNode, tokens,
                        i + words.size(), true)) {
                    List<String> path = new ArrayList<>();
                    path.add(key);
                    path.addAll(rest);
                    out.add(path);
                }
            }
        }
        boolean open = at instanceof Shape.Any || at instanceof Shape.MapShape
                || at instanceof Shape.RecordShape r && r.extras();
        if (out.isEmpty() && open && mayCreate) {
            out.add(List.of(String.join("_", tokens.subList(i, tokens.size())).toLowerCase(Locale.ROOT)));
        }
        return out;
    }

    private static Set<String> keys(Shape at, @Nullable JsonNode node) {
        Set<String> keys = new LinkedHashSet<>();
        if (at instanceof Shape.RecordShape r) {
            keys.addAll(r.components().keySet());
            if (!r.extras()) {
                return keys;
            }
        }
        if (node != null && node.isObject()) {
            node.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    private static boolean startsWith(List<String> tokens, int from, List<String> words) {
        return tokens.size() - from >= words.size() && tokens.subList(from, from + words.size()).equals(words);
    }

    /** The shape of a key under a shape; null when the key is not allowed there. */
    private static @Nullable Shape child(Shape at, String key) {
        if (at instanceof Shape.RecordShape r) {
            Shape c = r.components().get(key);
            return c != null ? c : r.extras() ? new Shape.Any() : null;
        }
        if (at instanceof Shape.MapShape m) {
            return m.value();
        }
        if (at instanceof Shape.Any) {
            return new Shape.Any();
        }
        return null;
    }

    /** Sets one value, after checking its path and type. */
    private void assign(List<String> path, String raw, String origin) {
        Shape at = shape;
        for (int i = 0; i < path.size(); i++) {
            Shape next = child(at, path.get(i));
            if (next == null) {
                String parent = render(path.subList(0, i));
                String where = parent.isEmpty() ? "the configuration" : "'" + parent + "'";
                String has = at instanceof Shape.RecordShape r ? " (" + r.type().getSimpleName() + " has "
                        + r.components().keySet() + ")" : " (" + where + " is " + at.expected() + ")";
                violations.add(new Violation(render(path), "(" + origin + ") no key '" + path.get(i) + "' in "
                        + where + has));
                return;
            }
            at = next;
        }
        String target = render(path);
        JsonNode value = parse(raw, at);
        if (value == null) {
            violations.add(new Violation(target, "(" + origin + ") expected " + at.expected() + ", got \"" + raw
                    + "\""));
            return;
        }
        List<Violation> typeErrors = new ArrayList<>();
        JsonNode checked = Binder.check(value.deepCopy(), at, target, typeErrors);
        if (checked == null || !typeErrors.isEmpty()) {
            typeErrors.forEach(v -> violations.add(new Violation(v.path(), "(" + origin + ") " + v.message())));
            return;
        }
        ObjectNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            JsonNode child = parent.get(path.get(i));
            if (child == null || child.isNull()) {
                parent = parent.putObject(path.get(i));
            } else if (child instanceof ObjectNode o) {
                parent = o;
            } else {
                violations.add(new Violation(render(path.subList(0, i + 1)), "(" + origin + ") the file holds "
                        + Binder.describe(child) + " here, not an object to set '" + path.get(i + 1) + "' in"));
                return;
            }
        }
        parent.set(path.get(path.size() - 1), value);
    }

    /** Reads override text as the shape wants it: raw text for strings and enums, JSON otherwise. */
    private static @Nullable JsonNode parse(String raw, Shape at) {
        if (at instanceof Shape.Leaf leaf && (leaf.kind() == Shape.Kind.STRING || leaf.kind() == Shape.Kind.ENUM)) {
            return TextNode.valueOf(raw);
        }
        try {
            JsonNode node = ConfigJson.MAPPER.readTree(raw);
            if (node == null || node.isMissingNode()) {
                return at instanceof Shape.Any ? TextNode.valueOf(raw) : null;
            }
            return node;
        } catch (JsonProcessingException e) {
            return at instanceof Shape.Any ? TextNode.valueOf(raw) : null;
        }
    }

    private static String render(List<String> path) {
        String out = "";
        for (String p : path) {
            out = JsonPath.field(out, p);
        }
        return out;
    }
}
