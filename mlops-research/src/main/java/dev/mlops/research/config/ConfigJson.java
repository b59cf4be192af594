// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The JSON mapper of configuration files, parsing with positions, pretty writing and atomic files. Thread-safe. */
final class ConfigJson {
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // unknown keys are reported before binding
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // missing primitives are reported too
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private ConfigJson() {
    }

    /**
     * Parses JSON text.
     *
     * @return the tree
     * @throws InvalidConfigException naming the source, line and column when it is not one JSON value
     */
    static JsonNode parse(String text, String source) {
        try {
            JsonNode tree = MAPPER.readTree(text);
            if (tree == null || tree.isMissingNode()) {
                throw new InvalidConfigException(source, List.of(new Violation("", "document is empty")));
            }
            return tree;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidConfigException(source, new Violation("", where + "malformed JSON: "
                    + e.getOriginalMessage()), e);
        }
    }

    /** Pretty-printed JSON ending in a newline. */
    static String pretty(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    /** Converts a tree to plain Java values: String, Boolean, Long, Double, List, Map; null for JSON null. */
    static @Nullable Object toJava(JsonNode node) {
        switch (node.getNodeType()) {
            case STRING:
                return node.textValue();
            case BOOLEAN:
                return node.booleanValue();
            case NUMBER:
                return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue()
                        : (Object) node.doubleValue();
            case ARRAY: {
                List<@Nullable Object> list = new ArrayList<>();
                node.elements().forEachRemaining(e -> list.add(toJava(e)));
                return Collections.unmodifiableList(list);
            }
            case OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    Object v = toJava(e.getValue());
                    if (v != null) {
                        map.put(e.getKey(), v);
                    }
                }
                return Collections.unmodifiableMap(map);
            }
            default:
                return null;
        }
    }

    /**
     * Writes text to a file atomically: a temporary file in the same directory, forced to disk, renamed over the
     * target. On failure the target is untouched and the temporary file removed.
     *
     * @throws UncheckedIOException naming the file
     */
    static void writeAtomically(Path target, String text) {
        Path absolute = target.toAbsolutePath();
        Path dir = Objects.requireNonNull(absolute.getParent(), () -> target + " has no parent directory");
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the temporary file is hidden; the first error is the one to report
                }
            }
        }
    }
}
