// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.IncompatibleSdkException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.Processor;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
import dev.mlops.api.spec.RuntimeHints;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regressions from issue 8's attack campaign, at the runtime's seams: each test failed on 0.1.0. A runtime closed
 * during an open, the input map read twice, repository names used as paths, an {@code Error} during load, declared
 * runtime requirements, {@code null} inputs and the adequacy policy applied alike by validation and loading.
 */
class RuntimeSeamsRegressionTest {
    @TempDir
    Path tmp;

    Path staging;
    long sessionsBefore;

    @BeforeEach
    void setUp() throws IOException {
        staging = Files.createDirectories(tmp.resolve("staging"));
        sessionsBefore = ModelRuntime.openSessions();
    }

    @AfterEach
    void noSessionLeft() {
        assertThat(ModelRuntime.openSessions()).as("native sessions left open").isEqualTo(sessionsBefore);
    }

    /** Calls a latch-controlled hook from its raw-form adequacy case: the open is in flight while the hook waits. */
    static final class Gate implements Processor {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch proceed = new CountDownLatch(1);
        final UnaryOperator<Map<String, Tensor>> action;

        Gate(UnaryOperator<Map<String, Tensor>> action) {
            this.action = action;
        }

        @Override
        public String name() {
            return "gate";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public Map<String, Tensor> preprocess(Map<String, Tensor> raw) {
            entered.countDown();
            try {
                if (!proceed.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the open proceed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return action.apply(raw);
        }

        @Override
        public Map<String, Tensor> postprocess(Map<String, Tensor> outputs) {
            return outputs;
        }
    }

    /** A y = 2x + 1 bundle whose one case is in raw form, so that opening it calls the registered "gate" processor. */
    Path gatedBundle() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("gated"));
        TestModels.linear().write(dir.resolve("model.onnx"));
        AdequacyCase raw = new AdequacyCase("through the gate", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1)), Optional.empty(), Optional.empty(), true);
        CaseWriter.write(dir.resolve("cases.jsonl"), List.of(raw));
        ModelMetadata meta = TestModels.linear().metadata("linear", "1.0.0")
                .adequacy(new AdequacySpec("cases.jsonl", new Tolerance(1e-5, 0), Map.of()))
                .preprocessing(new Preprocessing("gate", "1")).build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        Bundles.pack(dir);
        return dir;
    }

    static ModelRuntime.Builder cpu() {
        return ModelRuntime.newBuilder().providers(ExecutionProvider.CPU);
    }

    static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void close_duringAnOpen_failsTheOpenAndLeavesNoSessionStagedCopyOrCacheEntry() throws Exception {
        Gate gate = new Gate(UnaryOperator.identity());
        Path bundle = gatedBundle();
        ModelRuntime runtime = cpu().stagingRoot(staging).processor(gate).build();
        CompletableFuture<RuntimeModel> open = CompletableFuture.supplyAsync(() -> runtime.open(bundle));
        assertThat(gate.entered.await(30, TimeUnit.SECONDS)).as("the open reached its adequacy gate").isTrue();
        assertThat(ModelRuntime.openSessions()).as("the racing open holds a session").isEqualTo(sessionsBefore + 1);

        runtime.close(); // while the open is loading
        gate.proceed.countDown();

        assertThatThrownBy(open::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(runtime.cacheStats().cachedModels()).isZero();
        assertThat(children(staging)).as("staged copies left behind").isEmpty();
        assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void anErrorDuringLoad_releasesTheSessionAndTheStagedCopy() throws Exception {
        Gate gate = new Gate(raw -> {
            throw new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory (simulated)");
        });
        gate.proceed.countDown();
        Path bundle = gatedBundle();
        try (ModelRuntime runtime = cpu().stagingRoot(staging).processor(gate).build()) {
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(OutOfMemoryError.class);
                assertThat(ModelRuntime.openSessions()).as("sessions after attempt " + attempt)
                        .isEqualTo(sessionsBefore);
            }
            assertThatThrownBy(() -> runtime.verify(bundle)).isInstanceOf(OutOfMemoryError.class);
            assertThat(children(staging)).as("staged copies left behind").isEmpty();
        }
    }

    Path constrained() {
        return TestBundles.packed(tmp.resolve("constrained"), TestModels.linear(),
                TestModels.linear().metadata("linear", "1.0.0").constraint(Constraint.reject("x", -40, 100)),
                List.of(TestModels.linear().sampleInputs()), UnaryOperator.identity());
    }

    @Test
    void predict_checksAndServesTheSameReadOfTheInputs() {
        try (ModelRuntime runtime = cpu().build(); RuntimeModel model = runtime.open(constrained())) {
            Map<String, Tensor> identity = new IdentityHashMap<>();
            identity.put(new String("x"), Tensor.ofFloats(new float[] {1000f}, 1, 1)); // get("x") misses this key
            assertThatThrownBy(() -> model.predict(identity)).isInstanceOf(EnvelopeViolationException.class)
                    .hasMessageContaining("1000");

            Map<String, Tensor> twice = new IdentityHashMap<>();
            twice.put(new String("x"), Tensor.ofFloats(new float[] {1f}, 1, 1));
            twice.put(new String("x"), Tensor.ofFloats(new float[] {1000f}, 1, 1));
            assertThatThrownBy(() -> model.predict(twice)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input 'x' is given twice");
        }
    }

    @Test
    void predict_refusesANullTensorNamingTheInput() {
        try (ModelRuntime runtime = cpu().build(); RuntimeModel model = runtime.open(constrained())) {
            Map<String, Tensor> inputs = new HashMap<>();
            inputs.put("x", null);
            assertThatThrownBy(() -> model.predict(inputs)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("linear 1.0.0: input 'x' is null (expected float32[-1, 1])");
            Map<String, Tensor> nullName = new HashMap<>();
            nullName.put(null, Tensor.ofFloats(new float[] {1f}, 1, 1));
            assertThatThrownBy(() -> model.predict(nullName)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("null name");
        }
    }

    @Test
    void repositoryNamesThatAreNotModelNames_areRefusedAlikeBeforeTouchingTheFileSystem() throws IOException {
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        // a valid bundle just outside the repository, where "../outside/1.0.0" would reach it
        TestBundles.packed(tmp.resolve("outside").resolve("1.0.0"), TestModels.linear(), "outside", "1.0.0");
        try (ModelRuntime runtime = cpu().stagingRoot(staging).repository(repo).build()) {
            String expected = null;
            for (String[] bad : new String[][] {{"../outside", "1.0.0"}, {tmp.resolve("outside").toString(), "1.0.0"},
                    {"../no-such", "1.0.0"}, {"a/b", "1.0.0"}, {"", "1.0.0"}, {"..", "1.0.0"}, {"ok", "../1.0.0"},
                    {"ok", "1.0"}}) {
                Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> runtime.open(bad[0], bad[1]));
                assertThat(t).as(bad[0] + " " + bad[1]).isInstanceOf(IllegalArgumentException.class);
                if (expected == null) {
                    expected = t.getMessage();
                }
                assertThat(t.getMessage()).as("one message for every bad name").isEqualTo(expected)
                        .doesNotContain(bad[0].isEmpty() ? "\u0000" : bad[0]);
            }
            assertThat(runtime.cacheStats().misses()).as("nothing was loaded").isZero();
            assertThat(children(staging)).isEmpty();
        }
    }

    Path withHints(String dir, RuntimeHints hints) {
        return TestBundles.packed(tmp.resolve(dir), TestModels.linear(),
                TestModels.linear().metadata("linear", "1.0.0").runtime(hints),
                List.of(TestModels.linear().sampleInputs()), UnaryOperator.identity());
    }

    @Test
    void aBundleNeedingANewerSdk_isRefusedByValidationAndLoadingNamingBothVersions() {
        Path bundle = withHints("newer", new RuntimeHints(List.of(), Optional.of("99.0.0"), OptionalLong.empty()));
        assertThatThrownBy(() -> BundleValidation.validate(bundle)).isInstanceOf(IncompatibleSdkException.class)
                .hasMessageContaining("99.0.0").hasMessageContaining(ModelRuntime.sdkVersion());
        try (ModelRuntime runtime = cpu().build()) {
            assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(IncompatibleSdkException.class)
                    .hasMessageContaining("metadata.json").hasMessageContaining("runtime.minSdkVersion")
                    .hasMessageContaining("needs mlops-java 99.0.0 or later; this is mlops-java "
                            + ModelRuntime.sdkVersion());
        }
        Path older = withHints("older", new RuntimeHints(List.of(), Optional.of("0.0.1"), OptionalLong.empty()));
        try (ModelRuntime runtime = cpu().build(); RuntimeModel m = runtime.open(older)) {
            assertThat(m.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
        }
    }

    @Test
    void declaredProviders_areRefusedUnderRequiredAndAHintOtherwise() {
        Path bundle = withHints("cuda", new RuntimeHints(List.of("cuda"), Optional.empty(), OptionalLong.of(1 << 20)));
        try (ModelRuntime runtime = cpu().providerPolicy(ProviderPolicy.REQUIRED).build()) {
            assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(ModelLoadException.class)
                    .hasMessageContaining("declares runtime.providers [cuda]")
                    .hasMessageContaining("offers none of them");
        }
        try (ModelRuntime runtime = cpu().build(); RuntimeModel m = runtime.open(bundle)) {
            assertThat(m.executionProvider()).isEqualTo("cpu");
        }
    }

    Path caseless() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("caseless"));
        TestModels.linear().write(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("metadata.json"),
                Metadata.toJson(TestModels.linear().metadata("linear", "1.0.0").build()));
        Bundles.pack(dir);
        return dir;
    }

    @Test
    void aBundleWithoutCases_isRefusedAlikeByValidationAndByTheRuntimeUnderTheDefaultPolicy() throws IOException {
        Path bundle = caseless();
        String message = "declares no adequacy section (adequacy.cases): nothing proves the model works where it is"
                + " loaded, and the adequacy policy REQUIRED refuses such a bundle";
        assertThatThrownBy(() -> BundleValidation.validate(bundle)).isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(message);
        try (ModelRuntime runtime = cpu().stagingRoot(staging).build()) {
            assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(InvalidBundleException.class)
                    .hasMessageContaining(message);
            assertThat(children(staging)).isEmpty();
        }
        assertThat(BundleValidation.validate(bundle, dev.mlops.metadata.bundle.BundleReader.standard(),
                ModelRuntime.AdequacyPolicy.IF_PRESENT).warnings()).anyMatch(w -> w.contains("no adequacy section"));
        try (ModelRuntime runtime = cpu().adequacyPolicy(ModelRuntime.AdequacyPolicy.IF_PRESENT).build();
                RuntimeModel m = runtime.open(bundle)) {
            assertThat(m.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
        }
    }
}
