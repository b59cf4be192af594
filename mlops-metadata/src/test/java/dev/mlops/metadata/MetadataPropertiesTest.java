// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import org.junit.jupiter.api.Test;

/** Property tests over arbitrary valid metadata, from the testkit's seeded generators. */
class MetadataPropertiesTest {

    @Test
    void jsonRoundTrip_preservesArbitraryValidMetadata() {
        Property.forAll(MetadataGen.metadata()).named("metadata JSON round trip").tries(400).check(m -> {
            assertThat(Metadata.validate(m)).isEmpty();
            String json = Metadata.toJson(m);
            MetadataDocument back = Metadata.parse(json);
            assertThat(back.metadata()).isEqualTo(m);
            assertThat(back.unknownFields()).isEmpty();
            assertThat(back.toJson()).isEqualTo(json);
        });
    }

    @Test
    void unknownFields_surviveRoundTripOfArbitraryMetadata() {
        Property.forAll(MetadataGen.metadata()).named("unknown fields kept").tries(200).check(m -> {
            String json = Metadata.toJson(m);
            String withUnknown = json.replaceFirst("\\{", "{\"x-future\": {\"n\": 1, \"tags\": [\"a\"]},")
                    .replaceFirst("\"dtype\"", "\"quantized\": true, \"dtype\"");
            MetadataDocument doc = Metadata.parse(withUnknown);
            assertThat(doc.unknownFields()).containsExactly("x-future", "inputs[0].quantized");
            ModelMetadata changed = doc.metadata().toBuilder().description("changed").build();
            MetadataDocument again = Metadata.parse(doc.withMetadata(changed).toJson());
            assertThat(again.metadata()).isEqualTo(changed);
            assertThat(again.unknownFields()).containsExactlyInAnyOrder("x-future", "inputs[0].quantized");
        });
    }
}
