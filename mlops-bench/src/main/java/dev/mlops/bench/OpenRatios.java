// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static dev.mlops.bench.BenchSupport.formatRatio;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.metadata.cases.CaseStream;
import dev.mlops.runtime.GraphSignature;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The quick form of {@link OpenBenchmark}: in this JVM, without JMH, times a cold {@code ModelRuntime.open} (plus
 * close and evict) and raw ONNX Runtime session creation plus the same case inferences (plus close), alternating
 * {@code raw, sdk, sdk, raw, raw, sdk, ...} so that a drift in machine load hits both sides alike, and prints per
 * model the median of each side and {@code sdk / raw}, the ratio of the medians. A 2-core machine gives both models'
 * ratios in about a minute.
 *
 * <p>{@code --phases} adds, per model, the median time of each step of an open taken apart with the public API
 * (stamp, stage, metadata, case scan, session, graph signature, case parse, inference, close), which shows where the
 * SDK's time goes; the steps are timed one after another, not inside {@code open}, so their sum only approximates it.
 *
 * <pre>{@code
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.OpenRatios --reps 9 --runs 2 --phases
 * }</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class OpenRatios {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OpenRatios() {
    }

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.mlops.bench.OpenRatios [options]
              --model LIST    models, comma-separated, of minilm,dense80 (default both)
              --warmup N      untimed raw/sdk pairs first, per model and run (default 3)
              --reps N        timed raw/sdk pairs, alternating the order, per model and run (default 9)
              --runs N        repeat the whole measurement N times, one table line per model and run (default 2)
              --phases        also time each step of an open, taken apart (median over --reps)
              -h, --help      this text
            """;

    /** The command line, parsed. */
    record Settings(List<String> models, int warmup, int reps, int runs, boolean phases) {
        Settings {
            models = List.copyOf(models);
        }

        static Settings defaults() {
            return new Settings(List.of("minilm", "dense80"), 3, 9, 2, false);
        }
    }

    /**
     * One model in one run: the median wall time of each side, the smallest and largest wall ratio of one pair, and
     * the median CPU time of the calling thread on each side.
     */
    record Line(int run, String model, double rawMs, double sdkMs, double minPair, double maxPair, double rawCpuMs,
            double sdkCpuMs) {
        double ratio() {
            return sdkMs / rawMs;
        }

        double cpuRatio() {
            return sdkCpuMs / rawCpuMs;
        }
    }

    /**
     * Runs the measurement and prints the table.
     *
     * @param args the options; see {@link #USAGE}
     * @throws Exception when a benchmark fails
     */
    public static void main(String[] args) throws Exception {
        Optional<Settings> parsed = BenchSupport.settingsOrExit(OpenRatios::parse, args, USAGE);
        if (parsed.isEmpty()) {
            return;
        }
        Settings s = parsed.get();
        PrintStream out = System.out;
        out.println("started " + OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                + "; " + BenchSupport.environment());
        out.println("options " + String.join(" ", args));
        List<Line> lines = new ArrayList<>();
        Map<String, Map<String, Double>> phases = new LinkedHashMap<>();
        for (String model : s.models()) {
            OpenBenchmark b = new OpenBenchmark();
            b.model = model;
            try {
                b.setUp();
                for (int run = 1; run <= s.runs(); run++) {
                    lines.add(measure(b, run, s.warmup(), s.reps()));
                    out.println(line(lines.get(lines.size() - 1)));
                }
                if (s.phases()) {
                    phases.put(model, phases(b, s.warmup(), s.reps()));
                }
            } finally {
                b.tearDown();
            }
        }
        out.println();
        out.print(table(lines));
        if (s.phases()) {
            out.println();
            out.print(phaseTable(phases));
        }
    }

    /**
     * Parses the command line.
     *
     * @param args the options
     * @return the settings, or empty when help was asked for
     * @throws IllegalArgumentException naming the option at fault
     */
    static Optional<Settings> parse(String... args) {
        Settings d = Settings.defaults();
        List<String> models = d.models();
        int warmup = d.warmup();
        int reps = d.reps();
        int runs = d.runs();
        boolean phases = d.phases();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                return Optional.empty();
            }
            if (option.equals("--phases")) {
                phases = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + ": needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--model" -> models = BenchSupport.models(value, "minilm", "dense80");
                case "--warmup" -> warmup = BenchSupport.count(option, value, 0);
                case "--reps" -> reps = BenchSupport.count(option, value, 1);
                case "--runs" -> runs = BenchSupport.count(option, value, 1);
                default -> throw new IllegalArgumentException(option + ": unknown option");
            }
        }
        return Optional.of(new Settings(models, warmup, reps, runs, phases));
    }

    /** Times {@code reps} pairs after {@code warmup} untimed ones; even pairs run raw first, odd ones sdk first. */
    static Line measure(OpenBenchmark b, int run, int warmup, int reps) throws OrtException {
        for (int i = 0; i < warmup; i++) {
            b.raw();
            b.sdk();
        }
        double[][] raw = new double[2][reps];
        double[][] sdk = new double[2][reps];
        double[] pairs = new double[reps];
        for (int i = 0; i < reps; i++) {
            if (i % 2 == 0) {
                timeRaw(b, raw, i);
                timeSdk(b, sdk, i);
            } else {
                timeSdk(b, sdk, i);
                timeRaw(b, raw, i);
            }
            pairs[i] = sdk[0][i] / raw[0][i];
        }
        Arrays.sort(pairs);
        return new Line(run, b.model, median(raw[0]), median(sdk[0]), pairs[0], pairs[reps - 1], median(raw[1]),
                median(sdk[1]));
    }

    /** Wall time into {@code into[0][i]}, the calling thread's CPU time into {@code into[1][i]}, in ms. */
    private static void timeRaw(OpenBenchmark b, double[][] into, int i) throws OrtException {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        b.raw();
        into[0][i] = (System.nanoTime() - t0) / 1e6;
        into[1][i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }

    private static void timeSdk(OpenBenchmark b, double[][] into, int i) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        b.sdk();
        into[0][i] = (System.nanoTime() - t0) / 1e6;
        into[1][i] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
    }

    /**
     * The steps of an open, one after another through the public API; the median CPU milliseconds of the calling
     * thread for each (steady on a busy machine, where wall time is not; waiting on the disk is not counted).
     */
    static Map<String, Double> phases(OpenBenchmark b, int warmup, int reps) throws OrtException {
        BundleReader reader = BundleReader.newBuilder().stagingRoot(b.stagingRoot()).build();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        String[] names = {"stamp", "stage (copy + SHA-256)", "metadata.json", "cases: scan", "session",
            "graph signature", "cases: parse again", "cases: inference", "close + delete"};
        double[][] times = new double[names.length][reps];
        for (int i = -warmup; i < reps; i++) {
            double[] t = new double[names.length];
            long t0 = THREADS.getCurrentThreadCpuTime();
            reader.stamp(b.bundle());
            long t1 = THREADS.getCurrentThreadCpuTime();
            Bundle staged = reader.open(b.bundle());
            long t2 = THREADS.getCurrentThreadCpuTime();
            try {
                ModelMetadata meta = Metadata.read(staged.resolve(Metadata.FILE_NAME)).metadata();
                long t3 = THREADS.getCurrentThreadCpuTime();
                CaseReader.scan(staged, meta, CaseLimits.DEFAULT);
                long t4 = THREADS.getCurrentThreadCpuTime();
                try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                    options.setIntraOpNumThreads(1);
                    OrtSession session = env.createSession(staged.resolve("model.onnx").toString(), options);
                    long t5 = THREADS.getCurrentThreadCpuTime();
                    long t6;
                    long t7;
                    long t8;
                    try {
                        GraphSignature.read(staged.resolve("model.onnx")); // a throwaway session: an upper bound
                        t6 = THREADS.getCurrentThreadCpuTime();
                        try (CaseStream cases = CaseReader.stream(staged, meta, CaseLimits.DEFAULT)) {
                            cases.forEachRemaining(c -> { });
                        }
                        t7 = THREADS.getCurrentThreadCpuTime();
                        b.runCases(session);
                        t8 = THREADS.getCurrentThreadCpuTime();
                    } finally {
                        session.close();
                    }
                    staged.close();
                    long t9 = THREADS.getCurrentThreadCpuTime();
                    long[] at = {t0, t1, t2, t3, t4, t5, t6, t7, t8, t9};
                    for (int p = 0; p < names.length; p++) {
                        t[p] = (at[p + 1] - at[p]) / 1e6;
                    }
                }
            } finally {
                staged.close();
            }
            if (i >= 0) {
                for (int p = 0; p < names.length; p++) {
                    times[p][i] = t[p];
                }
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (int p = 0; p < names.length; p++) {
            medians.put(names[p], median(times[p]));
        }
        return medians;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static String line(Line l) {
        return String.format(Locale.ROOT, "%-3d %-8s %9.1f %9.1f  %7.3f  %6s .. %-6s %9.1f %9.1f  %7.3f", l.run(),
                l.model(), l.rawMs(), l.sdkMs(), l.ratio(), formatRatio(l.minPair()), formatRatio(l.maxPair()),
                l.rawCpuMs(), l.sdkCpuMs(), l.cpuRatio());
    }

    /**
     * Formats the results: one line per run and model, then the median ratio over runs per model.
     *
     * @param lines the results
     * @return the table, ending in a newline
     */
    static String table(List<Line> lines) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-3s %-8s %9s %9s  %7s  %16s %9s %9s  %7s%n", "run", "model", "raw ms",
                "sdk ms", "sdk/raw", "pairs min .. max", "raw cpu", "sdk cpu", "cpu s/r"));
        for (Line l : lines) {
            sb.append(line(l)).append(System.lineSeparator());
        }
        List<String> models = lines.stream().map(Line::model).distinct().toList();
        sb.append(String.format(Locale.ROOT, "%nmedian over runs%n%-8s %7s  %-16s %7s  %s%n", "model", "sdk/raw",
                "min .. max", "cpu s/r", "min .. max"));
        for (String m : models) {
            double[] ratios = lines.stream().filter(l -> l.model().equals(m)).mapToDouble(Line::ratio).sorted()
                    .toArray();
            double[] cpu = lines.stream().filter(l -> l.model().equals(m)).mapToDouble(Line::cpuRatio).sorted()
                    .toArray();
            sb.append(String.format(Locale.ROOT, "%-8s %7s  %-16s %7s  %s .. %s%n", m, formatRatio(median(ratios)),
                    formatRatio(ratios[0]) + " .. " + formatRatio(ratios[ratios.length - 1]), formatRatio(median(cpu)),
                    formatRatio(cpu[0]), formatRatio(cpu[cpu.length - 1])));
        }
        return sb.toString();
    }

    private static String phaseTable(Map<String, Map<String, Double>> phases) {
        StringBuilder sb = new StringBuilder();
        sb.append("steps of an open, taken apart (median CPU ms of the calling thread)").append(System.lineSeparator());
        List<String> models = List.copyOf(phases.keySet());
        sb.append(String.format(Locale.ROOT, "%-24s", "step"));
        for (String m : models) {
            sb.append(String.format(Locale.ROOT, " %10s", m));
        }
        sb.append(System.lineSeparator());
        List<String> steps = List.copyOf(phases.get(models.get(0)).keySet());
        double[] sums = new double[models.size()];
        for (String step : steps) {
            sb.append(String.format(Locale.ROOT, "%-24s", step));
            for (int i = 0; i < models.size(); i++) {
                double v = phases.get(models.get(i)).get(step);
                sums[i] += v;
                sb.append(String.format(Locale.ROOT, " %10.1f", v));
            }
            sb.append(System.lineSeparator());
        }
        sb.append(String.format(Locale.ROOT, "%-24s", "sum"));
        for (double v : sums) {
            sb.append(String.format(Locale.ROOT, " %10.1f", v));
        }
        sb.append(System.lineSeparator());
        return sb.toString();
    }

}
