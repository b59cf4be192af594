// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The metadata reading pipeline: parse (bounded), version check and migration, type check, bind, validate, map. */
public final class MetadataCodec {
    /** What this release reads, for messages. */
    public static final String SUPPORTED = "schema 1.x (newest 1." + SchemaVersion.CURRENT.minor()
            + "), and 0.x through migration";

    private static final ObjectReader BINDER = Json.mapper().readerFor(MetadataDto.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private MetadataCodec() {
    }

    /** The outcome of a successful read. */
    public record Result(ModelMetadata metadata, Optional<JsonNode> unknown, List<String> unknownFields,
            Optional<SchemaVersion> migratedFrom, List<String> notes) {
    }

    /**
     * Reads a document.
     *
     * @param bytes the document
     * @param source the file name for messages
     * @return the metadata and what was kept or changed on the way
     */
    public static Result read(byte[] bytes, String source) {
        if (bytes.length > Json.MAX_DOCUMENT) {
            throw new InvalidMetadataException(source, List.of(new Violation("", "document is " + bytes.length
                    + " bytes; the limit is " + Json.MAX_DOCUMENT)));
        }
        JsonNode tree;
        try {
            tree = Json.mapper().readTree(bytes);
        } catch (StreamConstraintsException e) {
            throw new InvalidMetadataException(source, new Violation("", "exceeds a parsing limit: "
                    + e.getOriginalMessage()), e);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
            throw new InvalidMetadataException(source, new Violation("", where + "malformed JSON: "
                    + e.getOriginalMessage()), e);
        } catch (IOException e) {
            throw new InvalidMetadataException(source, new Violation("", "unreadable: " + e.getMessage()), e);
        }
        if (tree == null || tree.isMissingNode()) {
            throw new InvalidMetadataException(source, List.of(new Violation("", "document is empty")));
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new InvalidMetadataException(source, List.of(new Violation("",
                    "expected a JSON object, got " + TypeChecker.describe(tree))));
        }
        return read(root, source);
    }

    /**
     * Reads a document already parsed.
     *
     * @param document the root object; not modified
     * @param source the file name for messages
     * @return the metadata and what was kept or changed on the way
     */
    public static Result read(ObjectNode document, String source) {
        ObjectNode root = document.deepCopy();
        List<String> notes = new ArrayList<>();
        Optional<SchemaVersion> migratedFrom = Optional.empty();
        SchemaVersion version = version(root, source);
        if (version.major() == 0) {
            root = LegacyMigration.apply(root, notes);
            migratedFrom = Optional.of(version);
        } else if (version.major() > SchemaVersion.CURRENT.major()) {
            throw new IncompatibleSchemaException(source, version.toString(), SUPPORTED);
        }
        // Before schema 1.1, "statistics" had no meaning: like any unknown field it is kept as it is, not interpreted.
        JsonNode earlyStatistics = version.isAtLeast(DataStatistics.SINCE) ? null : root.remove("statistics");
        JsonNode unknown = MetadataMapper.unknownPart(root, MetadataDto.class);
        if (earlyStatistics != null) {
            ObjectNode withStatistics = unknown instanceof ObjectNode u ? u : Json.mapper().createObjectNode();
            withStatistics.set("statistics", earlyStatistics);
            unknown = withStatistics;
        }
        TypeChecker types = new TypeChecker();
        if (earlyStatistics != null) {
            types.unknownFields().add("statistics");
        }
        types.checkObject(root, MetadataDto.class, "");
        MetadataDto dto;
        try {
            dto = BINDER.treeToValue(root, MetadataDto.class);
        } catch (IOException e) {
            // The type checker removed every value that could fail binding; reaching here is a bug.
            throw new IllegalStateException("binding " + source + " failed after the type check", e);
        }
        Set<String> reported = new HashSet<>();
        types.violations().forEach(v -> reported.add(v.path()));
        List<Violation> all = new ArrayList<>(types.violations());
        all.addAll(MetadataValidator.validate(dto, reported));
        all.sort(java.util.Comparator.comparing(Violation::path, MetadataValidator::comparePaths));
        if (!all.isEmpty()) {
            throw new InvalidMetadataException(source, all);
        }
        ModelMetadata metadata;
        try {
            metadata = MetadataMapper.toModel(dto);
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException(source, List.of(new Violation("", String.valueOf(e.getMessage()))));
        }
        return new Result(metadata, Optional.ofNullable(unknown), List.copyOf(types.unknownFields()), migratedFrom,
                List.copyOf(notes));
    }

    private static SchemaVersion version(ObjectNode root, String source) {
        JsonNode v = root.get("schemaVersion");
        String path = "schemaVersion";
        if (v == null && root.has("schema_version")) {
            v = root.get("schema_version");
            path = "schema_version";
        }
        if (v == null || v.isNull()) {
            throw new InvalidMetadataException(source, List.of(new Violation("schemaVersion",
                    "is required (e.g. \"1.0\")")));
        }
        String text = v.isNumber() ? v.asText() : v.isTextual() ? v.textValue() : null;
        if (text == null) {
            throw new InvalidMetadataException(source, List.of(new Violation(path,
                    "expected a string MAJOR.MINOR, got " + TypeChecker.describe(v))));
        }
        try {
            return SchemaVersion.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidMetadataException(source, List.of(new Violation(path, String.valueOf(e.getMessage()))));
        }
    }

    /**
     * Writes metadata as JSON, adding back the unknown fields of the document it was read from.
     *
     * @param metadata the metadata
     * @param unknown the unknown part of the source document, if any
     * @return pretty-printed UTF-8 JSON, ending in a newline
     */
    public static byte[] write(ModelMetadata metadata, Optional<JsonNode> unknown) {
        ObjectNode tree = MetadataMapper.toTree(metadata);
        unknown.map(u -> metadata.statistics().isPresent() && u.has("statistics") ? withoutStatistics(u) : u)
                .ifPresent(u -> MetadataMapper.mergeUnknown(tree, u));
        try {
            return (Json.mapper().writeValueAsString(tree) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize metadata " + metadata.name(), e);
        }
    }

    /** The unknown part without a pre-1.1 "statistics", which statistics in the metadata itself replace. */
    private static JsonNode withoutStatistics(JsonNode unknown) {
        ObjectNode copy = unknown.deepCopy();
        copy.remove("statistics");
        return copy;
    }

    /**
     * Checks metadata built in code against every rule a document must follow.
     *
     * @param metadata the metadata
     * @return the violations; empty when valid
     */
    public static List<Violation> validate(ModelMetadata metadata) {
        try {
            writeValid(metadata, "metadata");
            return List.of();
        } catch (InvalidMetadataException e) {
            return e.violations();
        }
    }

    /**
     * Writes metadata built in code, after reading the written bytes back through every rule a document follows.
     *
     * @param metadata the metadata
     * @param source the name for messages
     * @return the document
     * @throws InvalidMetadataException listing every violation
     */
    public static byte[] writeValid(ModelMetadata metadata, String source) {
        List<Violation> unwritable = new ArrayList<>();
        DateTimes.check("createdAt", metadata.createdAt(), unwritable);
        DateTimes.check("provenance.trainEndTime", metadata.provenance().trainEndTime(), unwritable);
        if (!unwritable.isEmpty()) {
            throw new InvalidMetadataException(source, unwritable);
        }
        byte[] json = write(metadata, Optional.empty());
        read(json, source);
        return json;
    }
}
