// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Opening a bundle cold through the SDK ({@code sdk}) against what a raw ONNX Runtime user does to get the same
 * model running and checked ({@code raw}), in the same JMH run, on the same model file, with the same session
 * settings. The ratio {@code sdk / raw} is the price of opening through the SDK.
 *
 * <ul>
 *   <li>{@code raw} creates a session on the bundle's {@code model.onnx} with one intra-op thread, runs the bundle's
 *       adequacy inputs (held as Java arrays, in native-order direct buffers) one case at a time, copies each output
 *       into a {@code float[]}, and closes every tensor, result and the session.</li>
 *   <li>{@code sdk} calls {@link ModelRuntime#open(Path)} on the bundle directory and closes the model, then
 *       {@link ModelRuntime#evictAll()}, so the session closes and the staged copy is deleted inside the measurement
 *       and the next call finds nothing cached. Everything {@code open} does is measured: the stamp, staging (copying
 *       and hashing every file), the manifest, metadata and case checks, session creation, the graph signature, and
 *       every adequacy case read from the staged copy, run and compared.</li>
 * </ul>
 * Both sessions get ONNX Runtime's default {@code SessionOptions} with one intra-op thread, as the runtime's
 * {@code SessionFactory} creates them for {@code intraOpThreads(1)} on the CPU provider.
 *
 * <p>Models: {@code minilm} is the int8-quantized all-MiniLM-L6-v2 (23 MB) with {@value #CASES} cases of
 * {@value #MINILM_TOKENS} tokens; {@code dense80} is {@code TestModels.mlp(7, 4096, 5000, 16)}, float32, whose
 * {@code 4096 x 5000} weight alone is 82 MB, with {@value #CASES} cases of one row. Each trial builds the bundle
 * in a temporary directory (expected outputs computed by raw ONNX Runtime); the teardown deletes it.
 *
 * <p>Not thread-safe: JMH drives one instance per trial from one thread. Not {@code final}: JMH subclasses it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.jboss.logging.provider=slf4j"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
public class OpenBenchmark {
    /** Adequacy cases per bundle. */
    static final int CASES = 3;
    /** Tokens per MiniLM case (a short sentence with its {@code [CLS]} and {@code [SEP]}). */
    static final int MINILM_TOKENS = 32;
    static final int MINILM_HIDDEN = BenchSupport.MINILM_HIDDEN;
    /** The large dense model: {@code TestModels.mlp(seed, inputs, hidden, outputs)}. */
    static final long DENSE_SEED = 7;
    static final int DENSE_INPUTS = 4096;
    static final int DENSE_HIDDEN = 5000;
    static final int DENSE_OUTPUTS = 16;

    /** The model: {@code minilm} or {@code dense80}. */
    @Param({"minilm", "dense80"})
    public String model;

    private Path work;
    private Path bundle;
    private Path modelFile;
    private OrtEnvironment env;
    private ModelRuntime runtime;
    private boolean closed;
    /** One map per case: input name to its values and shape, in the order the case file holds them. */
    private final List<Map<String, RawInput>> inputs = new ArrayList<>();

    /** One raw input: {@code float[]} or {@code long[]} values and a shape. */
    record RawInput(Object values, long[] shape) {
        OnnxTensor tensor(OrtEnvironment env) throws OrtException {
            return values instanceof float[] f ? OnnxTensor.createTensor(env, BenchSupport.direct(f), shape)
                    : OnnxTensor.createTensor(env, BenchSupport.direct((long[]) values), shape);
        }

        Tensor sdk() {
            return values instanceof float[] f ? Tensor.ofFloats(f, shape) : Tensor.ofLongs((long[]) values, shape);
        }
    }

    /**
     * Builds the bundle and the runtime.
     *
     * @throws Exception when the model cannot be written or run
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try {
            build();
        } catch (Exception | Error e) { // JMH runs no @TearDown after a failed @Setup: free what was made
            try {
                tearDown();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void build() throws Exception {
        work = Files.createTempDirectory("mlops-openbench-");
        bundle = Files.createDirectories(work.resolve(model));
        modelFile = bundle.resolve("model.onnx");
        SplittableRandom random = new SplittableRandom(42);
        ModelMetadata.Builder meta;
        String output;
        switch (model) {
            case "minilm" -> {
                BenchSupport.writeMiniLm(modelFile);
                meta = BenchSupport.miniLmMetadata();
                output = "last_hidden_state";
                long[] shape = {1, MINILM_TOKENS};
                for (int c = 0; c < CASES; c++) {
                    long[] ids = new long[MINILM_TOKENS];
                    long[] mask = new long[MINILM_TOKENS];
                    for (int t = 0; t < MINILM_TOKENS; t++) {
                        ids[t] = t == 0 ? 101 : t == MINILM_TOKENS - 1 ? 102 : random.nextInt(1996, 29612);
                        mask[t] = 1;
                    }
                    Map<String, RawInput> in = new LinkedHashMap<>();
                    in.put("input_ids", new RawInput(ids, shape));
                    in.put("attention_mask", new RawInput(mask, shape));
                    in.put("token_type_ids", new RawInput(new long[MINILM_TOKENS], shape));
                    inputs.add(in);
                }
            }
            case "dense80" -> {
                TestModel m = TestModels.mlp(DENSE_SEED, DENSE_INPUTS, DENSE_HIDDEN, DENSE_OUTPUTS);
                m.write(modelFile);
                meta = m.metadata("dense80", "1.0.0").description("TestModels.mlp(7, 4096, 5000, 16): 82 MB float32");
                output = "y";
                for (int c = 0; c < CASES; c++) {
                    float[] x = new float[DENSE_INPUTS];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) random.nextDouble(-1, 1);
                    }
                    inputs.add(Map.of("x", new RawInput(x, new long[] {1, DENSE_INPUTS})));
                }
            }
            default -> throw new IllegalArgumentException("model: '" + model + "' is not minilm or dense80");
        }

        env = OrtEnvironment.getEnvironment();
        List<AdequacyCase> cases = new ArrayList<>();
        try (OrtSession.SessionOptions options = options(); OrtSession session = env.createSession(
                modelFile.toString(), options)) {
            for (int c = 0; c < CASES; c++) {
                Map<String, Tensor> sdkInputs = new LinkedHashMap<>();
                inputs.get(c).forEach((name, in) -> sdkInputs.put(name, in.sdk()));
                float[] y = run(session, inputs.get(c));
                long[] outShape = model.equals("minilm") ? new long[] {1, MINILM_TOKENS, MINILM_HIDDEN}
                        : new long[] {1, DENSE_OUTPUTS};
                cases.add(AdequacyCase.of("case " + (c + 1), sdkInputs, Map.of(output, Tensor.ofFloats(y, outShape))));
            }
        }
        CaseWriter.write(bundle.resolve("adequacy/cases.jsonl"), cases);
        Files.writeString(bundle.resolve("metadata.json"), Metadata.toJson(meta
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", Tolerance.DEFAULT, Map.of())).build()));
        Bundles.pack(bundle);

        runtime = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CPU)
                .intraOpThreads(1)
                .stagingRoot(Files.createDirectories(work.resolve("staging")))
                .build();
    }

    /** Closes the runtime and deletes the temporary directory. Idempotent. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (runtime != null) {
                runtime.close();
            }
        } finally {
            if (work != null) {
                BenchSupport.deleteTree(work);
            }
        }
    }

    /**
     * Raw ONNX Runtime: create the session, run every case's inputs, close.
     *
     * @return a sum over the outputs, so that nothing is dead code
     * @throws OrtException when ONNX Runtime fails
     */
    @Benchmark
    public double raw() throws OrtException {
        try (OrtSession.SessionOptions options = options(); OrtSession session = env.createSession(
                modelFile.toString(), options)) {
            return runCases(session);
        }
    }

    /** Runs every case's inputs on a session; returns a sum over the outputs. */
    double runCases(OrtSession session) throws OrtException {
        double sum = 0;
        for (Map<String, RawInput> in : inputs) {
            float[] y = run(session, in);
            sum += y[0] + y[y.length - 1];
        }
        return sum;
    }

    /**
     * The SDK: a cold {@link ModelRuntime#open(Path)}, then close and evict, so the session is closed and the staged
     * copy deleted.
     *
     * @return the model's delivery id
     */
    @Benchmark
    public String sdk() {
        String id;
        try (RuntimeModel m = runtime.open(bundle)) {
            id = m.deliveryId();
        }
        runtime.evictAll();
        return id;
    }

    private static OrtSession.SessionOptions options() throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setIntraOpNumThreads(1); // as SessionFactory does for intraOpThreads(1); nothing else is set
        return options;
    }

    private float[] run(OrtSession session, Map<String, RawInput> in) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, RawInput> e : in.entrySet()) {
                feeds.put(e.getKey(), e.getValue().tensor(env));
            }
            try (OrtSession.Result r = session.run(feeds)) {
                return BenchSupport.floats(r.get(0));
            }
        } finally {
            for (OnnxTensor t : feeds.values()) {
                t.close();
            }
        }
    }

    /** @return the bundle directory of this trial, for tests and the quick runner */
    Path bundle() {
        return bundle;
    }

    /** @return the temporary directory of this trial, for tests; deleted by {@link #tearDown()} */
    Path workDir() {
        return work;
    }

    /** @return the SDK runtime of this trial, for tests */
    ModelRuntime runtime() {
        return runtime;
    }

    /** @return the staging root of the SDK runtime */
    Path stagingRoot() {
        return work.resolve("staging");
    }

}
