// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 8: changing a list or map nested in {@code extensions} after build() changed the metadata's JSON. */
class MetadataExtensionsJsonTest {
    @Test
    void toJson_isUnchangedWhenNestedExtensionValuesAreMutatedAfterBuild() {
        List<Object> areas = new ArrayList<>(List.of("Jerusalem"));
        Map<String, Object> team = new LinkedHashMap<>();
        team.put("areas", areas);
        ModelMetadata m = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .extension("team", team)
                .build();
        String json = Metadata.toJson(m);
        int hash = m.hashCode();

        areas.add("Hebron");
        team.put("lead", "someone");

        assertThat(Metadata.toJson(m)).isEqualTo(json).doesNotContain("Hebron").doesNotContain("lead");
        assertThat(m.hashCode()).isEqualTo(hash);
        assertThat(Metadata.parse(json).metadata().extensions()).isEqualTo(m.extensions());
    }
}
