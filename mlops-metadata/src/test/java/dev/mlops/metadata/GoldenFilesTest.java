// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One golden document per released schema version, re-read by every release. */
class GoldenFilesTest {

    static byte[] golden(String name) throws IOException {
        try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    /** Every golden file, with the schema version it is written in and the name and version it holds. */
    static Stream<Arguments> goldenFiles() {
        return Stream.of(
                Arguments.of("metadata-0.2.json", "0.2", "weather_predictor", "1.0.0"),
                Arguments.of("metadata-1.0.json", "1.0", "weather", "2.1.0"),
                Arguments.of("metadata-1.1.json", "1.1", "weather", "2.1.0"));
    }

    @Test
    void goldenFiles_areExactlyTheOnesReadBelow() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src", "test", "resources", "golden"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("a golden file not listed in goldenFiles() would never be re-read")
                    .containsExactlyInAnyOrderElementsOf(goldenFiles().map(a -> (String) a.get()[0]).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldenFiles")
    void read_acceptsEveryReleasedSchemaVersion(String file, String written, String name, String version)
            throws IOException {
        MetadataDocument doc = Metadata.parse(golden(file), file);
        ModelMetadata m = doc.metadata();
        SchemaVersion declared = SchemaVersion.parse(written);
        assertThat(m.schemaVersion()).isEqualTo(declared.major() == 0 ? SchemaVersion.CURRENT : declared);
        assertThat(m.statistics().isPresent()).isEqualTo(declared.isAtLeast("1.1"));
        assertThat(m.name()).isEqualTo(name);
        assertThat(m.version().toString()).isEqualTo(version);
        assertThat(m.capabilities().get("area")).containsExactly("Jerusalem", "Beit-Shemesh");
        assertThat(doc.unknownFields()).isEmpty();
        assertThat(doc.migratedFrom().isPresent()).isEqualTo(declared.major() == 0);
        assertThat(Metadata.parse(doc.toJson()).metadata()).isEqualTo(m);
    }
}
