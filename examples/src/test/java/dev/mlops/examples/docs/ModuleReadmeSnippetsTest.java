// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.api.version.SchemaVersion;
import dev.mlops.metadata.Metadata;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.data.Bounds;
import dev.mlops.testkit.data.MockDataset;
import dev.mlops.testkit.data.TensorGens;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java blocks of {@code mlops-api/README.md} and {@code mlops-testkit-core/README.md}: each tagged region below is
 * such a block, verbatim ({@link MarkdownSnippetsTest} checks that), and runs here.
 */
class ModuleReadmeSnippetsTest {
    static final Path WEATHER = Path.of("bundles/weather/1.1.0");
    static final Path LINEAR = Path.of("bundles/linear/1.0.0");

    @TempDir
    Path dir;

    @Test
    void apiReadme_versions() {
        ModelMetadata meta = Metadata.read(WEATHER.resolve("metadata.json")).metadata();
        // tag::api-versions[]
        SchemaVersion v = meta.schemaVersion();
        if (v.isAtLeast("1.1")) { /* fields added in 1.1 */ }
        BuildId id = BuildIdTemplate.DEFAULT.parse("weather__PR-203__9f1c2ab__42__7");
        // end::api-versions[]
        assertThat(v.isAtLeast("1.1")).isTrue();
        assertThat(id).isEqualTo(new BuildId("weather", "PR-203", "9f1c2ab", "42", "7"));
    }

    @Test
    void testkitCoreReadme_modelsAndProperties() {
        // tag::testkit-core-property[]
        Path model = TestModels.linear().write(dir.resolve("model.onnx"));
        Property.forAll(MetadataGen.metadata()).tries(400)
                .check(m -> assertThat(Metadata.parse(Metadata.toJson(m)).metadata()).isEqualTo(m));
        // end::testkit-core-property[]
        assertThat(model).isRegularFile();
        assertThat(Files.exists(model)).isTrue();
    }

    @Test
    void testkitCoreReadme_mockDatasets() {
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
                RuntimeModel model = runtime.open(LINEAR)) {
            ModelMetadata metadata = model.metadata();
            // tag::testkit-core-datasets[]
            List<Map<String, Tensor>> inputs = MockDataset.of(metadata).seed(42).size(200).build();
            Property.forAll(TensorGens.inputs(metadata, Bounds.DEFAULT)).tries(300)
                    .check(in -> assertThat(model.predict(in)).containsKey("y"));
            // end::testkit-core-datasets[]
            assertThat(inputs).hasSize(200);
        }
    }
}
