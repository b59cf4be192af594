package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.ModelLoadException;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class GraphSignatureTest {
    @TempDir
    Path dir;

    static Stream<TestModel> models() {
        return TestModels.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void read_matchesTheSpecsEveryTestModelDeclares(TestModel model) {
        GraphSignature sig = GraphSignature.read(model.write(dir.resolve("model.onnx")));
        ModelMetadata meta = model.metadata().build();
        assertThat(sig.mismatches(meta)).isEmpty();
        assertThat(sig.inputs()).extracting(GraphSignature.Port::name)
                .containsExactlyInAnyOrderElementsOf(model.inputs().stream().map(TensorSpec::name).toList());
    }

    @Test
    void mismatches_namesTensorAndWhatDiffers() {
        Path file = TestModels.linear().write(dir.resolve("model.onnx")); // x: float32[-1,1] -> y: float32[-1,1]
        GraphSignature sig = GraphSignature.read(file);
        ModelMetadata wrong = ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT64, -1, 1))
                .input(TensorSpec.of("extra", DataType.FLOAT32, -1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 3))
                .build();
        assertThat(sig.mismatches(wrong)).containsExactly(
                "input 'x': declared dtype float64, graph has float32",
                "input 'extra' is declared but the graph has no such input (graph inputs: [x])",
                "output 'y': dimension 1 is declared 3, graph has 1");
        ModelMetadata rank = ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, -1))
                .output(TensorSpec.of("z", DataType.FLOAT32, -1, 1))
                .build();
        assertThat(sig.mismatches(rank)).containsExactly(
                "input 'x': declared shape [-1] has rank 1, graph shape [-1, 1] has rank 2",
                "output 'y': dimension 1 is declared dynamic (-1) but the graph fixes it to 1",
                "output 'z' is declared but the graph has no such output (graph outputs: [y])");
    }

    @Test
    void requireMatches_reportsUndeclaredGraphInput() {
        TestModel multi = TestModels.multiIO();
        GraphSignature sig = GraphSignature.read(multi.write(dir.resolve("m.onnx")));
        ModelMetadata.Builder partial = ModelMetadata.builder("m", "1.0.0").input(multi.inputs().get(0));
        multi.outputs().forEach(partial::output);
        assertThatThrownBy(() -> sig.requireMatches(partial.build(), "m.onnx"))
                .isInstanceOf(SignatureMismatchException.class)
                .hasMessageStartingWith("m.onnx: graph does not match metadata:")
                .hasMessageContaining("graph input '" + multi.inputs().get(1).name() + "'")
                .hasMessageContaining("is not declared in metadata inputs");
    }

    @Test
    void read_wrapsCorruptModelNamingTheFile() {
        Path file = TestModels.corrupt().write(dir.resolve("broken.onnx"));
        assertThatThrownBy(() -> GraphSignature.read(file)).isInstanceOf(ModelLoadException.class)
                .hasMessageStartingWith("broken.onnx: ONNX Runtime cannot load the model");
    }
}
