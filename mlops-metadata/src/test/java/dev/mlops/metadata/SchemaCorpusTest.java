// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.metadata.internal.Json;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema for metadata.json 1.x against the corpus: the schema is itself a valid draft 2020-12
 * schema, accepts every valid document, rejects every invalid one at the path its sidecar names, and accepts the
 * invalid-semantic documents (the cross-field rules only the Java validator enforces).
 */
class SchemaCorpusTest {
    static final String SCHEMA_RESOURCE = "/dev/mlops/metadata/metadata-1.schema.json";
    static final String SCHEMA_ID = "https://mlops.dev/schemas/metadata-1.schema.json";
    private static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private static JsonNode schemaNode;
    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = SchemaCorpusTest.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            assertThat(in).as("schema resource %s", SCHEMA_RESOURCE).isNotNull();
            schemaNode = Json.mapper().readTree(in);
        }
        schema = FACTORY.getSchema(schemaNode, CONFIG);
        schema.initializeValidators();
    }

    static Stream<Named<Path>> valid() {
        return Corpus.named(Corpus.VALID);
    }

    static Stream<Named<Path>> invalid() {
        return Corpus.named(Corpus.INVALID);
    }

    static Stream<Named<Path>> invalidSemantic() {
        return Corpus.named(Corpus.INVALID_SEMANTIC);
    }

    @Test
    void schema_isValidAgainstTheDraft202012MetaSchema() {
        JsonSchema meta = FACTORY.getSchema(SchemaLocation.of(META_SCHEMA), CONFIG);

        assertThat(meta.validate(schemaNode)).isEmpty();
    }

    @Test
    void schema_declaresItsDraftIdAndTitle() {
        assertThat(schemaNode.path("$schema").asText()).isEqualTo(META_SCHEMA);
        assertThat(schemaNode.path("$id").asText()).isEqualTo(SCHEMA_ID);
        assertThat(schemaNode.path("title").asText()).isNotBlank();
        assertThat(schemaNode.path("description").asText()).isNotBlank();
    }

    @Test
    void schema_describesEveryProperty() {
        List<String> undescribed = new ArrayList<>();
        collectUndescribedProperties(schemaNode, "", undescribed);

        assertThat(undescribed).isEmpty();
    }

    @Test
    void schema_listsTheCrossFieldRulesItCannotExpress() {
        assertThat(schemaNode.path("description").asText())
                .contains("unique", "constraints[*].input", "constraints[*].feature", "range.min <= range.max",
                        "dimNames", "features", "adequacy.perOutput");
        assertThat(schemaNode.path("$comment").asText()).contains("Java validator");
    }

    @Test
    void schema_assertsTheDateTimeFormat() {
        // Passes the date-time pattern; only the format assertion catches month 13.
        JsonNode document = Json.mapper().valueToTree(Map.of(
                "schemaVersion", "1.0", "name", "m", "version", "1.0.0",
                "createdAt", "2026-13-01T10:15:30Z",
                "inputs", List.of(Map.of("name", "x", "dtype", "float32", "shape", List.of(1))),
                "outputs", List.of(Map.of("name", "y", "dtype", "float32", "shape", List.of(1)))));

        assertThat(paths(schema.validate(document))).containsExactly("createdAt");
    }

    @Test
    void corpus_hasEnoughDocumentsAndASidecarForEveryInvalidOne() throws IOException {
        assertThat(Corpus.corpus(Corpus.VALID).count()).isGreaterThanOrEqualTo(8);
        assertThat(Corpus.corpus(Corpus.INVALID).count()).isGreaterThanOrEqualTo(20);
        assertThat(Corpus.corpus(Corpus.INVALID_SEMANTIC).count()).isGreaterThanOrEqualTo(8);
        assertThat(Corpus.corpus(Corpus.VALID).map(Corpus::expectedFile)).noneMatch(Files::exists);
        for (String folder : List.of(Corpus.INVALID, Corpus.INVALID_SEMANTIC)) {
            Set<Path> expected = new TreeSet<>();
            Corpus.corpus(folder).forEach(document -> {
                expected.add(document);
                expected.add(Corpus.expectedFile(document));
            });
            try (Stream<Path> files = Files.list(Corpus.root().resolve(folder))) {
                Set<Path> actual = files.collect(Collectors.toCollection(TreeSet::new));
                assertThat(actual)
                        .as("%s holds documents, each with its sidecar, and nothing else", folder)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("valid")
    void schema_acceptsValidDocument(Path document) {
        assertThat(messages(schema.validate(readTree(document)))).as("%s", document.getFileName()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void schema_rejectsInvalidDocumentAtTheExpectedPath(Path document) {
        String expected = Corpus.expectedPath(document);

        Set<ValidationMessage> errors = schema.validate(readTree(document));

        assertThat(errors).as("schema errors for %s", document.getFileName()).isNotEmpty();
        // One rule broken: every error lies at the expected path or below it (anyOf reports its branches).
        assertThat(paths(errors))
                .as("%s: paths of %s", document.getFileName(), messages(errors))
                .allMatch(path -> isAtOrBelow(path, expected), "at or below '" + expected + "'");
    }

    @ParameterizedTest
    @MethodSource("invalidSemantic")
    void schema_acceptsDocumentOnlyTheJavaValidatorRejects(Path document) {
        assertThat(Corpus.expectedPath(document)).isNotNull();

        assertThat(messages(schema.validate(readTree(document)))).as("%s", document.getFileName()).isEmpty();
    }

    /**
     * Issue 8: metadata written by the Java side failed the published schema, because {@code OffsetDateTime.toString()}
     * drops zero seconds ({@code 2026-12-01T10:00Z}). Every document the writer produces must pass.
     */
    @ParameterizedTest
    @MethodSource("javaWrittenTimestamps")
    void schema_acceptsDocumentTheJavaWriterWrites(OffsetDateTime instant) throws IOException {
        ModelMetadata m = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .createdAt(instant)
                .provenance(new Provenance(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(),
                        Optional.of(instant), List.of(), Optional.empty(), Optional.empty()))
                .build();
        String json = Metadata.toJson(m);

        assertThat(messages(schema.validate(Json.mapper().readTree(json)))).as(json).isEmpty();
        assertThat(Metadata.parse(json).metadata()).isEqualTo(m);
    }

    static Stream<Named<OffsetDateTime>> javaWrittenTimestamps() {
        return Stream.of(
                OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 0, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 12, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(5, 30)),
                OffsetDateTime.of(2026, 12, 1, 10, 0, 0, 500_000_000, ZoneOffset.ofHours(-8)),
                OffsetDateTime.of(1970, 1, 1, 0, 0, 0, 1, ZoneOffset.UTC),
                OffsetDateTime.of(2026, 6, 30, 23, 59, 59, 120_000_000, ZoneOffset.ofHours(14)))
                .map(t -> Named.of(t.toString(), t));
    }

    @Test
    void schema_acceptsStatisticsTheJavaWriterWrites() throws IOException {
        String json = Metadata.toJson(StatisticsTest.model().statistics(StatisticsTest.statistics()).build());

        assertThat(messages(schema.validate(Json.mapper().readTree(json)))).as(json).isEmpty();
    }

    @Test
    void schema_acceptsEveryGeneratedDocumentTheJavaWriterWrites() {
        Property.forAll(MetadataGen.metadata()).named("Java-written metadata passes the JSON Schema").tries(300)
                .check(m -> {
                    String json = Metadata.toJson(m);
                    try {
                        assertThat(messages(schema.validate(Json.mapper().readTree(json)))).as(json).isEmpty();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static JsonNode readTree(Path document) {
        try {
            return Json.mapper().readTree(Corpus.read(document));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + document, e);
        }
    }

    private static List<String> messages(Set<ValidationMessage> errors) {
        return errors.stream().map(ValidationMessage::toString).collect(Collectors.toList());
    }

    /** The errors' instance paths in the reader's syntax (see {@link #readerPath(ValidationMessage)}). */
    private static Set<String> paths(Set<ValidationMessage> errors) {
        Set<String> paths = new TreeSet<>();
        for (ValidationMessage error : errors) {
            paths.add(readerPath(error));
        }
        return paths;
    }

    /**
     * The path of one schema error in the reader's syntax. A missing required property is reported at the property
     * ({@code inputs}, not the root); a repeated item ({@code uniqueItems}) at the item, as the reader names the
     * second occurrence ({@code inputs[0].features[1]}), not the array.
     */
    private static String readerPath(ValidationMessage error) {
        String path = readerPath(error.getInstanceLocation());
        if ("required".equals(error.getType()) && error.getProperty() != null) {
            return appendField(path, error.getProperty());
        }
        if ("uniqueItems".equals(error.getType()) && error.getInstanceNode() != null
                && error.getInstanceNode().isArray()) {
            JsonNode array = error.getInstanceNode();
            for (int i = 1; i < array.size(); i++) {
                for (int j = 0; j < i; j++) {
                    if (array.get(i).equals(array.get(j))) {
                        return path + "[" + i + "]";
                    }
                }
            }
        }
        return path;
    }

    /** {@code $.inputs[1].shape[0]} in networknt's model to {@code inputs[1].shape[0]}; the root is "". */
    private static String readerPath(JsonNodePath location) {
        String path = "";
        for (int i = 0; i < location.getNameCount(); i++) {
            Object element = location.getElement(i);
            path = element instanceof Integer
                    ? path + "[" + element + "]"
                    : appendField(path, String.valueOf(element));
        }
        return path;
    }

    /** The reader's field syntax: {@code a.b} for an identifier, {@code a["b c"]} otherwise. */
    private static String appendField(String parent, String name) {
        if (IDENTIFIER.matcher(name).matches()) {
            return parent.isEmpty() ? name : parent + "." + name;
        }
        return parent + "[\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }

    private static boolean isAtOrBelow(String path, String ancestor) {
        return ancestor.isEmpty()
                || path.equals(ancestor)
                || path.startsWith(ancestor + ".")
                || path.startsWith(ancestor + "[");
    }

    /** Every entry of every {@code properties} object in the schema carries a non-blank description. */
    private static void collectUndescribedProperties(JsonNode node, String where, List<String> undescribed) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectUndescribedProperties(node.get(i), where + "/" + i, undescribed);
            }
            return;
        }
        if (!node.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String here = where + "/" + field.getKey();
            if ("properties".equals(field.getKey()) && field.getValue().isObject()) {
                for (Map.Entry<String, JsonNode> property : field.getValue().properties()) {
                    if (property.getValue().path("description").asText().isBlank()) {
                        undescribed.add(here + "/" + property.getKey());
                    }
                }
            }
            collectUndescribedProperties(field.getValue(), here, undescribed);
        }
    }
}
