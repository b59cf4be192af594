// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.api.version.SchemaVersion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContractTest {

    static ModelMetadata.Builder linear() {
        return ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1));
    }

    @Test
    void schemaVersion_gatesNewerFieldsAsApplicationsWriteIt() {
        SchemaVersion v = SchemaVersion.parse("1.1");
        assertThat(v.isAtLeast("1.0")).isTrue();
        assertThat(v.isAtLeast("1.1")).isTrue();
        assertThat(v.isAtLeast("1.2")).isFalse();
        assertThat(SchemaVersion.parse("1.10")).isGreaterThan(SchemaVersion.parse("1.9"));
        assertThatThrownBy(() -> SchemaVersion.parse("1.01")).hasMessageContaining("expected MAJOR.MINOR");
    }

    @Test
    void modelVersion_ordersAndJudgesCompatibility() {
        ModelVersion v = ModelVersion.parse("2.3.1");
        assertThat(v.isCompatibleWith(ModelVersion.parse("2.1.0"))).isTrue();
        assertThat(v.isCompatibleWith(ModelVersion.parse("2.4.0"))).isFalse();
        assertThat(v.isCompatibleWith(ModelVersion.parse("1.0.0"))).isFalse();
        assertThatThrownBy(() -> ModelVersion.parse("2.3")).hasMessage(
                "'2.3' is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)");
    }

    @Test
    void buildId_makesBranchNamesSafeAndParsesBack() {
        BuildId id = new BuildId("weather", "feature/x", "9f1c2ab", "42", "7");
        assertThat(id.branch()).isEqualTo("feature-x");
        assertThat(id.toString()).isEqualTo("weather__feature-x__9f1c2ab__42__7");
        assertThat(BuildIdTemplate.DEFAULT.parse("weather__PR-203__9f1c2ab__42__7").branch()).isEqualTo("PR-203");
        BuildIdTemplate custom = BuildIdTemplate.of("{trial}+{name}+{build}+{commit}+{branch}");
        assertThat(custom.parse(custom.format(id))).isEqualTo(id);
        assertThatThrownBy(() -> BuildIdTemplate.of("{name}-{branch}-{commit}-{build}-{trial}"))
                .hasMessageContaining("separator '-' may not contain letters, digits, '.', '-'");
        assertThatThrownBy(() -> BuildIdTemplate.of("{name}__{branch}")).hasMessageContaining("missing [{commit}");
    }

    @Test
    void metadata_rejectsRepeatedTensorNamesAndMissingInputs() {
        assertThatThrownBy(() -> linear().input(TensorSpec.of("x", DataType.INT64, 1)).build())
                .hasMessage("inputs: tensor name 'x' is used twice");
        assertThatThrownBy(() -> ModelMetadata.builder("m", "1.0.0")
                .output(TensorSpec.of("y", DataType.FLOAT32, 1)).build())
                .hasMessage("inputs: a model needs at least one input");
    }

    @Test
    void metadata_isImmutableAndBuilderIsReusable() {
        ModelMetadata.Builder b = linear().capability("area", "Jerusalem");
        ModelMetadata first = b.build();
        ModelMetadata second = b.capability("area", "Hebron").build();
        assertThat(first.capabilities().has("area", "Jerusalem")).isTrue();
        assertThat(second.capabilities().has("area", "Hebron")).isTrue();
        assertThat(first.capabilities().has("area", "Hebron")).as("a later change to the builder").isFalse();
        assertThat(first).isNotEqualTo(second);
        assertThatThrownBy(() -> first.inputs().add(TensorSpec.of("z", DataType.BOOL)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(first.toBuilder().build()).isEqualTo(first);
        assertThat(first.input("x")).isPresent();
        assertThat(first.output("x")).isEmpty();
    }

    @Test
    void tensorSpec_checksFeaturesAndDimNamesAgainstShape() {
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("a", "b", "c"))
                .hasMessage("x.features: 3 names for a last axis of size 2");
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32).withFeatures("a"))
                .hasMessage("x.features: a scalar has no feature axis");
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -1, 2).withDimNames("batch"))
                .hasMessage("x.dimNames: 1 names for a shape of rank 2");
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -3)).hasMessage(
                "shape[0]: -3 is not a dimension (use -1 for dynamic)");
    }

    @Test
    void constraint_admitsInsideAndRejectsNaN() {
        Constraint c = Constraint.reject("t", "celsius", -40, 100);
        assertThat(c.admits(100)).isTrue();
        assertThat(c.admits(100.0001)).isFalse();
        assertThat(c.admits(Double.NaN)).isFalse();
        assertThatThrownBy(() -> Constraint.reject("t", 5, 1)).hasMessageContaining("min 5.0 is greater than max 1.0");
    }

    @Test
    void tensor_checksShapeAgainstDataAndCopies() {
        float[] data = {1, 2, 3, 4};
        Tensor t = Tensor.ofFloats(data, 2, 2);
        data[0] = 99;
        assertThat(t.toFloatArray()[0]).isEqualTo(1f);
        assertThat(t.toMatrix()).isEqualTo(new float[][] {{1, 2}, {3, 4}});
        assertThatThrownBy(() -> Tensor.ofFloats(data, 3)).hasMessage("shape [3] holds 3 elements but 4 were given");
        assertThat(Tensor.ofUint8(new byte[] {(byte) 255}, 1).getDouble(0)).isEqualTo(255);
        assertThat(Tensor.ofFloats(new float[] {Float.NaN}, 1)).isEqualTo(Tensor.ofFloats(new float[] {Float.NaN}, 1));
        assertThatThrownBy(() -> Tensor.fromDoubles(DataType.INT8, new double[] {128}, 1))
                .hasMessageContaining("element 0: 128.0 is not a int8");
    }

    @Test
    void exceptions_nameTheFileAndListEveryViolation() {
        InvalidMetadataException e = new InvalidMetadataException("metadata.json",
                List.of(new Violation("name", "is required"), new Violation("inputs[0].dtype", "bad")));
        assertThat(e).isInstanceOf(InvalidBundleException.class).isInstanceOf(MlopsException.class)
                .hasMessage("metadata.json: 2 problems:\n  - name: is required\n  - inputs[0].dtype: bad");
        assertThat(e.file()).contains("metadata.json");
        assertThat(new IntegrityException("model.onnx", "changed")).hasMessage("model.onnx: changed");
    }

    /** A model with the given metadata whose {@code predict(Map)} must never be reached. */
    static RuntimeModel refusingModel(ModelMetadata meta) {
        return new RuntimeModel() {
            @Override
            public ModelMetadata metadata() {
                return meta;
            }

            @Override
            public String deliveryId() {
                return "sha256:0";
            }

            @Override
            public String executionProvider() {
                return "cpu";
            }

            @Override
            public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
                throw new AssertionError("must not be reached");
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void predictMatrix_refusesModelsThatAreNotOneFloatMatrixInAndOut() {
        ModelMetadata two = linear().input(TensorSpec.of("z", DataType.FLOAT32, -1, 1)).build();
        assertThatThrownBy(() -> refusingModel(two).predict(new float[][] {{1f}}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("linear has 2 inputs and 1 outputs: use predict(Map)");
        ModelMetadata doubles = ModelMetadata.builder("d", "1.0.0").input(TensorSpec.of("x", DataType.FLOAT64, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1)).build();
        assertThatThrownBy(() -> refusingModel(doubles).predict(new float[][] {{1f}}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs float32 rank-2 input and output").hasMessageContaining("use predict(Map)");
        ModelMetadata vectorOut = ModelMetadata.builder("v", "1.0.0").input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1)).build();
        assertThatThrownBy(() -> refusingModel(vectorOut).predict(new float[][] {{1f}}))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("needs float32 rank-2 input and output");
    }
}
