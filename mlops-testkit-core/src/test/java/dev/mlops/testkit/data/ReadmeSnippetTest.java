package dev.mlops.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Property;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's "Mock datasets and tensor generators" snippet, with a stand-in for the model. */
class ReadmeSnippetTest {
    @Test
    void readmeSnippet_runs() {
        ModelMetadata metadata = TensorGensTest.model(List.of(TensorSpec.of("x", DataType.FLOAT32, Shape.DYNAMIC, 2)
                .withRange(0, 1)));
        java.util.function.Function<Map<String, Tensor>, Map<String, Tensor>> model =
                in -> Map.of("y", in.get("x"));
        List<Map<String, Tensor>> inputs = MockDataset.of(metadata).seed(42).size(200).build();
        Property.forAll(TensorGens.inputs(metadata, Bounds.DEFAULT)).tries(300)
                .check(in -> assertThat(model.apply(in)).containsKey("y"));
        assertThat(inputs).hasSize(200);
    }
}
