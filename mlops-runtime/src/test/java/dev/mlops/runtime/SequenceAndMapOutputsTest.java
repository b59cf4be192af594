// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs that are ONNX sequences and maps, as scikit-learn's converter writes a classifier by default
 * (LinearClassifier, Normalizer, ZipMap): declared, checked against the graph, gated by adequacy cases, served.
 */
class SequenceAndMapOutputsTest {
    private static final TestModel ZIPMAP = TestModels.zipMapClassifier();
    private static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    @TempDir
    Path tmp;

    ModelRuntime runtime;
    long sessionsBefore;

    @BeforeEach
    void start() {
        sessionsBefore = LoadedModel.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
    }

    @AfterEach
    void stop() {
        runtime.close();
        assertThat(LoadedModel.openSessions()).as("sessions left open").isEqualTo(sessionsBefore);
    }

    /** A bundle of the ZipMap classifier whose cases expect its plain-Java reference, changed by {@code perturb}. */
    private Path bundle(String dir, ModelMetadata.Builder meta, UnaryOperator<Map<String, Value>> perturb)
            throws IOException {
        Path root = tmp.resolve(dir);
        Files.createDirectories(root);
        ZIPMAP.write(root.resolve("model.onnx"));
        Map<String, Tensor> in = ZIPMAP.sampleInputs();
        CaseWriter.write(root.resolve("adequacy/cases.jsonl"),
                List.of(AdequacyCase.of("three irises", in, perturb.apply(ZIPMAP.referenceValues(in)))));
        Files.writeString(root.resolve("metadata.json"), Metadata.toJson(meta
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", TOLERANCE, Map.of())).build()));
        Bundles.pack(root);
        return root;
    }

    private Path bundle() throws IOException {
        return bundle("zipmap", ZIPMAP.metadata("iris", "1.0.0"), UnaryOperator.identity());
    }

    @Test
    void metadataJson_declaresTheZipMapOutputAsASequenceOfMapsWithoutShape() throws IOException {
        String json = Files.readString(bundle().resolve("metadata.json"));
        assertThat(json).contains("\"dtype\" : \"sequence<map<int64,float32>>\"");
        assertThat(Files.readString(tmp.resolve("zipmap/adequacy/cases.jsonl")))
                .contains("\"output_probability\":[{\"0\":");
    }

    @Test
    void open_gatesOnTheProbabilitiesAndPredictValuesReturnsThemPerRow() throws IOException {
        try (RuntimeModel model = runtime.open(bundle())) {
            Map<String, Tensor> in = ZIPMAP.sampleInputs();
            Map<String, Value> out = model.predictValues(in);
            assertThat(out).containsOnlyKeys("output_label", "output_probability");
            assertThat(((Tensor) out.get("output_label")).toLongArray()).containsExactly(0, 1, 2);
            ValueSequence rows = (ValueSequence) out.get("output_probability");
            assertThat(rows.type().jsonName()).isEqualTo("sequence<map<int64,float32>>");
            assertThat(rows.size()).isEqualTo(3);
            ValueSequence reference = (ValueSequence) ZIPMAP.referenceValues(in).get("output_probability");
            for (int r = 0; r < 3; r++) {
                ValueMap row = (ValueMap) rows.elements().get(r);
                assertThat(row.entries().keySet()).containsExactly(0L, 1L, 2L);
                double sum = 0;
                for (long c = 0; c < 3; c++) {
                    double expected = ((ValueMap) reference.elements().get(r)).getDouble(c);
                    assertThat(row.getDouble(c)).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-5));
                    sum += row.getDouble(c);
                }
                assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
            }
            assertThat(OutputComparison.compare("output_probability", reference, out, TOLERANCE).passed()).isTrue();
        }
    }

    @Test
    void predict_returnsTheTensorOutputsOnly() throws IOException {
        try (RuntimeModel model = runtime.open(bundle())) {
            Map<String, Tensor> out = model.predict(ZIPMAP.sampleInputs());
            assertThat(out).containsOnlyKeys("output_label");
            assertThat(out.get("output_label").toLongArray()).containsExactly(0, 1, 2);
        }
    }

