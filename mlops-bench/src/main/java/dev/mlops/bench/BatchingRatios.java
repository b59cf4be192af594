// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static dev.mlops.bench.BenchSupport.formatRatio;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link BatchingBenchmark} in one JMH run, throughput and sample-time modes, and prints per model and number of
 * callers the throughput and the p50/p99 latency of {@code unbatched} and {@code batched}, then the ratios the issue
 * sets targets for: throughput batched / unbatched at 64 callers (at least 3), with 64 synchronous caller threads and
 * with 64 requests kept in flight by two threads ({@code predictAsync}), and p50 batched / unbatched at one caller (at
 * most 1.05).
 *
 * <pre>{@code
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.BatchingRatios -f 1 -wi 2 -w 1s -i 3 -r 2s
 * }</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class BatchingRatios {
    private BatchingRatios() {
    }

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.mlops.bench.BatchingRatios [options]
              -f N            forks per benchmark (default 1; 0 runs in this JVM, for smoke tests only)
              -wi N           warmup iterations (default 2)
              -w TIME         warmup iteration time (default 1s)
              -i N            measurement iterations (default 3)
              -r TIME         measurement iteration time (default 2s)
              --intra-op N    ONNX Runtime intra-op threads per session (default 1)
              -h, --help      this text
            """;

    /** The command line, parsed. */
    record Settings(int forks, int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time,
            int intraOp) {
        static Settings defaults() {
            return new Settings(1, 2, TimeValue.seconds(1), 3, TimeValue.seconds(2), 1);
        }
    }

    /** What one method and mode measured: throughput in calls per second, latency percentiles in microseconds. */
    record Measured(double opsPerSecond, double opsError, double p50, double p99, long samples) {
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args the options; see {@link #USAGE}
     * @throws RunnerException when JMH fails
     * @throws IOException when the latency file cannot be made or read
     */
    public static void main(String[] args) throws RunnerException, IOException {
        Optional<Settings> parsed = BenchSupport.settingsOrExit(BatchingRatios::parse, args, USAGE);
        if (parsed.isEmpty()) {
            return;
        }
        Settings s = parsed.get();
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Path latencies = Files.createTempFile("mlops-bench-latency-", ".tsv");
        Map<String, Map<String, Measured>> measured;
        try {
            Collection<RunResult> results = new Runner(new OptionsBuilder()
                    .include(BatchingBenchmark.class.getSimpleName())
                    .param("intraOpThreads", Integer.toString(s.intraOp()))
                    .param("latencyFile", latencies.toString())
                    .forks(s.forks())
                    .warmupIterations(s.warmupIterations())
                    .warmupTime(s.warmupTime())
                    .measurementIterations(s.iterations())
                    .measurementTime(s.time())
                    .shouldFailOnError(true)
                    .build()).run();
            measured = withLatencies(collect(results), Files.readAllLines(latencies));
        } finally {
            Files.deleteIfExists(latencies);
        }
        PrintStream out = System.out;
        out.println();
        out.println("started " + started + "; " + BenchSupport.environment());
        out.println("options " + String.join(" ", args));
        measured.forEach((model, m) -> {
            out.println();
            out.println("model " + model + " (intra-op threads " + s.intraOp() + ")");
            out.print(table(m));
        });
    }

    static Optional<Settings> parse(String... args) {
        Settings d = Settings.defaults();
        int forks = d.forks();
        int warmupIterations = d.warmupIterations();
        TimeValue warmupTime = d.warmupTime();
        int iterations = d.iterations();
        TimeValue time = d.time();
        int intraOp = d.intraOp();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                return Optional.empty();
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + ": needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "-f" -> forks = BenchSupport.count(option, value, 0);
                case "-wi" -> warmupIterations = BenchSupport.count(option, value, 0);
                case "-w" -> warmupTime = TimeValue.fromString(value);
                case "-i" -> iterations = BenchSupport.count(option, value, 1);
                case "-r" -> time = TimeValue.fromString(value);
                case "--intra-op" -> intraOp = BenchSupport.count(option, value, 1);
                default -> throw new IllegalArgumentException(option + ": unknown option");
            }
        }
        return Optional.of(new Settings(forks, warmupIterations, warmupTime, iterations, time, intraOp));
    }

    /** Results by model, then keyed by {@code "callers64 batched"} and so on, throughput and latency joined. */
    static Map<String, Map<String, Measured>> collect(Collection<RunResult> results) {
        Map<String, Map<String, double[]>> parts = new TreeMap<>();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            String key = benchmark.substring(benchmark.lastIndexOf('.') + 1) + " " + r.getParams().getParam("mode");
            String model = Objects.requireNonNullElse(r.getParams().getParam("model"), "?");
            double[] p = parts.computeIfAbsent(model, k -> new LinkedHashMap<>()).computeIfAbsent(key,
                    k -> new double[5]);
            Result<?> primary = r.getPrimaryResult();
            if (r.getParams().getMode() == Mode.Throughput) {
                double perSecond = TimeUnit.SECONDS.toMicros(1); // the benchmark reports ops per microsecond
                p[0] = primary.getScore() * perSecond;
                p[1] = primary.getScoreError() * perSecond;
            } else if (r.getParams().getMode() == Mode.SampleTime) {
                p[2] = primary.getStatistics().getPercentile(50);
                p[3] = primary.getStatistics().getPercentile(99);
                p[4] = primary.getStatistics().getN();
            }
        }
        Map<String, Map<String, Measured>> out = new TreeMap<>();
        parts.forEach((model, byKey) -> {
            Map<String, Measured> m = new LinkedHashMap<>();
            byKey.forEach((k, p) -> m.put(k, new Measured(p[0], p[1], p[2], p[3], (long) p[4])));
            out.put(model, m);
        });
        return out;
    }

    /**
     * Adds the request latencies {@link BatchingBenchmark#inflight64} counted itself (JMH's sample mode cannot: one
     * call there is not one request) to that method's throughput.
     *
     * @param measured results by model, then {@code "<method> <mode>"}
     * @param lines the latency file's lines: mode, model, p50 us, p99 us, requests, tab separated
     * @return {@code measured}, with those latencies in the {@code inflight64} entries
     */
    static Map<String, Map<String, Measured>> withLatencies(Map<String, Map<String, Measured>> measured,
            List<String> lines) {
        for (String line : lines) {
            String[] f = line.split("\t");
            if (f.length != 5) {
                throw new IllegalArgumentException("latency line: '" + line + "' is not mode, model, p50, p99,"
                        + " requests");
            }
            Map<String, Measured> m = measured.get(f[1]);
            String key = "inflight64 " + f[0];
            Measured old = m == null ? null : m.get(key);
            if (old != null) {
                m.put(key, new Measured(old.opsPerSecond(), old.opsError(), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Long.parseLong(f[4])));
            }
        }
        return measured;
    }

    /**
     * Formats the results and the two target ratios.
     *
     * @param m results by {@code "<method> <mode>"}
     * @return the table, ending in a newline
     */
    static String table(Map<String, Measured> m) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-8s %-10s %24s %10s %10s %10s%n", "callers", "mode",
                "throughput calls/s", "p50 us", "p99 us", "samples"));
        String[][] rows = {{"callers64", "64"}, {"inflight64", "64 async"}, {"callers1", "1"}};
        for (String[] callers : rows) {
            for (String mode : new String[] {"unbatched", "batched"}) {
                Measured r = m.get(callers[0] + " " + mode);
                if (r == null) {
                    continue;
                }
                String throughput = String.format(Locale.ROOT, "%,.0f ± %,.0f", r.opsPerSecond(), r.opsError());
                if (r.samples() == 0) { // throughput only (inflight64)
                    sb.append(String.format(Locale.ROOT, "%-8s %-10s %24s %10s %10s %10s%n", callers[1], mode,
                            throughput, "-", "-", "-"));
                } else {
                    sb.append(String.format(Locale.ROOT, "%-8s %-10s %24s %10.1f %10.1f %10d%n", callers[1], mode,
                            throughput, r.p50(), r.p99(), r.samples()));
                }
            }
        }
        ratio(sb, m, "callers64", "throughput batched/unbatched, 64 callers (target >= 3)", true);
        Measured async = m.get("inflight64 batched");
        Measured threads = m.get("callers64 unbatched");
        if (async != null && threads != null) {
            sb.append(String.format(Locale.ROOT, "%-58s %s%n", "throughput 64 async batched / 64 callers unbatched",
                    formatRatio(async.opsPerSecond() / threads.opsPerSecond())));
        }
        ratio(sb, m, "inflight64", "throughput batched/unbatched, 64 async on 2 threads", true);
        if (m.containsKey("inflight64 batched") && m.get("inflight64 batched").samples() > 0) {
            ratio(sb, m, "inflight64", "p50 batched/unbatched, 64 async on 2 threads", false);
        }
        ratio(sb, m, "callers64", "p50 batched/unbatched, 64 callers", false);
        ratio(sb, m, "callers1", "p50 batched/unbatched, 1 caller (target <= 1.05)", false);
        return sb.toString();
    }

    private static void ratio(StringBuilder sb, Map<String, Measured> m, String callers, String what,
            boolean throughput) {
        Measured u = m.get(callers + " unbatched");
        Measured b = m.get(callers + " batched");
        if (u == null || b == null) {
            return;
        }
        double r = throughput ? b.opsPerSecond() / u.opsPerSecond() : b.p50() / u.p50();
        sb.append(String.format(Locale.ROOT, "%-58s %s%n", what, formatRatio(r)));
    }
}
