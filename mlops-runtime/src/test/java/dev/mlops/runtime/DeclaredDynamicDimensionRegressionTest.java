// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: a dimension declared dynamic ({@code -1}, as an exporter writes a symbolic {@code dim_param}) where the
 * graph, as ONNX Runtime reads it, fixes a size was refused. A declaration looser than the graph is compatible; real
 * contradictions are still refused, and an input the graph fixes is still checked at its fixed size.
 */
class DeclaredDynamicDimensionRegressionTest {
    @TempDir
    Path dir;

    private ModelRuntime runtime;

    @BeforeEach
    void setUp() {
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void open_servesOutputDeclaredDynamicThatOnnxRuntimeInfersFixed() {
        TestModel model = TestModels.columnArgMax(); // y declared [-1, 3]; ONNX Runtime infers [1, 3]
        Path bundle = TestBundles.packed(dir.resolve("b"), model, "column-argmax", "1.0.0");

        ValidationReport report = BundleValidation.validate(bundle);
        assertThat(report.dimensionsFixedByGraph()).containsExactly(
                new GraphSignature.FixedDimension(false, "y", 0, 1));
        assertThat(report.warnings()).isEmpty();
        try (RuntimeModel served = runtime.open(bundle)) {
            Map<String, Tensor> out = served.predict(model.sampleInputs());
            assertThat(out.get("y").shape()).containsExactly(1, 3);
            assertThat(out.get("y").toLongArray()).containsExactly(1, 0, 0);
            assertThat(served.metadata().outputs().get(0).shape().dimensions()).containsExactly(-1L, 3L);
        }
    }

    @Test
    void predict_refusesAnInputSizeTheGraphFixes_namingTheInput() {
        TestModel model = TestModels.identity(DataType.FLOAT32, 1, 2); // the graph fixes x and y to [1, 2]
        ModelMetadata.Builder looser = ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 2));
        Path bundle = TestBundles.packed(dir.resolve("b"), model, looser, List.of(model.sampleInputs()),
                UnaryOperator.identity());

        ValidationReport report = BundleValidation.validate(bundle);
        assertThat(report.warnings()).containsExactly("metadata.json: input 'x': dimension 0 is declared dynamic"
                + " (-1); the graph (as ONNX Runtime reads it) fixes it to 1, and the model accepts no other size"
                + " (declare 1)");
        try (RuntimeModel served = runtime.open(bundle)) {
            assertThat(served.predict(model.sampleInputs()).get("y").shape()).containsExactly(1, 2);
            assertThat(served.metadata().inputs().get(0).shape().dimensions()).containsExactly(-1L, 2L);
            Map<String, Tensor> two = Map.of("x", Tensor.ofFloats(new float[] {1f, 2f, 3f, 4f}, 2, 2));
            assertThatThrownBy(() -> served.predict(two)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("identity 1.0.0: input 'x': dimension 0 must be 1, got 2 (shape [2, 2])");
        }
    }

    @Test
    void validate_stillRefusesAFixedSizeTheGraphContradicts() {
        TestModel model = TestModels.identity(DataType.FLOAT32, 1, 2);
        ModelMetadata.Builder wrong = ModelMetadata.builder("identity", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 3))
                .output(TensorSpec.of("y", DataType.FLOAT32, 4, 2));
        Path bundle = TestBundles.packed(dir.resolve("b"), model, wrong, List.of(), UnaryOperator.identity());

        assertThatThrownBy(() -> BundleValidation.validate(bundle, BundleReader.standard(),
                ModelRuntime.AdequacyPolicy.IF_PRESENT))
                .isInstanceOfSatisfying(SignatureMismatchException.class, e -> assertThat(e.mismatches())
                        .containsExactly(
                                "input 'x': dimension 1 is declared 3, graph has 2" + GraphSignatureTest.AS_READ,
                                "output 'y': dimension 0 is declared 4, graph has 1" + GraphSignatureTest.AS_READ));
    }
}
