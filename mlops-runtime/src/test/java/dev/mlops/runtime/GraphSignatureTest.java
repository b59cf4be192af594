// SPDX-License-Identifier: Apache-2.0
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
    static final String AS_READ = " (as ONNX Runtime reads the graph, shape inference included)";

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
                "output 'y': dimension 1 is declared 3, graph has 1" + AS_READ);
        ModelMetadata rank = ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, -1))
                .output(TensorSpec.of("z", DataType.FLOAT32, -1, 1))
                .build();
        assertThat(sig.mismatches(rank)).containsExactly(
                "input 'x': declared shape [-1] has rank 1, graph shape [-1, 1] has rank 2" + AS_READ,
                "output 'z' is declared but the graph has no such output (graph outputs: [y])");
    }

    @Test
    void mismatches_acceptsDimensionDeclaredDynamicThatTheGraphFixes() {
        // x: float32[1, 2] -> y: float32[1, 2], both fixed in the file
        GraphSignature sig = GraphSignature.read(TestModels.identity(DataType.FLOAT32, 1, 2)
                .write(dir.resolve("model.onnx")));
        ModelMetadata looser = ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, -1))
                .build();
        assertThat(sig.mismatches(looser)).isEmpty();
        assertThat(sig.dimensionsFixedByGraph(looser)).containsExactly(
                new GraphSignature.FixedDimension(true, "x", 0, 1),
                new GraphSignature.FixedDimension(false, "y", 0, 1),
                new GraphSignature.FixedDimension(false, "y", 1, 2));
        assertThat(sig.dimensionsFixedByGraph(looser).get(1)).hasToString(
                "output 'y': dimension 0 is declared dynamic (-1); the graph (as ONNX Runtime reads it) fixes it to 1");
        assertThat(sig.dimensionsFixedByGraph(looser).get(0)).hasToString(
                "input 'x': dimension 0 is declared dynamic (-1); the graph (as ONNX Runtime reads it) fixes it to 1,"
                        + " and the model accepts no other size");
    }

    @Test
    void mismatches_acceptsOutputSizeThatOnnxRuntimeInfersWhereTheFileHasASymbol() {
        TestModel model = TestModels.columnArgMax(); // the file declares y [batch, 3]; ArgMax over axis 0 makes it 1
        GraphSignature sig = GraphSignature.read(model.write(dir.resolve("model.onnx")));
        assertThat(sig.outputs().get(0).shape()).containsExactly(1L, 3L);
        ModelMetadata meta = model.metadata().build();
        assertThat(sig.mismatches(meta)).isEmpty();
        assertThat(sig.dimensionsFixedByGraph(meta)).containsExactly(
                new GraphSignature.FixedDimension(false, "y", 0, 1));
        ModelMetadata wrong = ModelMetadata.builder("m", "1.0.0").input(model.inputs().get(0))
                .output(TensorSpec.of("y", DataType.INT64, 2, 3)).build();
        assertThat(sig.mismatches(wrong)).containsExactly("output 'y': dimension 0 is declared 2, graph has 1"
                + AS_READ);
    }

    @Test
    void mismatches_acceptsFixedDeclarationWhereTheGraphIsDynamic() {
        GraphSignature sig = GraphSignature.read(TestModels.linear().write(dir.resolve("model.onnx")));
        ModelMetadata tighter = ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, 4, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, 4, 1))
                .build();
        assertThat(sig.mismatches(tighter)).isEmpty();
        assertThat(sig.dimensionsFixedByGraph(tighter)).isEmpty();
        assertThat(sig.inputContract(tighter)).isSameAs(tighter);
    }

    @Test
    void mismatches_refusesFeaturesThatTheFixedLastDimensionContradicts() {
        GraphSignature sig = GraphSignature.read(TestModels.identity(DataType.FLOAT32, -1, 2)
                .write(dir.resolve("model.onnx")));
        ModelMetadata meta = ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, -1).withFeatures("a", "b", "c"))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, -1).withFeatures("a", "b"))
                .build();
        assertThat(sig.mismatches(meta)).containsExactly(
                "input 'x': 3 features are declared along dimension 1, graph has 2" + AS_READ);
    }

    @Test
    void inputContract_tightensOnlyInputDimensionsTheGraphFixes() {
        GraphSignature sig = GraphSignature.read(TestModels.identity(DataType.FLOAT32, 1, 2)
                .write(dir.resolve("model.onnx")));
        ModelMetadata looser = ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, -1).withUnit("m").withDimNames("batch", "xy"))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 2))
                .build();
        assertThat(sig.inputContract(looser)).isEqualTo(ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, 1, 2).withUnit("m").withDimNames("batch", "xy"))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 2))
                .build());
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