    @Test
    void open_refusesACaseWhoseProbabilityIsOffNamingItsPathAndBothValues() throws IOException {
        Path dir = bundle("perturbed", ZIPMAP.metadata("iris", "1.0.0"), out -> {
            ValueSequence rows = (ValueSequence) out.get("output_probability");
            List<ValueMap> changed = new ArrayList<>();
            for (Value v : rows.elements()) {
                changed.add((ValueMap) v);
            }
            Map<Long, Float> second = new LinkedHashMap<>();
            changed.get(1).entries().forEach((k, v) -> second.put((Long) k, (Float) v));
            second.put(2L, second.get(2L) + 0.25f);
            changed.set(1, ValueMap.ofLongToFloat(second));
            Map<String, Value> copy = new LinkedHashMap<>(out);
            copy.put("output_probability", ValueSequence.ofMaps(changed));
            return copy;
        });
        assertThatThrownBy(() -> runtime.open(dir)).isInstanceOfSatisfying(AdequacyFailureException.class, e -> {
            CaseResult.Compared c = (CaseResult.Compared) e.report().cases().get(0);
            OutputResult.Composite r = (OutputResult.Composite) c.outputs().stream()
                    .filter(o -> o.output().equals("output_probability")).findFirst().orElseThrow();
            assertThat(r.passed()).isFalse();
            assertThat(r.difference().orElseThrow().path()).isEqualTo("[1][\"2\"]");
            assertThat(r.describe()).startsWith("output 'output_probability' at [1][\"2\"]: expected ")
                    .contains("absolute error 0.25");
        }).hasMessageContaining("three irises");
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void open_refusesAMissingKeyAndAWrongRowCount() throws IOException {
        Path missingKey = bundle("missing-key", ZIPMAP.metadata("iris", "1.0.0"), out -> {
            Map<String, Value> copy = new LinkedHashMap<>(out);
            copy.put("output_probability", ValueSequence.ofMaps(List.of(
                    ValueMap.ofLongToFloat(Map.of(0L, 1f, 1L, 0f)), ValueMap.ofLongToFloat(Map.of(0L, 1f, 1L, 0f)),
                    ValueMap.ofLongToFloat(Map.of(0L, 1f, 1L, 0f)))));
            return copy;
        });
        assertThatThrownBy(() -> runtime.open(missingKey)).isInstanceOf(AdequacyFailureException.class)
                .hasMessageContaining("at [0]: the model returned key \"2\", which is not expected");
        Path oneRow = bundle("one-row", ZIPMAP.metadata("iris", "1.0.0"), out -> {
            Map<String, Value> copy = new LinkedHashMap<>(out);
            copy.put("output_probability", ValueSequence.ofMaps(List.of(
                    ValueMap.ofLongToFloat(Map.of(0L, 1f, 1L, 0f, 2L, 0f)))));
            return copy;
        });
        assertThatThrownBy(() -> runtime.open(oneRow)).isInstanceOf(AdequacyFailureException.class)
                .hasMessageContaining("output 'output_probability': expected 1 element, got 3");
    }

    @Test
    void open_refusesADeclarationTheGraphContradicts() throws IOException {
        TensorSpec x = ZIPMAP.inputs().get(0);
        TensorSpec label = ZIPMAP.outputs().get(0);
        ModelMetadata.Builder asTensor = ModelMetadata.builder("iris", "1.0.0").input(x).output(label)
                .output(TensorSpec.of("output_probability", DataType.FLOAT32, -1, 3));
        Path tensor = tmp.resolve("as-tensor");
        Files.createDirectories(tensor);
        ZIPMAP.write(tensor.resolve("model.onnx"));
        Files.writeString(tensor.resolve("metadata.json"), Metadata.toJson(asTensor.build()));
        Bundles.pack(tensor);
        try (ModelRuntime noCases = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU)
                .adequacyPolicy(ModelRuntime.AdequacyPolicy.IF_PRESENT).build()) {
            assertThatThrownBy(() -> noCases.open(tensor)).isInstanceOf(SignatureMismatchException.class)
                .hasMessageContaining("output 'output_probability' is a sequence<map<int64,float32>> in the graph, not"
                        + " a tensor (declare dtype \"sequence<map<int64,float32>>\" and no shape)");
        }
        ModelMetadata.Builder asMap = ModelMetadata.builder("iris", "1.0.0").input(x).output(label)
                .output(TensorSpec.of("output_probability", ValueType.parse("sequence<map<string,float32>>")));
        assertThat(GraphSignature.read(tensor.resolve("model.onnx")).mismatches(asMap.build())).containsExactly(
                "output 'output_probability': declared dtype sequence<map<string,float32>>, graph has"
                        + " sequence<map<int64,float32>>");
        ModelMetadata.Builder labelAsSequence = ModelMetadata.builder("iris", "1.0.0").input(x)
                .output(TensorSpec.of("output_label", ValueType.parse("sequence<int64>")))
                .output(ZIPMAP.outputs().get(1));
        assertThat(GraphSignature.read(tensor.resolve("model.onnx")).mismatches(labelAsSequence.build()))
                .containsExactly("output 'output_label': declared dtype sequence<int64>, graph has a tensor of int64");
    }

    @Test
    void outputComparison_reportsAnEmptyExpectationAndAMissingOutputAsStructural() {
        ValueSequence empty = new ValueSequence((ValueType.SequenceType) ZIPMAP.outputs().get(1).type(), List.of());
        assertThat(OutputComparison.compare("p", empty, Map.of("p", empty), TOLERANCE))
                .isInstanceOf(OutputResult.Structural.class).extracting(OutputResult::describe).asString()
                .contains("is empty, so nothing is compared");
        assertThat(OutputComparison.compare("p", empty, Map.of(), TOLERANCE).describe())
                .isEqualTo("output 'p': the model returned no output 'p' (it returned [])");
        assertThat(OutputComparison.compare("p", ValueMap.ofStringToFloat(Map.of("a", 1f)),
                Map.of("p", ValueMap.ofLongToFloat(Map.of(0L, 1f))), TOLERANCE).describe())
                .isEqualTo("output 'p': expected a map<string,float32>, got a map<int64,float32>");
        Optional<OutputResult.Difference> none = ((OutputResult.Composite) OutputComparison.compare("p",
                ValueMap.ofStringToFloat(Map.of("a", Float.NaN)), Map.of("p", ValueMap.ofStringToFloat(
                        Map.of("a", Float.NaN))), TOLERANCE)).difference();
        assertThat(none).as("NaN matches NaN, as in tensors").isEmpty();
    }
}
