// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.metadata.internal.Json;
import dev.mlops.metadata.internal.JsonPaths;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Strict reading and deterministic writing of {@code manifest.json}. */
final class ManifestCodec {
    /**
     * Largest manifest accepted. A manifest of 10,000 files (the default entry cap) is about 1.5 MB, more than the
     * 1 MiB that {@link Json#mapper()} allows a metadata document, so the manifest mapper is a copy of it with a
     * larger document and token budget and every other limit and strictness setting unchanged.
     */
    static final int MAX_BYTES = 8 << 20;

    private static final ObjectMapper MAPPER = manifestMapper();
    private static final Set<String> TOP_KEYS = Set.of("manifestVersion", "files", "deliveryId");
    private static final Set<String> ENTRY_KEYS = Set.of("path", "sha256", "size");
    private static final Pattern DELIVERY_ID = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern INTEGER = Pattern.compile("[0-9]+");

    private ManifestCodec() {
    }

    private static ObjectMapper manifestMapper() {
        ObjectMapper m = Json.mapper().copy();
        m.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false); // messages show 1.0 as written
        StreamReadConstraints base = m.getFactory().streamReadConstraints();
        m.getFactory().setStreamReadConstraints(base.rebuild()
                .maxDocumentLength(MAX_BYTES)
                .maxTokenCount(1_000_000)
                .build());
        return m;
    }

    static Manifest read(Path file) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            // checked before opening: opening a FIFO for reading blocks until a writer appears
            throw new InvalidBundleException(SafePaths.MANIFEST, Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    ? "is not a regular file (a link, directory, device, pipe or socket): " + file
                    : "no such file: " + file);
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidBundleException(SafePaths.MANIFEST, "cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new InvalidBundleException(SafePaths.MANIFEST, "larger than the limit of " + MAX_BYTES + " bytes");
        }
        return parse(bytes);
    }

    static Manifest parse(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidMetadataException(SafePaths.MANIFEST, new Violation(pathOf(e), describe(e)), e);
        } catch (IOException e) {
            throw new InvalidBundleException(SafePaths.MANIFEST, "cannot be parsed: " + e.getMessage(), e);
        }
        List<Violation> violations = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidMetadataException(SafePaths.MANIFEST,
                    List.of(new Violation("", "the manifest must be a JSON object {manifestVersion, files, deliveryId}")));
        }
        JsonNode version = root.get("manifestVersion");
        if (version == null) {
            violations.add(new Violation("manifestVersion", "missing (expected \"" + Manifest.VERSION + "\")"));
        } else if (!version.isTextual()) {
            violations.add(new Violation("manifestVersion", show(version) + " is not a string (expected \""
                    + Manifest.VERSION + "\")"));
        } else if (!version.textValue().equals(Manifest.VERSION)) {
            String v = version.textValue();
            String major = v.contains(".") ? v.substring(0, v.indexOf('.')) : v;
            if (INTEGER.matcher(major).matches() && major.length() < 9 && Integer.parseInt(major) > 1) {
                // A newer format: its other fields are not ours to judge.
                throw new IncompatibleSchemaException(SafePaths.MANIFEST, "manifestVersion", SafePaths.display(v),
                        "manifestVersion \"" + Manifest.VERSION + "\" (upgrade mlops-java to read newer manifests)");
            }
            violations.add(new Violation("manifestVersion", show(version) + " is not a manifest version (expected \""
                    + Manifest.VERSION + "\")"));
        }
        unknownKeys(root, "", TOP_KEYS, violations);

        List<ManifestEntry> entries = new ArrayList<>();
        JsonNode files = root.get("files");
        if (files == null) {
            violations.add(new Violation("files", "missing (an array of {path, sha256, size})"));
        } else if (!files.isArray()) {
            violations.add(new Violation("files", show(files) + " is not an array of {path, sha256, size}"));
        } else {
            Map<String, Integer> seen = new HashMap<>();
            long total = 0;
            for (int i = 0; i < files.size(); i++) {
                ManifestEntry e = entry(files.get(i), "files[" + i + "]", violations);
                if (e == null) {
                    continue;
                }
                Integer before = seen.putIfAbsent(e.path(), i);
                if (before != null) {
                    violations.add(new Violation("files[" + i + "].path", "\"" + SafePaths.display(e.path())
                            + "\" is listed twice (also files[" + before + "])"));
                } else if (e.path().equals(SafePaths.MANIFEST)) {
                    violations.add(new Violation("files[" + i + "].path", SafePaths.MANIFEST
                            + " must not list itself"));
                } else if (e.path().equals(SafePaths.SIGNATURE)) {
                    violations.add(new Violation("files[" + i + "].path", SafePaths.SIGNATURE
                            + " must not be listed (it is the signature over manifest.json)"));
                } else if (total > Long.MAX_VALUE - e.size()) {
                    violations.add(new Violation("files[" + i + "].size", "\"" + SafePaths.display(e.path())
                            + "\": " + e.size() + " bytes make the listed files' total pass " + Long.MAX_VALUE
                            + " bytes"));
                } else {
                    total += e.size();
                    entries.add(e);
                }
            }
        }

        JsonNode id = root.get("deliveryId");
        if (id == null) {
            violations.add(new Violation("deliveryId", "missing (\"sha256:\" and 64 lower-case hexadecimal characters)"));
        } else if (!id.isTextual() || !DELIVERY_ID.matcher(id.textValue()).matches()) {
            violations.add(new Violation("deliveryId", show(id)
                    + " is not a delivery id (\"sha256:\" and 64 lower-case hexadecimal characters)"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidMetadataException(SafePaths.MANIFEST, violations);
        }
        List<ManifestEntry> sorted = new ArrayList<>(entries);
        sorted.sort((a, b) -> SafePaths.ORDER.compare(a.path(), b.path()));
        String computed = Manifest.computeDeliveryId(sorted);
        if (!computed.equals(id.textValue())) {
            throw new IntegrityException(SafePaths.MANIFEST, "deliveryId " + id.textValue()
                    + " does not match the listed files, which give " + computed
                    + " (the manifest was changed after it was packed)");
        }
        return new Manifest(Manifest.VERSION, sorted, computed);
    }

    private static @Nullable ManifestEntry entry(JsonNode node, String at, List<Violation> violations) {
        if (!node.isObject()) {
            violations.add(new Violation(at, show(node) + " is not an object {path, sha256, size}"));
            return null;
        }
        int before = violations.size();
        unknownKeys(node, at, ENTRY_KEYS, violations);
        String path = null;
        JsonNode p = node.get("path");
        if (p == null) {
            violations.add(new Violation(at + ".path", "missing"));
        } else if (!p.isTextual()) {
            violations.add(new Violation(at + ".path", show(p) + " is not a string"));
        } else {
            path = p.textValue();
            String problem = SafePaths.problem(path).orElse(null);
            if (problem != null) {
                violations.add(new Violation(at + ".path", show(p) + ": " + problem));
            }
        }
        JsonNode h = node.get("sha256");
        if (h == null) {
            violations.add(new Violation(at + ".sha256", "missing"));
        } else if (!h.isTextual() || !ManifestEntry.isSha256(h.textValue())) {
            violations.add(new Violation(at + ".sha256", show(h) + " is not 64 lower-case hexadecimal characters"));
        }
        JsonNode s = node.get("size");
        if (s == null) {
            violations.add(new Violation(at + ".size", "missing"));
        } else if (!s.isIntegralNumber() || !s.canConvertToLong() || s.longValue() < 0) {
            violations.add(new Violation(at + ".size", show(s) + " is not a size (an integer >= 0)"));
        }
        if (violations.size() != before) {
            return null;
        }
        return new ManifestEntry(Objects.requireNonNull(path), h.textValue(), s.longValue());
    }

    private static void unknownKeys(JsonNode object, String at, Set<String> allowed, List<Violation> violations) {
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                violations.add(new Violation(field(at, name), "unknown field (allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }

    static String toJson(Manifest manifest) {
        StringBuilder sb = new StringBuilder(128 + manifest.files().size() * 140);
        sb.append("{\n  \"manifestVersion\": ").append(quote(manifest.manifestVersion())).append(",\n");
        if (manifest.files().isEmpty()) {
            sb.append("  \"files\": [],\n");
        } else {
            sb.append("  \"files\": [\n");
            List<ManifestEntry> files = manifest.files();
            for (int i = 0; i < files.size(); i++) {
                ManifestEntry e = files.get(i);
                sb.append("    {\"path\": ").append(quote(e.path()))
                        .append(", \"sha256\": ").append(quote(e.sha256()))
                        .append(", \"size\": ").append(e.size())
                        .append(i + 1 < files.size() ? "},\n" : "}\n");
            }
            sb.append("  ],\n");
        }
        sb.append("  \"deliveryId\": ").append(quote(manifest.deliveryId())).append("\n}\n");
        return sb.toString();
    }

    private static String quote(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private static String show(JsonNode node) {
        String s = node.toString();
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }

    static String field(String parent, String name) {
        return JsonPaths.field(parent, SafePaths.display(name));
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException jm && !jm.getPath().isEmpty()) {
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : jm.getPath()) {
                if (r.getFieldName() != null) {
                    sb.replace(0, sb.length(), field(sb.toString(), r.getFieldName()));
                } else if (r.getIndex() >= 0) {
                    sb.append('[').append(r.getIndex()).append(']');
                }
            }
            return sb.toString();
        }
        return JsonPaths.of(e);
    }

    private static String describe(JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        String where = loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ", column "
                + loc.getColumnNr() + ")";
        String msg = e.getOriginalMessage();
        int nl = msg.indexOf('\n');
        return "not valid JSON: " + (nl < 0 ? msg : msg.substring(0, nl)) + where;
    }
}
