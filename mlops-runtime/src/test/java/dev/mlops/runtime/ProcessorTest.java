// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.Processor;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw-form adequacy cases go through the application's registered processor, named by the bundle. */
class ProcessorTest {
    /** Celsius in, the model works in Fahrenheit (y = 2x + 1), the application reads "answer". */
    static final class Fahrenheit implements Processor {
        private final String version;

        Fahrenheit(String version) {
            this.version = version;
        }

        @Override
        public String name() {
            return "fahrenheit";
        }

        @Override
        public String version() {
            return version;
        }

        @Override
        public Map<String, Tensor> preprocess(Map<String, Tensor> raw) {
            float[] c = raw.get("celsius").toFloatArray();
            float[] f = new float[c.length];
            for (int i = 0; i < c.length; i++) {
                f[i] = c[i] * 1.8f + 32f;
            }
            return Map.of("x", Tensor.ofFloats(f, c.length, 1));
        }

        @Override
        public Map<String, Tensor> postprocess(Map<String, Tensor> outputs) {
            return Map.of("answer", outputs.get("y"));
        }
    }

    @TempDir
    Path tmp;

    Path bundle(boolean declarePreprocessing, float expectedAnswer) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("b" + declarePreprocessing + expectedAnswer));
        TestModels.linear().write(dir.resolve("model.onnx"));
        AdequacyCase raw = new AdequacyCase("100 C", Map.of("celsius", Tensor.ofFloats(new float[] {100f}, 1)),
                Map.of("answer", Tensor.ofFloats(new float[] {expectedAnswer}, 1, 1)), Optional.empty(),
                Optional.empty(), true);
        AdequacyCase model = AdequacyCase.of("x = 1", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1)));
        CaseWriter.write(dir.resolve("cases.jsonl"), List.of(model, raw));
        ModelMetadata.Builder meta = TestModels.linear().metadata("linear", "1.0.0")
                .adequacy(new AdequacySpec("cases.jsonl", new Tolerance(1e-4, 1e-6), Map.of()));
        if (declarePreprocessing) {
            meta.preprocessing(new Preprocessing("fahrenheit", "2"));
        }
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta.build()));
        Bundles.pack(dir);
        return dir;
    }

    ModelRuntime runtime(Processor... processors) {
        ModelRuntime.Builder b = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU);
        for (Processor p : processors) {
            b.processor(p);
        }
        return b.build();
    }

    @Test
    void rawCases_runThroughTheRegisteredProcessor() throws IOException {
        Path dir = bundle(true, 425f); // 100 C = 212 F, 2 * 212 + 1
        try (ModelRuntime rt = runtime(new Fahrenheit("2")); RuntimeModel m = rt.open(dir)) {
            assertThat(m.predict(new float[][] {{212f}})).isEqualTo(new float[][] {{425f}});
        }
        try (ModelRuntime rt = runtime(new Fahrenheit("2"))) {
            assertThatThrownBy(() -> rt.open(bundle(true, 426f))).isInstanceOf(AdequacyFailureException.class)
                    .hasMessageContaining("100 C").hasMessageContaining("answer");
        }
    }

    @Test
    void rawCaseExpectingNoOutput_isRefusedAsAnInvalidBundleNotPassedVacuously() throws IOException {
        Path dir = bundle(true, 425f);
        AdequacyCase empty = new AdequacyCase("nothing", Map.of("celsius", Tensor.ofFloats(new float[] {100f}, 1)),
                Map.of(), Optional.empty(), Optional.empty(), true);
        AdequacyCase model = AdequacyCase.of("x = 1", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1)));
        CaseWriter.write(dir.resolve("cases.jsonl"), List.of(model, empty));
        Bundles.pack(dir);
        try (ModelRuntime rt = runtime(new Fahrenheit("2"))) {
            assertThatThrownBy(() -> rt.open(dir)).isInstanceOf(InvalidBundleException.class)
                    .hasMessageStartingWith("cases.jsonl: line 2, column ")
                    .hasMessageContaining("expected: case \"nothing\" expects no output, so it would compare nothing"
                            + " (a case must expect at least one output)");
        }
    }

    @Test
    void missingOrMismatchedProcessor_isAClearLoadError() throws IOException {
        Path dir = bundle(true, 425f);
        try (ModelRuntime rt = runtime()) {
            assertThatThrownBy(() -> rt.open(dir)).isInstanceOf(ModelLoadException.class)
                    .hasMessage("linear 1.0.0 needs the preprocessing 'fahrenheit' version 2, and none is registered"
                            + " (registered: []); register it with ModelRuntime.newBuilder().processor(...)");
        }
        try (ModelRuntime rt = runtime(new Fahrenheit("1"))) {
            assertThatThrownBy(() -> rt.open(dir)).isInstanceOf(ModelLoadException.class)
                    .hasMessage("linear 1.0.0 needs the preprocessing 'fahrenheit' version 2, but version 1 is"
                            + " registered");
        }
    }

    @Test
    void rawCaseWithoutDeclaredPreprocessing_isAnInvalidBundle() throws IOException {
        Path dir = bundle(false, 425f);
        try (ModelRuntime rt = runtime(new Fahrenheit("2"))) {
            assertThatThrownBy(() -> rt.open(dir)).isInstanceOf(InvalidBundleException.class)
                    .hasMessageContaining("cases.jsonl: case '100 C' is in raw form");
        }
    }
}
