package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One golden document per released schema version, re-read by every release. */
class GoldenFilesTest {

    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "metadata-0.2.json, 0.2, weather_predictor, 1.0.0",
        "metadata-1.0.json, 1.0, weather, 2.1.0",
    })
    void read_acceptsEveryReleasedSchemaVersion(String file, String written, String name, String version)
            throws IOException {
        MetadataDocument doc = Metadata.parse(golden(file), file);
        ModelMetadata m = doc.metadata();
        assertThat(m.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.version().toString()).isEqualTo(version);
        assertThat(m.capabilities().get("area")).containsExactly("Jerusalem", "Beit-Shemesh");
        assertThat(doc.unknownFields()).isEmpty();
        SchemaVersion declared = SchemaVersion.parse(written);
        assertThat(doc.migratedFrom().isPresent()).isEqualTo(declared.major() == 0);
        assertThat(Metadata.parse(doc.toJson()).metadata()).isEqualTo(m);
    }
}
