// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code mlops bench BUNDLE}: latency percentiles and throughput of {@code RuntimeModel.predict} and of raw ONNX
 * Runtime on the same verified model, measured side by side.
 */
@Command(name = "bench", description = {
    "Time a bundle's model through the SDK and through raw ONNX Runtime: latency percentiles and throughput of each.",
    "The bundle is opened as verify opens it (verified, adequacy gate passed); then single-threaded calls of"
        + " RuntimeModel.predict are timed against raw ONNX Runtime: OrtSession.run on the same verified model file,"
        + " with the same execution provider and intra-op threads, its input tensors created from Java arrays on"
        + " every call and its outputs read back. The two run in alternating blocks of " + BenchCommand.BLOCK
        + " calls, so drift hits both alike.",
    "Reports calls, p50/p90/p99/max latency and calls/s of each, and the sdk/raw ratio of the medians. Timings are"
        + " indicative: compare runs on one machine."},
        exitCodeList = {"0:measured.", "1:an adequacy case failed (nothing is measured).", "2:the bundle or the input"
            + " file is invalid, or no provider can load the model (a required one included).", ExitCodes.USAGE_HELP,
            ExitCodes.INTERNAL_HELP})
final class BenchCommand extends Verb {
    static final int DEFAULT_ITERATIONS = 200;
    static final int BLOCK = 10;
    static final int MAX_CALLS = 10_000_000;
    static final int MIN_WARMUP = 20;
    static final int WARMUP_SECONDS = 2;
    private static final Logger LOG = LoggerFactory.getLogger(BenchCommand.class);

