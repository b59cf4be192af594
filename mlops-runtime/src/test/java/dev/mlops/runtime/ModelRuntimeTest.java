// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelRuntimeTest {
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

    Path linear() {
        return TestBundles.packed(tmp.resolve("linear"), TestModels.linear(), "linear", "1.0.0");
    }

    @Test
    void open_verifiesGatesAndServesPredictions() {
        try (RuntimeModel model = runtime.open(linear())) {
            assertThat(model.executionProvider()).isEqualTo("cpu");
            assertThat(model.deliveryId()).startsWith("sha256:");
            assertThat(model.predict(new float[][] {{1f}, {2f}, {3.5f}})).isEqualTo(new float[][] {{3f}, {5f}, {8f}});
        }
    }

    @Test
    void open_refusesBundleWhoseExpectedValueIsPerturbedAndFreesTheSession() {
        TestModel m = TestModels.linear();
        Path dir = TestBundles.packed(tmp.resolve("bad"), m, m.metadata("linear", "1.0.0"),
                List.of(Map.of("x", Tensor.ofFloats(new float[] {1f, 2f}, 2, 1))),
                out -> Map.of("y", Tensor.ofFloats(new float[] {3f, 5.5f}, 2, 1)));
        assertThatThrownBy(() -> runtime.open(dir)).isInstanceOf(AdequacyFailureException.class)
                .hasMessageContaining("case 0").hasMessageContaining("y")
                .satisfies(e -> assertThat(((AdequacyFailureException) e).failedCases()).containsExactly("case 0"));
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void open_throwsAnAdequacyFailureCarryingTheStructuredReport() {
        TestModel m = TestModels.linear();
        Path dir = TestBundles.packed(tmp.resolve("bad"), m, m.metadata("linear", "1.0.0"),
                List.of(Map.of("x", Tensor.ofFloats(new float[] {1f, 2f}, 2, 1))),
                out -> Map.of("y", Tensor.ofFloats(new float[] {3f, 5.5f}, 2, 1)));
        AdequacyFailureException e = catchThrowableOfType(AdequacyFailureException.class, () -> runtime.open(dir));
        AdequacyReport report = e.report();
        assertThat(e).hasMessage(report.describe());
        assertThat(report.model()).isEqualTo("linear 1.0.0");
        assertThat(report.executionProvider()).isEqualTo("cpu");
        assertThat(report.passed()).isFalse();
        assertThat(report.cases()).singleElement().isInstanceOfSatisfying(CaseResult.Compared.class, c -> {
            assertThat(c.id()).isEqualTo("case 0");
            assertThat(c.source()).contains(new CaseSource("adequacy/cases.jsonl", 1));
            assertThat(c.outputs()).singleElement().isInstanceOfSatisfying(OutputResult.Numeric.class, y -> {
                assertThat(y.output()).isEqualTo("y");
                assertThat(y.passed()).isFalse();
                assertThat(y.worst()).isEqualTo(new OutputResult.Element(1, List.of(1L, 0L), 5.5, 5.0, 0.5,
                        0.5 / 5.5));
            });
        });
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void verify_reportsEveryCaseWithoutThrowing() {
        ModelRuntime.Verification v = runtime.verify(linear());
        assertThat(v.passed()).isTrue();
        assertThat(v.adequacy().cases()).hasSize(1);
        assertThat(v.validation().metadata().metadata().name()).isEqualTo("linear");

        // a bundle whose second of three cases fails is reported, case by case, not thrown
        TestModel m = TestModels.linear();
        Path failing = TestBundles.packed(tmp.resolve("one-wrong"), m, m.metadata("linear", "1.0.0"),
                List.of(Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                        Map.of("x", Tensor.ofFloats(new float[] {2f}, 1, 1)),
                        Map.of("x", Tensor.ofFloats(new float[] {3f}, 1, 1))),
                out -> out.get("y").getDouble(0) == 5.0 ? Map.of("y", Tensor.ofFloats(new float[] {5.5f}, 1, 1)) : out);
        ModelRuntime.Verification bad = runtime.verify(failing);
        assertThat(bad.passed()).isFalse();
        assertThat(bad.adequacy().cases()).extracting(CaseResult::passed).containsExactly(true, false, true);
        assertThat(bad.adequacy().failures()).extracting(CaseResult::id).containsExactly("case 1");
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void open_refusesTamperedBundleBeforeAnyNativeCall() throws Exception {
        Path dir = linear();
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        // bytes ONNX Runtime cannot parse: had it been called first, the failure would be a ModelLoadException
        java.util.Arrays.fill(model, (byte) 0xff);
        Files.write(dir.resolve("model.onnx"), model);
        assertThatThrownBy(() -> runtime.open(dir)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("model.onnx");
        assertThat(runtime.cacheStats().misses()).as("nothing was loaded").isZero();
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void requiredCuda_failsOnACpuOnlyMachine_preferredFallsBackToCpu() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Cuda.serves(), "CUDA serves here: GpuTest covers this machine");
        Path dir = linear();
        try (ModelRuntime required = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CUDA, ExecutionProvider.CPU)
                .providerPolicy(ProviderPolicy.REQUIRED).build()) {
            assertThatThrownBy(() -> required.open(dir)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("the required execution provider cuda cannot serve");
        }
        try (ModelRuntime preferred = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CUDA, ExecutionProvider.CPU).build();
                RuntimeModel model = preferred.open(dir)) {
            assertThat(model.executionProvider()).isEqualTo("cpu");
            assertThat(model.predict(new float[][] {{0f}})).isEqualTo(new float[][] {{1f}});
        }
    }

    @Test
    void predict_checksInputsAgainstTheSpecsBeforeOnnxRuntimeSeesThem() {
        try (RuntimeModel model = runtime.open(linear())) {
            assertThatThrownBy(() -> model.predict(Map.of("x", Tensor.ofDoubles(new double[] {1}, 1, 1))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("input 'x'")
                    .hasMessageContaining("float32").hasMessageContaining("float64");
            assertThatThrownBy(() -> model.predict(Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("dimension 1");
            assertThatThrownBy(() -> model.predict(Map.of("z", Tensor.ofFloats(new float[] {1}, 1, 1))))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("'z'");
        }
    }

    @Test
    void predict_enforcesTheOperatingEnvelope() {
        TestModel m = TestModels.linear();
        Path dir = TestBundles.packed(tmp.resolve("env"), m, m.metadata("linear", "1.0.0")
                .constraint(Constraint.reject("x", -10, 100)), List.of(m.sampleInputs()), out -> out);
        try (RuntimeModel model = runtime.open(dir)) {
            assertThat(model.predict(new float[][] {{100f}})).isEqualTo(new float[][] {{201f}});
            assertThatThrownBy(() -> model.predict(new float[][] {{100.5f}}))
                    .isInstanceOf(EnvelopeViolationException.class)
                    .hasMessageContaining("100.5").hasMessageContaining("100.0");
        }
    }

    static Stream<DataType> dtypes() {
        return Stream.of(DataType.values());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dtypes")
    void predict_roundTripsEveryDtype(DataType dtype) {
        TestModel identity = TestModels.identity(dtype, -1, 3);
        Path dir = TestBundles.packed(tmp.resolve(dtype.jsonName()), identity, "identity-" + dtype.jsonName(),
                "1.0.0");
        try (RuntimeModel model = runtime.open(dir)) {
            Map<String, Tensor> in = identity.sampleInputs();
            assertThat(model.predict(in)).isEqualTo(identity.reference(in));
        }
    }

    @Test
    void predict_servesScalarAndMultipleInputsAndOutputs() {
        for (TestModel m : List.of(TestModels.scalarInput(), TestModels.multiIO(), TestModels.classifier(),
                TestModels.stringInput())) {
            Path dir = TestBundles.packed(tmp.resolve(m.name()), m, m.name(), "1.0.0");
            try (RuntimeModel model = runtime.open(dir)) {
                Map<String, Tensor> in = m.sampleInputs();
                Map<String, Tensor> out = model.predict(in);
                assertThat(out.keySet()).containsExactlyElementsOf(
                        m.outputs().stream().map(t -> t.name()).toList());
                Map<String, Tensor> expected = new LinkedHashMap<>(m.reference(in));
                for (var e : expected.entrySet()) {
                    Tensor actual = out.get(e.getKey());
                    assertThat(actual.dtype()).isEqualTo(e.getValue().dtype());
                    assertThat(actual.shape()).isEqualTo(e.getValue().shape());
                    if (actual.dtype().isNumeric()) {
                        assertThat(actual.toDoubles()).containsExactly(e.getValue().toDoubles(),
                                org.assertj.core.data.Offset.offset(1e-5));
                    } else {
                        assertThat(actual).isEqualTo(e.getValue());
                    }
                }
            }
        }
    }

    @Test
    void open_sharesTheSessionOfABundleAlreadyLoaded() {
        Path dir = linear();
        try (RuntimeModel a = runtime.open(dir); RuntimeModel b = runtime.open(dir)) {
            assertThat(a.deliveryId()).isEqualTo(b.deliveryId());
            CacheStats stats = runtime.cacheStats();
            assertThat(stats.misses()).isEqualTo(1);
            assertThat(stats.hits()).isEqualTo(1);
            assertThat(stats.openSessions() - sessionsBefore).isEqualTo(1);
        }
    }

    @Test
    void open_onAnUntouchedCachedBundleServesWithoutStagingItAgain() throws Exception {
        Path dir = linear();
        Path staging = tmp.resolve("staging");
        try (ModelRuntime r = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).stagingRoot(staging).build();
                RuntimeModel first = r.open(dir)) {
            Path moved = Files.move(staging, tmp.resolve("staging-aside"));
            Files.writeString(staging, "a file where the staging directory was: staging now fails");
            try (RuntimeModel again = r.open(dir)) {
                assertThat(again.deliveryId()).isEqualTo(first.deliveryId());
                assertThat(again.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
                assertThat(r.cacheStats().hits()).isEqualTo(1);
            }
            Files.delete(staging);
            Files.move(moved, staging);
        }
    }

    @Test
    void open_rereadsAndRefusesACachedBundleWhoseFileWasRewrittenAtTheSameSize() throws Exception {
        Path dir = linear();
        try (RuntimeModel first = runtime.open(dir)) {
            Path model = dir.resolve("model.onnx");
            byte[] bytes = Files.readAllBytes(model);
            bytes[bytes.length - 1] ^= 1; // one flipped bit
            java.nio.file.attribute.FileTime written = Files.getLastModifiedTime(model);
            Files.write(model, bytes);
            Files.setLastModifiedTime(model, java.nio.file.attribute.FileTime.fromMillis(written.toMillis() + 1_000));
            assertThatThrownBy(() -> runtime.open(dir)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("model.onnx");
            assertThatThrownBy(() -> runtime.verify(dir)).isInstanceOf(IntegrityException.class);
            assertThat(first.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}}); // the verified copy
        }
    }

    @Test
    void closedHandle_refusesPredictionsButOthersStillServe() {
        Path dir = linear();
        RuntimeModel a = runtime.open(dir);
        RuntimeModel b = runtime.open(dir);
        a.close();
        a.close(); // idempotent
        assertThatThrownBy(() -> a.predict(new float[][] {{1f}})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        runtime.evictAll();
        assertThat(b.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
        b.close();
        assertThat(LoadedModel.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void repository_opensByNameAndVersion() {
        Path repo = tmp.resolve("repo");
        TestBundles.packed(repo.resolve("linear/1.2.0"), TestModels.linear(), "linear", "1.2.0");
        try (ModelRuntime r = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).repository(repo).build();
                RuntimeModel m = r.open("linear", "1.2.0");
                RuntimeModel again = r.open("linear", "1.2.0")) {
            assertThat(m.metadata().version().toString()).isEqualTo("1.2.0");
            assertThat(again.deliveryId()).isEqualTo(m.deliveryId());
            assertThat(r.cacheStats().hits()).isEqualTo(1);
            assertThatThrownBy(() -> r.open("linear", "9.0.0")).hasMessageContaining("not in the repository");
        }
    }

    @Test
    void closedRuntime_refusesToOpen() {
        Path dir = linear(); // a valid bundle: only the closed runtime can be the reason for the refusal
        runtime.close();
        assertThatThrownBy(() -> runtime.open(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> runtime.verify(dir)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
