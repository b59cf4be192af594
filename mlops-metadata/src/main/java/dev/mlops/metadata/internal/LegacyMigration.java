// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Upgrades the seed's pre-1.0 metadata ({@code "schema_version": "0.x"}, snake_case, flat fields) to schema 1.0.
 * The mapping is documented in {@code docs/metadata-json.md}, "Migrations".
 */
final class LegacyMigration {
    private static final Pattern SEEN = Pattern.compile("(max|min)_(.+)_seen");

    private LegacyMigration() {
    }

    /** Returns a 1.0 document; fields it cannot map stay as unknown fields, listed in {@code notes}. */
    static ObjectNode apply(ObjectNode old, List<String> notes) {
        ObjectNode in = old.deepCopy();
        ObjectNode out = in.objectNode();
        in.remove("schema_version");
        in.remove("schemaVersion");
        out.put("schemaVersion", "1.0");
        move(in, out, "name", "name");
        move(in, out, "model_name", "name");
        JsonNode version = firstOf(in, "version", "model_version");
        if (version != null) {
            out.put("version", modelVersion(version));
        }
        move(in, out, "build_id", "buildId");
        move(in, out, "description", "description");
        move(in, out, "author", "author");
        move(in, out, "model_type", "modelType");
        JsonNode created = firstOf(in, "created_at", "created");
        if (created != null) {
            String text = created.asText();
            out.put("createdAt", text.matches("\\d{4}-\\d{2}-\\d{2}") ? text + "T00:00:00Z" : text);
        }
        JsonNode file = firstOf(in, "model_file", "model_path");
        if (file != null) {
            ObjectNode art = out.putObject("artifact");
            art.put("format", "onnx");
            art.put("path", file.asText());
        }
        for (String side : List.of("inputs", "outputs")) {
            JsonNode tensors = in.remove(side);
            if (tensors instanceof ArrayNode arr) {
                ArrayNode converted = out.putArray(side);
                for (JsonNode t : arr) {
                    converted.add(t instanceof ObjectNode o ? tensor(o) : t);
                }
            } else if (tensors != null) {
                out.set(side, tensors);
            }
        }
        JsonNode area = in.remove("area");
        if (area == null) {
            area = in.remove("areas");
        }
        if (area != null) {
            ArrayNode values = out.putObject("capabilities").putArray("area");
            if (area.isArray()) {
                area.forEach(values::add);
            } else {
                values.add(area.asText());
            }
        }
        constraints(in, out, notes);
        JsonNode adequacy = firstOf(in, "adequacy_test", "adequacy_cases");
        if (adequacy != null) {
            out.putObject("adequacy").put("cases", adequacy.asText());
        }
        // Everything else is kept as is: the reader lists it as unknown fields.
        in.properties().forEach(e -> {
            out.set(e.getKey(), e.getValue());
            notes.add("kept unmapped legacy field '" + e.getKey() + "'");
        });
        return out;
    }

    private static String modelVersion(JsonNode v) {
        String text = v.asText().trim();
        if (text.matches("\\d+")) {
            return text + ".0.0";
        }
        if (text.matches("\\d+\\.\\d+")) {
            return text + ".0";
        }
        return text;
    }

    private static ObjectNode tensor(ObjectNode t) {
        ObjectNode out = t.deepCopy();
        JsonNode type = out.remove("type");
        if (type != null && !out.has("dtype")) {
            out.put("dtype", dtype(type.asText()));
        }
        JsonNode dims = out.remove("dims");
        if (dims != null && !out.has("shape")) {
            out.set("shape", dims);
        }
        return out;
    }

    private static String dtype(String legacy) {
        return switch (legacy.toLowerCase(Locale.ROOT)) {
            case "float", "float32", "tensor(float)" -> "float32";
            case "double", "float64", "tensor(double)" -> "float64";
            case "int", "int32" -> "int32";
            case "long", "int64" -> "int64";
            case "str", "string" -> "string";
            case "bool", "boolean" -> "bool";
            default -> legacy;
        };
    }

    /** {@code max_<feature>_seen} / {@code min_<feature>_seen}: the training data's range, served with a warning. */
    private static void constraints(ObjectNode in, ObjectNode out, List<String> notes) {
        List<String> mapped = new ArrayList<>();
        ArrayNode cs = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = in.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            Matcher m = SEEN.matcher(e.getKey());
            if (!m.matches() || !e.getValue().isNumber()) {
                continue;
            }
            String feature = m.group(2);
            ObjectNode target = locate(out, feature);
            if (target == null) {
                notes.add("'" + e.getKey() + "' names no declared input or feature '" + feature + "'; kept as is");
                continue;
            }
            if (cs == null) {
                cs = out.putArray("constraints");
            }
            ObjectNode c = cs.addObject();
            c.put("input", target.get("name").asText());
            if (!target.get("name").asText().equals(feature)) {
                c.put("feature", feature);
            }
            c.set(m.group(1), e.getValue());
            c.put("action", "warn");
            c.put("message", "outside the " + m.group(1) + " " + feature + " seen in training (" + e.getValue() + ")");
            mapped.add(e.getKey());
        }
        mapped.forEach(in::remove);
    }

    private static @Nullable ObjectNode locate(ObjectNode doc, String feature) {
        JsonNode inputs = doc.get("inputs");
        if (!(inputs instanceof ArrayNode arr)) {
            return null;
        }
        for (JsonNode t : arr) {
            if (t instanceof ObjectNode o && o.path("name").asText().equals(feature)) {
                return o;
            }
        }
        for (JsonNode t : arr) {
            if (t instanceof ObjectNode o && o.path("features").isArray()) {
                for (JsonNode f : o.path("features")) {
                    if (f.asText().equals(feature)) {
                        return o;
                    }
                }
            }
        }
        return null;
    }

    private static @Nullable JsonNode firstOf(ObjectNode in, String... names) {
        JsonNode found = null;
        for (String n : names) {
            JsonNode v = in.remove(n);
            if (found == null && v != null && !v.isNull()) {
                found = v;
            }
        }
        return found;
    }

    private static void move(ObjectNode in, ObjectNode out, String from, String to) {
        JsonNode v = in.remove(from);
        if (v != null && !out.has(to)) {
            out.set(to, v);
        }
    }
}
