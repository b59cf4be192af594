// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.internal.MetadataCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads, writes and validates {@code metadata.json}: the entry point of this module for metadata.
 *
 * <p>Reading accepts every 1.x schema version, migrates 0.x documents to 1.0, keeps unknown fields for a round trip,
 * refuses a newer major naming the versions it reads, and reports every violation at once with its JSON path.
 * Parsing is bounded (depth 32, strings 64 KiB, numbers 64 characters, documents 1 MiB) and strict (duplicate keys
 * and trailing content are errors). All methods are thread-safe.
 *
 * <pre>{@code
 * MetadataDocument doc = Metadata.read(Path.of("bundle/metadata.json"));
 * if (doc.metadata().schemaVersion().isAtLeast("1.1")) { ... }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Metadata {
    /** The file name of metadata inside a bundle. */
    public static final String FILE_NAME = "metadata.json";

    private static final String SCHEMA_RESOURCE = "/dev/mlops/metadata/metadata-1.schema.json";

    private Metadata() {
    }

    /**
     * Reads a metadata file.
     *
     * @param file the file
     * @return the document
     * @throws InvalidMetadataException listing every violation, each with its JSON path
     * @throws dev.mlops.api.IncompatibleSchemaException when the schema's major is newer than this release reads
     */
    public static MetadataDocument read(Path file) {
        Objects.requireNonNull(file, "file");
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > (1L << 20)) {
                throw new InvalidMetadataException(file.getFileName().toString(), List.of(new Violation("",
                        "document is " + size + " bytes; the limit is " + (1L << 20))));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InvalidMetadataException(String.valueOf(file.getFileName()),
                    new Violation("", "cannot read: " + e), e);
        }
        return parse(bytes, String.valueOf(file.getFileName()));
    }

    /**
     * Parses a metadata document.
     *
     * @param json the document text
     * @return the document
     * @throws InvalidMetadataException listing every violation, each with its JSON path
     * @throws dev.mlops.api.IncompatibleSchemaException when the schema's major is newer than this release reads
     */
    public static MetadataDocument parse(String json) {
        return parse(json.getBytes(StandardCharsets.UTF_8), FILE_NAME);
    }

    /**
     * Parses a metadata document.
     *
     * @param json the UTF-8 document
     * @param source the name to use in messages, for example the file's path in its bundle
     * @return the document
     * @throws InvalidMetadataException listing every violation, each with its JSON path
     * @throws dev.mlops.api.IncompatibleSchemaException when the schema's major is newer than this release reads
     */
    public static MetadataDocument parse(byte[] json, String source) {
        return new MetadataDocument(MetadataCodec.read(json, source));
    }

    /**
     * Writes metadata built in code as JSON (schema {@link dev.mlops.api.version.SchemaVersion#CURRENT}).
     *
     * @param metadata the metadata
     * @return the JSON text, ending in a newline
     * @throws InvalidMetadataException when the metadata breaks a rule that documents must follow
     */
    public static String toJson(ModelMetadata metadata) {
        return new String(MetadataCodec.writeValid(Objects.requireNonNull(metadata, "metadata"), FILE_NAME),
                StandardCharsets.UTF_8);
    }

    /**
     * Checks metadata built in code against every rule a {@code metadata.json} must follow.
     *
     * @param metadata the metadata
     * @return every violation with its JSON path; empty when valid
     */
    public static List<Violation> validate(ModelMetadata metadata) {
        return MetadataCodec.validate(Objects.requireNonNull(metadata, "metadata"));
    }

    /**
     * Returns the published JSON Schema of {@code metadata.json} 1.x (draft 2020-12), for research code in any
     * language.
     *
     * @return the schema text
     */
    public static String jsonSchema() {
        try (InputStream in = Metadata.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the JSON Schema resource " + SCHEMA_RESOURCE + " is missing from "
                        + "the mlops-metadata jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
