// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TestModelsTest {
    private static final Tolerance CLOSE = new Tolerance(1e-5, 1e-5);

    static Stream<TestModel> loadableModels() {
        List<TestModel> models = new ArrayList<>(TestModels.all());
        models.add(TestModels.linear(-0.5f, 3f, 4));
        models.add(TestModels.mlp(123, 1, 1, 1));
        for (DataType t : DataType.values()) {
            models.add(TestModels.identity(t));
            models.add(TestModels.identity(t, 2, 0));
            models.add(TestModels.identity(t, 1, -1, 2));
        }
        return models.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadableModels")
    void everyModel_declaresTheNamesTypesAndShapesTheSessionReports(TestModel model) throws OrtException {
        try (OrtSession session = Ort.open(model)) {
            assertSameSignature("input", model.inputs(), session.getInputInfo());
            assertSameSignature("output", model.outputs(), session.getOutputInfo());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("loadableModels")
    void everyModel_computesItsReferenceOnTheSampleInputs(TestModel model) throws OrtException {
        Map<String, Tensor> actual = Ort.run(model, model.sampleInputs());

        Map<String, Tensor> expected = model.reference(model.sampleInputs());
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, e) -> assertClose(model + " output " + name, e, actual.get(name)));
    }

    @Test
    void linear_mapsOneTwoThreeAndAHalfToThreeFiveEight() throws OrtException {
        TestModel linear = TestModels.linear();
        Tensor x = Tensor.ofMatrix(new float[][] {{1f}, {2f}, {3.5f}});

        Map<String, Tensor> out = Ort.run(linear, Map.of("x", x));

        assertThat(out.get("y").toMatrix()).isEqualTo(new float[][] {{3f}, {5f}, {8f}});
        assertThat(linear.sampleInputs().get("x")).isEqualTo(x);
        assertThat(linear.inputs()).containsExactly(TensorSpec.of("x", DataType.FLOAT32, -1, 1));
        assertThat(linear.outputs()).containsExactly(TensorSpec.of("y", DataType.FLOAT32, -1, 1));
    }

    @Test
    void linear_withSlopeInterceptAndFeatures_appliesThemElementWise() throws OrtException {
        TestModel model = TestModels.linear(-0.5f, 3f, 4);
        Tensor x = Tensor.ofFloats(new float[] {0f, 2f, 4f, -6f, 1f, 1f, 1f, 1f}, 2, 4);

        Tensor y = Ort.run(model, Map.of("x", x)).get("y");

        assertThat(y.toFloatArray()).containsExactly(3f, 2f, 1f, 6f, 2.5f, 2.5f, 2.5f, 2.5f);
        assertThat(y.shape()).containsExactly(2, 4);
    }

    @ParameterizedTest
    @EnumSource(DataType.class)
    void identity_returnsItsInputForEveryDataType(DataType dtype) throws OrtException {
        for (long[] shape : List.of(new long[] {-1, 3}, new long[0], new long[] {2, 0}, new long[] {1, -1, 2})) {
            TestModel model = TestModels.identity(dtype, shape);
            Tensor x = model.sampleInputs().get("x");

            Tensor y = Ort.run(model, Map.of("x", x)).get("y");

            assertThat(y).as("%s %s", dtype, java.util.Arrays.toString(shape)).isEqualTo(x);
            assertThat(model.name()).isEqualTo("identity-" + dtype.jsonName());
        }
    }

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"FLOAT16", "BFLOAT16"})
    void identity_halfPrecisionReference_roundsArbitraryFloatsLikeTheEngine(DataType dtype) throws OrtException {
        TestModel model = TestModels.identity(dtype, -1);
        SplittableRandom random = new SplittableRandom(42);
        float[] values = new float[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (i % 4) {
                case 0 -> (float) random.nextDouble(-70000, 70000);
                case 1 -> (float) random.nextDouble(-1e-4, 1e-4);
                case 2 -> Float.intBitsToFloat(random.nextInt());
                default -> (float) random.nextGaussian();
            };
        }
        Tensor x = dtype == DataType.FLOAT16 ? Tensor.ofFloat16(values, values.length)
                : Tensor.ofBFloat16(values, values.length);

        Tensor y = Ort.run(model, Map.of("x", x)).get("y");

        assertThat(y).isEqualTo(model.reference(Map.of("x", x)).get("y"));
    }

    @Test
    void classifier_labelIsTheArgmaxOfProbabilitiesThatSumToOne() throws OrtException {
        TestModel model = TestModels.classifier();
        SplittableRandom random = new SplittableRandom(7);
        float[] x = new float[64 * 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(0, 8);
        }

        Map<String, Tensor> out = Ort.run(model, Map.of("x", Tensor.ofFloats(x, 64, 4)));

        long[] labels = out.get("label").toLongArray();
        float[][] p = out.get("probabilities").toMatrix();
        assertThat(out.get("label").dtype()).isEqualTo(DataType.INT64);
        assertThat(out.get("label").shape()).containsExactly(64);
        for (int r = 0; r < 64; r++) {
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = p[r][c] > p[r][best] ? c : best;
            }
            assertThat(labels[r]).as("row %d %s", r, java.util.Arrays.toString(p[r])).isEqualTo(best);
            assertThat((double) p[r][0] + p[r][1] + p[r][2]).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void zipMapClassifier_returnsOneMapOfProbabilitiesPerRowAsItsReferenceDoes() throws OrtException {
        TestModel model = TestModels.zipMapClassifier();
        Map<String, Tensor> in = model.sampleInputs();
        Map<String, dev.mlops.api.tensor.Value> expected = model.referenceValues(in);
        assertThat(model.reference(in)).containsOnlyKeys("output_label");
        assertThat(model.outputs().get(1).type().jsonName()).isEqualTo("sequence<map<int64,float32>>");
        try (OrtSession session = Ort.open(model);
                ai.onnxruntime.OnnxTensor x = Ort.toOnnx(in.get("float_input"));
                OrtSession.Result result = session.run(Map.of("float_input", x))) {
            assertThat(((ai.onnxruntime.OnnxTensor) result.get("output_label").orElseThrow()).getValue())
                    .isEqualTo(new long[] {0, 1, 2});
            ai.onnxruntime.OnnxSequence seq = (ai.onnxruntime.OnnxSequence) result.get("output_probability")
                    .orElseThrow();
            List<? extends ai.onnxruntime.OnnxValue> rows = seq.getValue();
            dev.mlops.api.tensor.ValueSequence reference =
                    (dev.mlops.api.tensor.ValueSequence) expected.get("output_probability");
            assertThat(rows).hasSize(3);
            for (int r = 0; r < 3; r++) {
                Map<?, ?> actual = ((ai.onnxruntime.OnnxMap) rows.get(r)).getValue();
                dev.mlops.api.tensor.ValueMap want = (dev.mlops.api.tensor.ValueMap) reference.elements().get(r);
                assertThat(new java.util.HashSet<Object>(actual.keySet())).containsExactlyInAnyOrder(0L, 1L, 2L);
                for (long c = 0; c < 3; c++) {
                    assertThat(((Float) actual.get(c)).doubleValue()).as("row %d class %d", r, c)
                            .isCloseTo(want.getDouble(c), org.assertj.core.data.Offset.offset(1e-6));
                }
            }
            rows.forEach(ai.onnxruntime.OnnxValue::close);
        }
    }

    @Test
    void classifier_sampleHoldsOneExampleOfEachClassInOrder() throws OrtException {
        TestModel model = TestModels.classifier();

        Map<String, Tensor> out = Ort.run(model, model.sampleInputs());

        assertThat(out.get("label").toLongArray()).containsExactly(0, 1, 2);
        assertThat(model.outputs().get(1).features()).containsExactly("setosa", "versicolor", "virginica");
        assertThat(model.inputs().get(0).featureIndex("petal_length")).isEqualTo(2);
    }

    @Test
    void stringInput_echoesTheTextAndEncodesKnownLabels() throws OrtException {
        TestModel model = TestModels.stringInput();
        Tensor text = Tensor.ofStrings(new String[] {"dog", "unicorn", "bird", "cat", "日本語 \uD83C\uDF89"}, 5);

        Map<String, Tensor> out = Ort.run(model, Map.of("text", text));

        assertThat(out.get("echo")).isEqualTo(text);
        assertThat(out.get("code").toLongArray()).containsExactly(1, -1, 2, 0, -1);
    }

    @Test
    void multiIO_feedsInputsByNameAndReturnsBothOutputs() throws OrtException {
        TestModel model = TestModels.multiIO();
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        feeds.put("b", Tensor.ofLongs(new long[] {1, 2, 3}, 1, 3));
        feeds.put("a", Tensor.ofFloats(new float[] {0.5f, 0.5f, 0.5f}, 1, 3));

        Map<String, Tensor> out = Ort.run(model, feeds);

        assertThat(out.get("sum").toFloatArray()).containsExactly(1.5f, 2.5f, 3.5f);
        assertThat(out.get("doubled").toLongArray()).containsExactly(2, 4, 6);
        assertThat(model.inputs()).extracting(TensorSpec::name).containsExactly("a", "b");
        assertThat(model.outputs()).extracting(TensorSpec::name).containsExactly("sum", "doubled");
    }

    @Test
    void scalarInput_scalesByARankZeroTensor() throws OrtException {
        TestModel model = TestModels.scalarInput();
        Map<String, Tensor> feeds = Map.of(
                "x", Tensor.ofFloats(new float[] {1f, -2f}, 1, 2),
                "scale", Tensor.ofFloats(new float[] {3f}));

        Tensor y = Ort.run(model, feeds).get("y");

        assertThat(y.toFloatArray()).containsExactly(3f, -6f);
        assertThat(model.inputs().get(1).shape().isScalar()).isTrue();
    }

    @Test
    void mlp_sameSeedGivesSameBytesAndOtherSeedOtherWeights() throws OrtException {
        byte[] a = TestModels.mlp(42, 3, 5, 2).bytes();
        byte[] b = TestModels.mlp(42, 3, 5, 2).bytes();
        TestModel other = TestModels.mlp(43, 3, 5, 2);

        assertThat(a).isEqualTo(b);
        assertThat(other.bytes()).isNotEqualTo(a);
        Tensor x = TestModels.mlp(42, 3, 5, 2).sampleInputs().get("x");
        Tensor y42 = Ort.run(TestModels.mlp(42, 3, 5, 2), Map.of("x", x)).get("y");
        Tensor y43 = Ort.run(other, Map.of("x", x)).get("y");
        assertThat(y42).isNotEqualTo(y43);
    }

    @Test
    void mlp_matchesItsReferenceOnRandomBatchesOfZeroOneTwoAndSeventeenRows() throws OrtException {
        TestModel model = TestModels.mlp(5, 6, 16, 3);
        SplittableRandom random = new SplittableRandom(1);
        try (OrtSession session = Ort.open(model)) {
            for (int rows : new int[] {0, 1, 2, 17}) {
                float[] x = new float[rows * 6];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) random.nextDouble(-3, 3);
                }
                Map<String, Tensor> feeds = Map.of("x", Tensor.ofFloats(x, rows, 6));

                Tensor actual = Ort.run(session, feeds).get("y");

                assertClose("rows " + rows, model.reference(feeds).get("y"), actual);
            }
        }
    }

    @Test
    void corrupt_cannotBeLoaded() {
        TestModel corrupt = TestModels.corrupt();

        assertThatThrownBy(() -> Ort.open(corrupt)).isInstanceOf(OrtException.class);
        assertThat(corrupt.inputs()).isEqualTo(TestModels.linear().inputs());
    }

    @Test
    void write_createsParentDirectoriesAndWritesTheBytes(@TempDir Path dir) throws Exception {
        TestModel model = TestModels.classifier();
        Path file = dir.resolve("bundle/nested/model.onnx");

        Path written = model.write(file);

        assertThat(written).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(model.bytes());
        try (OrtSession session = Ort.ENV.createSession(file.toString(), new OrtSession.SessionOptions())) {
            assertThat(session.getOutputNames()).containsExactly("label", "probabilities");
        }
    }

    @Test
    void metadata_prefillsNameVersionInputsAndOutputs() {
        TestModel model = TestModels.multiIO();

        ModelMetadata meta = model.metadata("weather", "1.4.2").description("two in, two out").build();
        ModelMetadata byName = model.metadata().build();

        assertThat(meta.name()).isEqualTo("weather");
        assertThat(meta.version().toString()).isEqualTo("1.4.2");
        assertThat(meta.inputs()).isEqualTo(model.inputs());
        assertThat(meta.outputs()).isEqualTo(model.outputs());
        assertThat(byName.name()).isEqualTo("multi-io");
        assertThat(byName.version().toString()).isEqualTo("1.0.0");
    }

    @Test
    void bytes_returnsACopyTheCallerCannotCorrupt() {
        TestModel model = TestModels.linear();
        byte[] first = model.bytes();
        first[0] ^= 0x7f;

        assertThat(model.bytes()).isNotEqualTo(first);
    }

    @Test
    void reference_listsEveryMissingMistypedAndUnknownInput() {
        TestModel model = TestModels.multiIO();
        Map<String, Tensor> feeds = Map.of(
                "a", Tensor.ofLongs(new long[] {1, 2, 3}, 1, 3),
                "c", Tensor.ofFloats(new float[] {1f}));

        assertThatThrownBy(() -> model.reference(feeds))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("input 'a' is int64[1, 3], declared float32[-1, 3]")
                .hasMessageContaining("input 'b' is missing")
                .hasMessageContaining("'c' is not an input of multi-io");
    }

    @Test
    void factories_rejectWidthsBelowOneNamingTheArgument() {
        assertThatThrownBy(() -> TestModels.mlp(1, 2, 0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("hidden: 0 must be at least 1");
        assertThatThrownBy(() -> TestModels.linear(1f, 0f, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("features: -2 must be at least 1");
        assertThatThrownBy(() -> TestModels.identity(DataType.INT8, 3, -2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shape[1]: -2");
    }

    @Test
    void toString_namesTheModelAndItsSignature() {
        assertThat(TestModels.linear().toString())
                .startsWith("TestModel[linear: x float32[-1, 1] -> y float32[-1, 1], ")
                .endsWith(" bytes]");
    }

    static Stream<Arguments> halfPrecisionCases() {
        return Stream.of(
                Arguments.of(DataType.FLOAT16, 65519f, 65504f),
                Arguments.of(DataType.FLOAT16, 65520f, Float.POSITIVE_INFINITY),
                Arguments.of(DataType.FLOAT16, 1f + 0x1p-11f, 1f),
                Arguments.of(DataType.FLOAT16, 1f + 0x1p-11f + 0x1p-20f, 1f + 0x1p-10f),
                Arguments.of(DataType.FLOAT16, 0x1p-25f, 0f),
                Arguments.of(DataType.FLOAT16, 0x1.8p-25f, 0x1p-24f),
                Arguments.of(DataType.BFLOAT16, 1f + 0x1p-8f, 1f),
                Arguments.of(DataType.BFLOAT16, 1f + 0x3p-8f, 1f + 0x1p-6f),
                Arguments.of(DataType.BFLOAT16, Float.MAX_VALUE, Float.POSITIVE_INFINITY),
                Arguments.of(DataType.BFLOAT16, -0f, -0f));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("halfPrecisionCases")
    void identity_reference_roundsToNearestEven(DataType dtype, float in, float expected) {
        float actual = dtype == DataType.FLOAT16 ? HalfPrecision.toFloat16(in) : HalfPrecision.toBFloat16(in);

        assertThat(Float.floatToIntBits(actual)).as("%s -> %s", in, actual).isEqualTo(Float.floatToIntBits(expected));
    }

    private static void assertSameSignature(String kind, List<TensorSpec> specs, Map<String, NodeInfo> session) {
        assertThat(session.keySet()).as("%s names", kind)
                .containsExactlyElementsOf(specs.stream().map(TensorSpec::name).toList());
        for (TensorSpec spec : specs) {
            NodeInfo node = session.get(spec.name());
            assertThat(Ort.dtypeOf(node)).as("%s %s dtype", kind, spec.name()).isEqualTo(spec.dtype());
            assertThat(Ort.shapeOf(node)).as("%s %s shape", kind, spec.name()).containsExactly(spec.shape().toArray());
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.dtype()).as(what + " dtype").isEqualTo(expected.dtype());
        assertThat(actual.shape()).as(what + " shape").containsExactly(expected.shape());
        if (!expected.dtype().isNumeric()) {
            assertThat(actual).as(what).isEqualTo(expected);
            return;
        }
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.getDouble(i);
            double a = actual.getDouble(i);
            assertThat(CLOSE.accepts(e, a)).as("%s element %d: expected %s, got %s", what, i, e, a).isTrue();
        }
    }
}
