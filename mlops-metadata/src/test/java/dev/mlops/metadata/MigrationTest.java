// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MigrationTest {

    static final String SEED_0_2 = """
            {"schema_version": "0.2", "name": "weather_predictor", "version": "1.3",
             "model_type": "regression", "author": "research", "created": "2024-05-01",
             "area": ["Jerusalem", "Beit-Shemesh"],
             "inputs": [{"name": "temperature", "type": "float", "shape": [-1, 1]},
                        {"name": "humidity", "type": "float", "shape": [-1, 1]}],
             "outputs": [{"name": "rain", "type": "float", "shape": [-1, 1]}],
             "max_humidity_seen": 97.5, "min_temperature_seen": -5,
             "max_wind_seen": 30,
             "adequacy_test": "adequacy_test.csv",
             "notes": "trained on 2019-2023"}
            """;

    @Test
    void read_upgradesSeedDocumentToCurrentSchema() {
        MetadataDocument doc = Metadata.parse(SEED_0_2);
        ModelMetadata m = doc.metadata();
        assertThat(doc.migratedFrom()).contains(new SchemaVersion(0, 2));
        assertThat(m.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(m.name()).isEqualTo("weather_predictor");
        assertThat(m.version().toString()).isEqualTo("1.3.0");
        assertThat(m.modelType()).contains("regression");
        assertThat(m.author()).contains("research");
        assertThat(m.createdAt().orElseThrow().toString()).isEqualTo("2024-05-01T00:00Z");
        assertThat(m.capabilities().get("area")).containsExactly("Jerusalem", "Beit-Shemesh");
        assertThat(m.inputs()).extracting(t -> t.dtype()).containsOnly(DataType.FLOAT32);
        assertThat(m.adequacy().orElseThrow().cases()).isEqualTo("adequacy_test.csv");
        assertThat(m.constraints()).extracting(Constraint::input, Constraint::feature, Constraint::action)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("humidity", Optional.empty(), ConstraintAction.WARN),
                        org.assertj.core.groups.Tuple.tuple("temperature", Optional.empty(), ConstraintAction.WARN));
        assertThat(m.constraints().get(0).max().getAsDouble()).isEqualTo(97.5);
        assertThat(m.constraints().get(1).min().getAsDouble()).isEqualTo(-5);
        assertThat(doc.unknownFields()).containsExactly("max_wind_seen", "notes");
        assertThat(doc.migrationNotes()).anyMatch(n -> n.contains("max_wind_seen"));
    }

    @Test
    void read_migratedDocumentWritesAsCurrentSchemaAndReadsBackUnchanged() {
        MetadataDocument doc = Metadata.parse(SEED_0_2);
        String json = doc.toJson();
        assertThat(json).contains("\"schemaVersion\" : \"1.0\"").doesNotContain("schema_version");
        MetadataDocument again = Metadata.parse(json);
        assertThat(again.migratedFrom()).isEmpty();
        assertThat(again.metadata()).isEqualTo(doc.metadata());
    }
}