    @Parameters(index = "0", paramLabel = "BUNDLE", description = "A bundle directory or .zip.")
    Path bundle;

    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--threads", paramLabel = "N",
            description = "Intra-op threads of both sessions (default: ONNX Runtime's, one per core).")
    @Nullable Integer threads;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed calls of each before measuring (default: "
            + "at least " + BenchCommand.MIN_WARMUP + " each and " + BenchCommand.WARMUP_SECONDS + " s in all, so"
            + " that the JIT has compiled both paths).")
    @Nullable Integer warmup;

    /** The untimed calls of each side actually made. */
    private int warmed;

    @Option(names = "--iterations", paramLabel = "N",
            description = "Timed calls of each (default: " + DEFAULT_ITERATIONS + ").")
    @Nullable Integer iterations;

    @Option(names = "--duration", paramLabel = "SECONDS",
            description = "Instead of --iterations: time blocks of both until about SECONDS have passed in all (at "
                    + "most " + MAX_CALLS + " calls each).")
    @Nullable Double duration;

    @Option(names = "--input", paramLabel = "FILE", description = "JSONL requests as predict reads them, cycled "
            + "(default: the inputs of the bundle's adequacy cases).")
    @Nullable Path input;

    @Override
    String subject() {
        return String.valueOf(bundle);
    }

    @Override
    int execute() {
        checkUsage();
        ModelRuntime.Builder builder = runtime.builder(ModelRuntime.AdequacyPolicy.REQUIRED);
        if (threads != null) {
            builder.intraOpThreads(threads);
        }
        try (ModelRuntime rt = builder.build();
                RuntimeModel model = rt.open(Args.existing(bundle));
                Bundle staged = Bundles.open(bundle)) {
            if (!staged.deliveryId().equals(model.deliveryId())) {
                throw new InvalidBundleException(bundle.toString(), "changed while it was opened (delivery id "
                        + model.deliveryId() + ", then " + staged.deliveryId() + ")");
            }
            ModelMetadata meta = model.metadata();
            String source = input != null ? input.toString()
                    : meta.adequacy().map(AdequacySpec::cases).orElse("adequacy cases");
            List<AdequacyCase> requests = input != null
                    ? CaseReader.readRequests(Args.existing(input), source, meta)
                    : CaseReader.read(staged, meta).stream().filter(c -> !c.raw()).toList();
            if (requests.isEmpty()) {
                throw new InvalidBundleException(source, input != null ? "holds no requests"
                        : "holds no model-form cases to run; give --input");
            }
            ExecutionProvider provider = ExecutionProvider.parse(model.executionProvider());
            try (RawSession raw = RawSession.open(staged.resolve(meta.artifact().path()), provider,
                    threads == null ? 0 : threads, requests)) {
                IntConsumer sdkCall = i -> model.predict(requests.get(i % requests.size()).inputs());
                IntConsumer rawCall = i -> raw.run(i % requests.size());
                check(requests, source, sdkCall, rawCall);
                Samples sdkSamples = new Samples();
                Samples rawSamples = new Samples();
                measure(sdkCall, sdkSamples, rawCall, rawSamples);
                show(model, requests, source, sdkSamples.stats(), rawSamples.stats());
            }
        }
        return ExitCodes.OK;
    }

    private void checkUsage() {
        if (iterations != null && duration != null) {
            throw usage("give --iterations or --duration, not both");
        }
        if (iterations != null && (iterations < 1 || iterations > MAX_CALLS)) {
            throw usage("--iterations must be from 1 to " + MAX_CALLS + ", got " + iterations);
        }
        if (duration != null && !(duration > 0 && duration <= 86_400)) {
            throw usage("--duration must be a number of seconds above 0 (at most a day), got " + duration);
        }
        if (warmup != null && (warmup < 0 || warmup > MAX_CALLS)) {
            throw usage("--warmup must be from 0 to " + MAX_CALLS + ", got " + warmup);
        }
        if (threads != null && threads < 1) {
            throw usage("--threads must be at least 1, got " + threads);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Runs every request once on each side, so a bad one fails naming the file and the request, not mid-timing. */
    private static void check(List<AdequacyCase> requests, String source, IntConsumer sdk, IntConsumer raw) {
        for (int i = 0; i < requests.size(); i++) {
            try {
                sdk.accept(i);
                raw.accept(i);
            } catch (MlopsException e) {
                throw new InvalidBundleException(source, requests.get(i).id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** Warms both up, then times blocks of calls, alternating which side goes first so drift hits both alike. */
    private void measure(IntConsumer sdkCall, Samples sdk, IntConsumer rawCall, Samples raw) {
        long warmUntil = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        warmed = 0;
        while (warmup != null ? warmed < warmup
                : warmed < MIN_WARMUP || warmed < MAX_CALLS && System.nanoTime() - warmUntil < 0) {
            sdkCall.accept(warmed);
            rawCall.accept(warmed);
            warmed++;
        }
        long deadline = duration != null ? System.nanoTime() + (long) (duration * 1e9) : 0;
        int done = 0;
        for (int block = 0; more(done, deadline); block++) {
            int size = duration != null ? BLOCK : Math.min(BLOCK, targetCalls() - done);
            if (block % 2 == 0) {
                time(sdkCall, done, size, sdk);
                time(rawCall, done, size, raw);
            } else {
                time(rawCall, done, size, raw);
                time(sdkCall, done, size, sdk);
            }
            done += size;
        }
    }

    /** Whether to time another pair of blocks: until the iterations are done, or the duration (or MAX_CALLS). */
    private boolean more(int done, long deadline) {
        return duration == null ? done < targetCalls()
                : done == 0 || done < MAX_CALLS && System.nanoTime() - deadline < 0;
    }

    private int targetCalls() {
        return iterations != null ? iterations : DEFAULT_ITERATIONS;
    }

    private static void time(IntConsumer call, int first, int count, Samples into) {
        for (int i = first; i < first + count; i++) {
            long start = System.nanoTime();
            call.accept(i);
            into.add(System.nanoTime() - start);
        }
    }

    /** Prints the results: a table, or with {@code --json} a report. */
    private void show(RuntimeModel model, List<AdequacyCase> requests, String source, Stats sdk, Stats raw) {
        ModelMetadata m = model.metadata();
        Map<TensorSpec, Set<List<Long>>> shapes = new LinkedHashMap<>();
        for (TensorSpec spec : m.inputs()) {
            Set<List<Long>> seen = new LinkedHashSet<>();
            for (AdequacyCase r : requests) {
                seen.add(Arrays.stream(Objects.requireNonNull(r.inputs().get(spec.name()), spec.name()).shape()).boxed()
                        .toList());
            }
            shapes.put(spec, seen);
        }
        String ort = OrtEnvironment.getEnvironment().getVersion();
        double ratio = (double) sdk.p50() / raw.p50();
        if (json) {
            ObjectNode o = report(true, ExitCodes.OK);
            o.putObject("model").put("name", m.name()).put("version", m.version().toString())
                    .put("deliveryId", model.deliveryId());
            o.put("executionProvider", model.executionProvider());
            o.put("intraOpThreads", threads == null ? 0 : threads);
            o.put("onnxRuntimeVersion", ort);
            ObjectNode in = o.putObject("inputs");
            in.put("source", source);
            in.put("requests", requests.size());
            ArrayNode tensors = in.putArray("tensors");
            shapes.forEach((spec, seen) -> {
                ArrayNode a = tensors.addObject().put("name", spec.name()).put("dtype", spec.dtype().jsonName())
                        .putArray("shapes");
                seen.forEach(shape -> shape.forEach(a.addArray()::add));
            });
            o.put("warmup", warmed);
            o.put("blockSize", BLOCK);
            sdk.describe(o.putObject("sdk"));
            raw.describe(o.putObject("raw"));
            o.put("ratioSdkToRawP50", Math.round(ratio * 10_000) / 10_000.0);
            Output.print(out(), o);
            return;
        }
        PrintWriter p = out();
        p.println(Text.escape(m.name()) + " " + Text.escape(m.version()) + " (" + Text.escape(model.deliveryId())
                + ") on " + Text.escape(model.executionProvider())
                + ", intra-op threads " + (threads == null ? "default" : threads) + ", ONNX Runtime " + ort);
        List<String> described = new ArrayList<>();
        shapes.forEach((spec, seen) -> described.add(Text.escape(spec.name()) + " " + spec.dtype().jsonName()
                + seen.stream().map(List::toString).collect(Collectors.joining(" | "))));
        p.println("inputs: " + String.join(", ", described) + "; " + requests.size() + " request"
                + (requests.size() == 1 ? "" : "s") + " from " + Text.escape(source) + ", cycled");
        p.println("warmup " + warmed + " calls each, then " + sdk.calls() + " timed calls each in alternating blocks"
                + " of " + BLOCK);
        p.println();
        boolean millis = Math.max(sdk.p50(), raw.p50()) >= 10_000_000;
        String unit = millis ? "ms" : "us";
        String row = "%-22s %8s %10s %10s %10s %10s %12s%n";
        p.printf(Locale.ROOT, row, "", "calls", "p50 " + unit, "p90 " + unit, "p99 " + unit, "max " + unit,
                "calls/s");
        sdk.print(p, row, "sdk (predict)", millis);
        raw.print(p, row, "raw (OrtSession.run)", millis);
        p.printf(Locale.ROOT, "%nsdk/raw p50: %.3f%n", ratio);
    }

    /** Latencies of one side, in nanoseconds. Not thread-safe. */
    static final class Samples {
        private long[] nanos = new long[256];
        private int size;

        void add(long elapsed) {
            if (size == nanos.length) {
                nanos = Arrays.copyOf(nanos, size * 2);
            }
            nanos[size++] = elapsed;
        }

        Stats stats() {
            return Stats.of(nanos, size);
        }
    }

    /**
     * Summary of one side's latencies, in nanoseconds: nearest-rank percentiles, and the total of all calls.
     *
     * @param calls the number of timed calls
     * @param p50 the median
     * @param p90 the 90th percentile
     * @param p99 the 99th percentile
     * @param max the slowest call
     * @param total the sum of all calls
     */
    record Stats(int calls, long p50, long p90, long p99, long max, long total) {
        static Stats of(long[] nanos) {
            return of(nanos, nanos.length);
        }

        /** Summarises the first {@code count} samples; the array is left as it was. */
        static Stats of(long[] nanos, int count) {
            if (count == 0) {
                throw new IllegalArgumentException("no samples");
            }
            long[] sorted = Arrays.copyOf(nanos, count);
            Arrays.sort(sorted);
            long total = 0;
            for (long n : sorted) {
                total += n;
            }
            return new Stats(sorted.length, rank(sorted, 50), rank(sorted, 90), rank(sorted, 99),
                    sorted[sorted.length - 1], total);
        }

        /** The smallest sample at or above {@code percent} percent of all: nearest rank, in integer arithmetic. */
        private static long rank(long[] sorted, int percent) {
            int rank = (int) ((percent * (long) sorted.length + 99) / 100);
            return sorted[Math.max(rank, 1) - 1];
        }

        /** @return calls per second of the time spent in calls, as one thread serving them back to back */
        double callsPerSecond() {
            return calls * 1e9 / Math.max(total, 1);
        }

        void describe(ObjectNode o) {
            o.put("calls", calls);
            o.put("p50Micros", p50 / 1e3);
            o.put("p90Micros", p90 / 1e3);
            o.put("p99Micros", p99 / 1e3);
            o.put("maxMicros", max / 1e3);
            o.put("callsPerSecond", Math.round(callsPerSecond() * 10) / 10.0);
        }

        void print(PrintWriter p, String row, String label, boolean millis) {
            String f = millis ? "%.2f" : "%.1f";
            double scale = millis ? 1e6 : 1e3;
            p.printf(Locale.ROOT, row, label, calls, String.format(Locale.ROOT, f, p50 / scale),
                    String.format(Locale.ROOT, f, p90 / scale), String.format(Locale.ROOT, f, p99 / scale),
                    String.format(Locale.ROOT, f, max / scale), String.format(Locale.ROOT, "%.1f", callsPerSecond()));
        }
    }

    /**
     * Raw ONNX Runtime on the model file, as a user writes it without the SDK: one session with the same provider and
     * intra-op threads; each call creates its input tensors from Java arrays, runs, reads every output into Java
     * buffers and closes what it created. Not thread-safe; {@link #close()} is idempotent and never throws.
     */
    static final class RawSession implements AutoCloseable {
        /** Raw sessions alive in this JVM: tests check that every path closes its own. */
        static final AtomicInteger OPEN = new AtomicInteger();

        private final OrtEnvironment env;
        private final List<List<Feed>> requests;
        private final OrtSession session;
        private boolean closed;

        /** One input of one request: a Java array and the shape and element type to create its tensor with. */
        record Feed(String name, Object data, long[] shape, OnnxJavaType type) {
            static Feed of(String name, Tensor t) {
                long[] shape = t.shape();
                return switch (t.dtype()) {
                    case FLOAT32 -> new Feed(name, t.toFloatArray(), shape, OnnxJavaType.FLOAT);
                    case FLOAT64 -> new Feed(name, t.toDoubleArray(), shape, OnnxJavaType.DOUBLE);
                    case FLOAT16, BFLOAT16 -> {
                        boolean half = t.dtype() == DataType.FLOAT16;
                        float[] f = t.toFloatArray();
                        short[] bits = new short[f.length];
                        for (int i = 0; i < f.length; i++) {
                            bits[i] = half ? Fp16Conversions.floatToFp16(f[i]) : Fp16Conversions.floatToBf16(f[i]);
                        }
                        yield new Feed(name, bits, shape, half ? OnnxJavaType.FLOAT16 : OnnxJavaType.BFLOAT16);
                    }
                    case INT8 -> new Feed(name, t.toByteArray(), shape, OnnxJavaType.INT8);
                    case UINT8 -> new Feed(name, t.toByteArray(), shape, OnnxJavaType.UINT8);
                    case INT16 -> new Feed(name, t.toShortArray(), shape, OnnxJavaType.INT16);
                    case INT32 -> new Feed(name, t.toIntArray(), shape, OnnxJavaType.INT32);
                    case INT64 -> new Feed(name, t.toLongArray(), shape, OnnxJavaType.INT64);
                    case BOOL -> {
                        boolean[] b = t.toBooleanArray();
                        byte[] bytes = new byte[b.length];
                        for (int i = 0; i < b.length; i++) {
                            bytes[i] = (byte) (b[i] ? 1 : 0);
                        }
                        yield new Feed(name, bytes, shape, OnnxJavaType.BOOL);
                    }
                    case STRING -> new Feed(name, t.toStringArray(), shape, OnnxJavaType.STRING);
                };
            }

            OnnxTensor create(OrtEnvironment env) throws OrtException {
                if (data instanceof float[] a) {
                    return OnnxTensor.createTensor(env, FloatBuffer.wrap(a), shape);
                } else if (data instanceof double[] a) {
                    return OnnxTensor.createTensor(env, DoubleBuffer.wrap(a), shape);
                } else if (data instanceof short[] a) {
                    return OnnxTensor.createTensor(env, ShortBuffer.wrap(a), shape, type);
                } else if (data instanceof byte[] a) {
                    return OnnxTensor.createTensor(env, ByteBuffer.wrap(a), shape, type);
                } else if (data instanceof int[] a) {
                    return OnnxTensor.createTensor(env, IntBuffer.wrap(a), shape);
                } else if (data instanceof long[] a) {
                    return OnnxTensor.createTensor(env, LongBuffer.wrap(a), shape);
                }
                return OnnxTensor.createTensor(env, (String[]) data, shape);
            }
        }

        private RawSession(OrtEnvironment env, List<List<Feed>> requests, OrtSession session) {
            this.env = env;
            this.requests = requests;
            this.session = session;
            OPEN.incrementAndGet();
        }

        /**
         * Creates the session.
         *
         * @throws ModelLoadException when ONNX Runtime cannot load the model on the provider
         */
        static RawSession open(Path model, ExecutionProvider provider, int threads, List<AdequacyCase> requests) {
            List<List<Feed>> feeds = new ArrayList<>();
            for (AdequacyCase r : requests) {
                List<Feed> in = new ArrayList<>();
                r.inputs().forEach((name, t) -> in.add(Feed.of(name, t)));
                feeds.add(List.copyOf(in));
            }
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (threads > 0) {
                    options.setIntraOpNumThreads(threads);
                }
                switch (provider) {
                    case CUDA -> options.addCUDA(0);
                    case TENSORRT -> options.addTensorrt(0);
                    case CPU -> { }
                    default -> throw new IllegalStateException("unhandled provider " + provider);
                }
                return new RawSession(env, List.copyOf(feeds), env.createSession(model.toString(), options));
            } catch (OrtException e) {
                throw new ModelLoadException("raw ONNX Runtime cannot load " + model.getFileName() + " on " + provider
                        + ": " + e.getMessage(), e);
            }
        }

        /**
         * Runs one request.
         *
         * @throws MlopsException when ONNX Runtime fails
         */
        void run(int request) {
            Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
            try {
                for (Feed f : requests.get(request)) {
                    inputs.put(f.name(), f.create(env));
                }
                try (OrtSession.Result result = session.run(inputs)) {
                    for (Map.Entry<String, OnnxValue> output : result) {
                        read(output.getValue());
                    }
                }
            } catch (OrtException e) {
                throw new MlopsException("raw ONNX Runtime: " + e.getMessage(), e);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        /** Copies an output into the Java heap, as a caller that uses it must. */
        private static Object read(OnnxValue value) throws OrtException {
            if (!(value instanceof OnnxTensor t)) {
                return value.getValue();
            }
            return switch (t.getInfo().type) {
                case FLOAT, FLOAT16, BFLOAT16 -> t.getFloatBuffer();
                case DOUBLE -> t.getDoubleBuffer();
                case INT8, UINT8, BOOL -> t.getByteBuffer();
                case INT16 -> t.getShortBuffer();
                case INT32 -> t.getIntBuffer();
                case INT64 -> t.getLongBuffer();
                default -> t.getValue();
            };
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            OPEN.decrementAndGet();
            try {
                session.close();
            } catch (OrtException | RuntimeException e) {
                LOG.warn("closing the raw ONNX Runtime session failed: {}", e.toString());
            }
        }
    }
}
