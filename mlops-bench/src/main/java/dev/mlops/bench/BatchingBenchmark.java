// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.batching.BatchStats;
import dev.mlops.runtime.batching.BatchedModel;
import dev.mlops.runtime.batching.DynamicBatching;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Many concurrent callers, each sending one row, through dynamic batching ({@code batched}) against the same model
 * called directly ({@code unbatched}), in the same JMH run.
 *
 * <p>Two models ({@link #model}): {@code TestModels.mlp(7, 64, 256, 16)}, as in {@link PredictBenchmark}, whose
 * 64 x 256 and 256 x 16 products are real work per row, and {@code TestModels.mlp(7, 16, 32, 4)}, so small that the
 * fixed cost of a call (the SDK's checks, the JNI crossing, ONNX Runtime's run set-up) dominates, which is where
 * batching pays most. Both sides open the same real bundle with the same runtime settings ({@code intraOpThreads}
 * threads per session, CPU provider); the batched side wraps it with {@link DynamicBatching} (64 rows, 1 ms). Two
 * methods differ only in the number of caller threads: {@link #callers64} ({@code @Threads(64)}) and
 * {@link #callers1} ({@code @Threads(1)}); a third, {@link #inflight64}, keeps 64 requests in flight from two threads
 * through {@link BatchedModel#predictAsync} (batches on the common pool). Each call sends a fresh
 * one-row tensor and returns the output row, which JMH consumes.
 *
 * <p>Run it in both throughput and sample-time modes ({@link BatchingRatios} does): throughput gives requests per
 * second over all threads; sample time gives the latency percentiles of single calls.
 *
 * <p>Not {@code final} because JMH generates subclasses of it. Thread safety: the shared state is set up and torn
 * down by JMH on one thread; the models are thread-safe.
 */
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 2)
public class BatchingBenchmark {
    /** The larger model's name as a {@link #model} value: inputs, hidden units and outputs. */
    static final String LARGE = "mlp-64-256-16";
    /** The smaller model's name as a {@link #model} value. */
    static final String SMALL = "mlp-16-32-4";
    static final int MAX_BATCH_ROWS = 64;
    static final Duration MAX_DELAY = Duration.ofMillis(1);

    /** {@code batched} through {@link DynamicBatching}, or {@code unbatched}: the model itself. */
    @Param({"unbatched", "batched"})
    public String mode;

    /** The model: {@value #LARGE} or {@value #SMALL}, a perceptron of those widths. */
    @Param({LARGE, SMALL})
    public String model;

    /** ONNX Runtime intra-op threads per session. */
    @Param({"1"})
    public int intraOpThreads;

    /**
     * Batches that may run at once ({@code DynamicBatching.Builder#maxConcurrentBatches}); 1 in {@link BatchingRatios},
     * other values from JMH's command line ({@code -p maxConcurrentBatches=1,2}).
     */
    @Param({"1"})
    public int maxConcurrentBatches;

    /**
     * The most rows a batch holds ({@code DynamicBatching.Builder#maxBatchRows}); {@value #MAX_BATCH_ROWS} in
     * {@link BatchingRatios}, other values from JMH's command line ({@code -p maxBatchRows=32}).
     */
    @Param({"64"})
    public int maxBatchRows;

    /**
     * A file to which {@link #inflight64} appends its request latencies (mode, model, p50 us, p99 us, requests; tab
     * separated, one line per trial), for {@link BatchingRatios}; empty: printed only.
     */
    @Param({""})
    public String latencyFile = "";

    private int inputs;
    private int outputs;
    private Path work;
    private ModelRuntime runtime;
    private RuntimeModel served;
    private Optional<BatchedModel> batched = Optional.empty();
    private boolean closed;
    /** The request latencies of every thread's {@link Window}, merged as each is drained; guarded by this. */
    private final LatencyHistogram latency = new LatencyHistogram();
    private int windows;
    private int windowsDrained;
    private Optional<String> latencySummary = Optional.empty();

    /** One caller's row, drawn once per thread. */
    @State(Scope.Thread)
    public static class Caller {
        private static final AtomicInteger SEEDS = new AtomicInteger();
        Map<String, Tensor> row;

        /**
         * Draws the row, as wide as the model's input.
         *
         * @param bench the benchmark's state, set up before this one
         */
        @Setup(Level.Trial)
        public void draw(BatchingBenchmark bench) {
            row = row(new SplittableRandom(SEEDS.incrementAndGet()), bench.inputs);
        }
    }

    /**
     * One thread's requests in flight for {@link #inflight64}: {@value #SIZE} of them, sent at the start of the trial
     * and each replaced by a new one when its output is taken; and the latencies of those taken during measurement
     * iterations (from the moment a request is sent to the moment its output is taken).
     */
    @State(Scope.Thread)
    public static class Window {
        /** Requests in flight per thread; two threads keep 64 in flight. */
        static final int SIZE = 32;
        @SuppressWarnings("unchecked")
        final CompletableFuture<Map<String, Tensor>>[] inFlight =
                (CompletableFuture<Map<String, Tensor>>[]) new CompletableFuture<?>[SIZE];
        final long[] sentAt = new long[SIZE];
        final LatencyHistogram latency = new LatencyHistogram();
        /** Whether the current iteration is measured, so that latencies count. */
        boolean measuring;
        int next;

        /**
         * Sends this thread's first {@value #SIZE} requests.
         *
         * @param bench the benchmark's state
         * @param caller this thread's row
         */
        @Setup(Level.Trial)
        public void fill(BatchingBenchmark bench, Caller caller) {
            bench.windowOpened();
            for (int i = 0; i < SIZE; i++) {
                sentAt[i] = System.nanoTime();
                inFlight[i] = bench.send(caller.row);
            }
        }

        /**
         * Counts latencies in measurement iterations only.
         *
         * @param iteration the iteration about to run
         */
        @Setup(Level.Iteration)
        public void iteration(IterationParams iteration) {
            measuring = iteration.getType() == IterationType.MEASUREMENT;
        }

        /**
         * Waits for the requests still in flight, so that the model closes with none queued, and hands this thread's
         * latencies to the benchmark, which reports them once every thread's are in.
         *
         * @param bench the benchmark's state
         */
        @TearDown(Level.Trial)
        public void drain(BatchingBenchmark bench) {
            for (CompletableFuture<Map<String, Tensor>> f : inFlight) {
                if (f != null) {
                    f.join();
                }
            }
            bench.windowDrained(latency);
        }
    }

    private synchronized void windowOpened() {
        windows++;
    }

    private synchronized void windowDrained(LatencyHistogram h) {
        latency.add(h);
        if (++windowsDrained < windows || latency.count() == 0) {
            return;
        }
        double p50 = latency.percentile(50);
        double p99 = latency.percentile(99);
        String line = String.format(Locale.ROOT, "%s\t%s\t%.0f\t%.0f\t%d", mode, model, p50, p99, latency.count());
        latencySummary = Optional.of(line);
        System.out.printf(Locale.ROOT, "inflight64 %s %s: request latency p50 %.0f us, p99 %.0f us, %d requests%n",
                mode, model, p50, p99, latency.count());
        if (!latencyFile.isEmpty()) {
            try {
                Files.writeString(Path.of(latencyFile), line + "\n", StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to latencyFile " + latencyFile, e);
            }
        }
    }

    static Map<String, Tensor> row(SplittableRandom random, int inputs) {
        float[] x = new float[inputs];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return Map.of("x", Tensor.ofFloats(x, 1, inputs));
    }

    /** @return inputs, hidden units and outputs of a {@link #model} value */
    static int[] widths(String model) {
        return switch (model) {
            case LARGE -> new int[] {PredictBenchmark.MLP_INPUTS, PredictBenchmark.MLP_HIDDEN,
                PredictBenchmark.MLP_OUTPUTS};
            case SMALL -> new int[] {16, 32, 4};
            default -> throw new IllegalArgumentException("model: '" + model + "' is not " + LARGE + " or " + SMALL);
        };
    }

    /**
     * Builds the bundle, opens it and, for {@code batched}, wraps it (warm-up included).
     *
     * @throws Exception when the model cannot be written, loaded or gated
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        try {
            open();
        } catch (Exception | Error e) { // JMH runs no @TearDown after a failed @Setup
            try {
                tearDown();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private void open() throws Exception {
        boolean batch = switch (mode) {
            case "batched" -> true;
            case "unbatched" -> false;
            default -> throw new IllegalArgumentException("mode: '" + mode + "' is not batched or unbatched");
        };
        int[] w = widths(model);
        inputs = w[0];
        outputs = w[2];
        work = Files.createTempDirectory("mlops-bench-batching-");
        Path bundle = Files.createDirectories(work.resolve("mlp"));
        TestModel m = TestModels.mlp(PredictBenchmark.MLP_SEED, w[0], w[1], w[2]);
        m.write(bundle.resolve("model.onnx"));
        Map<String, Tensor> in = m.sampleInputs();
        CaseWriter.write(bundle.resolve("adequacy/cases.jsonl"),
                List.of(AdequacyCase.of("sample", in, m.reference(in))));
        Files.writeString(bundle.resolve("metadata.json"), Metadata.toJson(m.metadata("mlp", "1.0.0")
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build()));
        Bundles.pack(bundle);
        runtime = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CPU)
                .intraOpThreads(intraOpThreads)
                .stagingRoot(Files.createDirectories(work.resolve("staging")))
                .build();
        RuntimeModel model = runtime.open(bundle);
        if (batch) {
            BatchedModel b = DynamicBatching.newBuilder().maxBatchRows(maxBatchRows).maxDelay(MAX_DELAY)
                    .maxConcurrentBatches(maxConcurrentBatches).warmupInputs(in).build().wrap(model);
            batched = Optional.of(b);
            served = b;
        } else {
            served = model;
        }
    }

    /**
     * Closes the model and the runtime and deletes the temporary directory; logs the batch counters. Idempotent.
     *
     * @throws Exception when deleting fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (closed) {
            return;
        }
        closed = true;
        try {
            batched.ifPresent(b -> System.out.println("batching " + model + ": " + b + ", mean rows per batch "
                    + String.format(java.util.Locale.ROOT, "%.1f", b.stats().meanBatchRows())));
            if (served != null) {
                served.close();
            }
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
     * One of 64 concurrent callers sends one row.
     *
     * @param caller this thread's row
     * @return the output row
     */
    @Benchmark
    @Threads(64)
    public float[] callers64(Caller caller) {
        return served.predict(caller.row).get("y").toFloatArray();
    }

    /**
     * The only caller sends one row.
     *
     * @param caller this thread's row
     * @return the output row
     */
    @Benchmark
    @Threads(1)
    public float[] callers1(Caller caller) {
        return served.predict(caller.row).get("y").toFloatArray();
    }

    /**
     * One of 64 requests kept in flight by two threads (32 each), as an event loop or a stream consumer keeps them:
     * takes this thread's oldest request's output row and sends a new request in its place. Batched, requests go
     * through {@link BatchedModel#predictAsync}; unbatched, the thread calls the model itself, which is what it would
     * do without batching (a future of a synchronous call). Run it in throughput mode: one call is not one
     * request's latency; {@link Window} counts those (p50 and p99 printed at the end of the trial, and appended to
     * {@link #latencyFile}).
     *
     * @param window this thread's requests in flight
     * @param caller this thread's row
     * @return the output row
     */
    @Benchmark
    @Threads(2)
    @BenchmarkMode(Mode.Throughput)
    public float[] inflight64(Window window, Caller caller) {
        int i = window.next;
        float[] out = window.inFlight[i].join().get("y").toFloatArray();
        long now = System.nanoTime();
        if (window.measuring) {
            window.latency.record(now - window.sentAt[i]);
        }
        window.sentAt[i] = now;
        window.inFlight[i] = send(caller.row);
        window.next = i + 1 == Window.SIZE ? 0 : i + 1;
        return out;
    }

    /** Sends one request without waiting for it: {@code predictAsync} when batched, else a call made now. */
    CompletableFuture<Map<String, Tensor>> send(Map<String, Tensor> row) {
        return batched.isPresent() ? batched.get().predictAsync(row)
                : CompletableFuture.completedFuture(served.predict(row));
    }

    /** @return the model's outputs per row, once set up; for tests */
    int outputs() {
        return outputs;
    }

    /** @return the model calls go to, for tests */
    RuntimeModel served() {
        return served;
    }

    /** @return the tab-separated latency line of {@link #inflight64}, once every window is drained; for tests */
    synchronized Optional<String> latencySummary() {
        return latencySummary;
    }

    /** @return the batch counters, for the batched mode */
    Optional<BatchStats> stats() {
        return batched.map(BatchedModel::stats);
    }

    /** @return the temporary directory of this trial, for tests */
    Path workDir() {
        return work;
    }
}
