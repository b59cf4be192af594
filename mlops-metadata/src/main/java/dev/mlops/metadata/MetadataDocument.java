// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import dev.mlops.metadata.internal.MetadataCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@code metadata.json} as read: the validated {@link ModelMetadata}, plus what the reader kept or changed
 * (unknown fields, a migration). Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class MetadataDocument {
    private final ModelMetadata metadata;
    private final Optional<JsonNode> unknown;
    private final List<String> unknownFields;
    private final Optional<SchemaVersion> migratedFrom;
    private final List<String> notes;

    MetadataDocument(MetadataCodec.Result r) {
        this(r.metadata(), r.unknown(), r.unknownFields(), r.migratedFrom(), r.notes());
    }

    private MetadataDocument(ModelMetadata metadata, Optional<JsonNode> unknown, List<String> unknownFields,
            Optional<SchemaVersion> migratedFrom, List<String> notes) {
        this.metadata = metadata;
        this.unknown = unknown.map(JsonNode::deepCopy);
        this.unknownFields = List.copyOf(unknownFields);
        this.migratedFrom = migratedFrom;
        this.notes = List.copyOf(notes);
    }

    /** @return the validated metadata */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** @return the JSON paths of fields this release does not know, kept for the round trip */
    public List<String> unknownFields() {
        return unknownFields;
    }

    /** @return the schema version the document was migrated from, if it was older than 1.0 */
    public Optional<SchemaVersion> migratedFrom() {
        return migratedFrom;
    }

    /** @return what the migration did that a reader should know (fields it could not map) */
    public List<String> migrationNotes() {
        return notes;
    }

    /**
     * Returns a document with other metadata and this document's unknown fields.
     *
     * @param newMetadata the new metadata
     * @return the new document
     */
    public MetadataDocument withMetadata(ModelMetadata newMetadata) {
        return new MetadataDocument(Objects.requireNonNull(newMetadata, "metadata"), unknown, unknownFields,
                migratedFrom, notes);
    }

    /**
     * Writes the document, unknown fields included.
     *
     * @return the JSON text, ending in a newline
     */
    public String toJson() {
        return new String(MetadataCodec.write(metadata, unknown), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "MetadataDocument[" + metadata.name() + " " + metadata.version() + ", schema "
                + metadata.schemaVersion() + (unknownFields.isEmpty() ? "" : ", unknown " + unknownFields) + "]";
    }
}
