// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static dev.mlops.bench.BenchSupport.formatRatio;

import java.io.PrintStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link PredictBenchmark} through the JMH runner and prints, per model and batch, the raw ONNX Runtime score,
 * the SDK score and their ratio {@code sdk / raw}.
 *
 * <p>Each model and batch is one JMH run of both methods, so {@code raw} and {@code sdk} are measured back to back
 * rather than minutes apart; {@code --rounds N} repeats every pair N times and adds the median ratio over rounds,
 * which is steadier than one round on a small, noisy machine.
 *
 * <pre>{@code
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.Ratios -f 1 -wi 3 -w 1s -i 5 -r 2s --rounds 3
 * }</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class Ratios {
    private Ratios() {
    }

    static final String USAGE = """
            usage: java -cp benchmarks.jar dev.mlops.bench.Ratios [options]
              -f N            forks per benchmark (default 1; 0 runs in this JVM, for smoke tests only)
              -wi N           warmup iterations (default 3)
              -w TIME         warmup iteration time, for example 1s or 500ms (default 1s)
              -i N            measurement iterations (default 5)
              -r TIME         measurement iteration time (default 2s)
              --include RE    JMH include filter on benchmark names (default PredictBenchmark)
              --model LIST    models, comma-separated, of mlp,minilm (default both)
              --batch LIST    batch sizes, comma-separated (default 1,8)
              --rounds N      repeat every model/batch pair N times and report the median ratio (default 1)
              -v MODE         JMH output: SILENT, NORMAL or EXTRA (default NORMAL)
              -h, --help      this text
            """;

    /** The command line, parsed. */
    record Settings(int forks, int warmupIterations, TimeValue warmupTime, int iterations, TimeValue time,
            String include, List<String> models, List<Integer> batches, int rounds, VerboseMode verbosity) {
        Settings {
            Objects.requireNonNull(include, "include");
            models = List.copyOf(models);
            batches = List.copyOf(batches);
        }

        static Settings defaults() {
            return new Settings(1, 3, TimeValue.seconds(1), 5, TimeValue.seconds(2), "PredictBenchmark",
                    List.of("mlp", "minilm"), List.of(1, 8), 1, VerboseMode.NORMAL);
        }
    }

    /** One JMH score: the mean and the half-width of its 99.9% confidence interval (NaN when unknown). */
    record Score(double mean, double error, String unit) {
    }

    /** One model and batch of one round; a score is empty when the include filter left its method out. */
    record Row(int round, String model, int batch, Optional<Score> raw, Optional<Score> sdk) {
        Optional<Double> ratio() {
            return raw.isPresent() && sdk.isPresent() ? Optional.of(sdk.get().mean() / raw.get().mean())
                    : Optional.empty();
        }

        /** @return the ratio's bounds from both confidence intervals, when both are known and raw's is above 0 */
        Optional<double[]> ratioBounds() {
            if (raw.isEmpty() || sdk.isEmpty()) {
                return Optional.empty();
            }
            Score r = raw.get();
            Score s = sdk.get();
            if (Double.isNaN(r.error()) || Double.isNaN(s.error()) || r.mean() - r.error() <= 0) {
                return Optional.empty();
            }
            // An interval reaching below zero time says only that the score is very uncertain: clamp it at zero.
            return Optional.of(new double[] {Math.max(0, s.mean() - s.error()) / (r.mean() + r.error()),
                (s.mean() + s.error()) / (r.mean() - r.error())});
        }
    }

    /**
     * Runs the benchmark and prints the table.
     *
     * @param args the options; see {@link #USAGE}
     * @throws RunnerException when JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        Optional<Settings> parsed = BenchSupport.settingsOrExit(Ratios::parse, args, USAGE);
        if (parsed.isEmpty()) {
            return;
        }
        Settings settings = parsed.get();
        String started = OffsetDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        List<Row> rows = new ArrayList<>();
        for (int round = 1; round <= settings.rounds(); round++) {
            for (String model : settings.models()) {
                for (int batch : settings.batches()) {
                    rows.add(row(round, model, batch, new Runner(options(settings, model, batch)).run()));
                }
            }
        }
        PrintStream out = System.out;
        out.println();
        out.println("started " + started + "; " + BenchSupport.environment());
        out.println("options " + String.join(" ", args));
        out.print(table(rows));
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
        int forks = d.forks();
        int warmupIterations = d.warmupIterations();
        TimeValue warmupTime = d.warmupTime();
        int iterations = d.iterations();
        TimeValue time = d.time();
        String include = d.include();
        List<String> models = d.models();
        List<Integer> batches = d.batches();
        int rounds = d.rounds();
        VerboseMode verbosity = d.verbosity();
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
                case "-w" -> warmupTime = time(option, value);
                case "-i" -> iterations = BenchSupport.count(option, value, 1);
                case "-r" -> time = time(option, value);
                case "--include" -> include = value;
                case "--model" -> models = BenchSupport.models(value, "mlp", "minilm");
                case "--batch" -> batches = batches(value);
                case "--rounds" -> rounds = BenchSupport.count(option, value, 1);
                case "-v" -> verbosity = verbosity(value);
                default -> throw new IllegalArgumentException(option + ": unknown option");
            }
        }
        return Optional.of(new Settings(forks, warmupIterations, warmupTime, iterations, time, include, models,
                batches, rounds, verbosity));
    }

    private static TimeValue time(String option, String value) {
        try {
            TimeValue t = TimeValue.fromString(value);
            if (t.getTime() > 0) {
                return t;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + ": '" + value + "' is not a positive time such as 1s or 500ms");
    }

    private static List<Integer> batches(String value) {
        List<Integer> batches = new ArrayList<>();
        for (String b : value.split(",")) {
            batches.add(BenchSupport.count("--batch", b, 1));
        }
        return batches;
    }

    private static VerboseMode verbosity(String value) {
        try {
            return VerboseMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-v: '" + value + "' is not one of " + Arrays.toString(
                    VerboseMode.values()), e);
        }
    }

    private static org.openjdk.jmh.runner.options.Options options(Settings s, String model, int batch) {
        return new OptionsBuilder()
                .include(s.include())
                .param("model", model)
                .param("batch", Integer.toString(batch))
                .forks(s.forks())
                .warmupIterations(s.warmupIterations())
                .warmupTime(s.warmupTime())
                .measurementIterations(s.iterations())
                .measurementTime(s.time())
                .verbosity(s.verbosity())
                .shouldFailOnError(true) // a benchmark that throws fails the run instead of leaving a gap
                .build();
    }

    private static Row row(int round, String model, int batch, Collection<RunResult> results) {
        Optional<Score> raw = Optional.empty();
        Optional<Score> sdk = Optional.empty();
        for (RunResult r : results) {
            String benchmark = r.getParams().getBenchmark();
            Result<?> p = r.getPrimaryResult();
            Score score = new Score(p.getScore(), p.getScoreError(), p.getScoreUnit());
            if (benchmark.endsWith(".raw")) {
                raw = Optional.of(score);
            } else if (benchmark.endsWith(".sdk")) {
                sdk = Optional.of(score);
            }
        }
        return new Row(round, model, batch, raw, sdk);
    }

    /**
     * Formats the results: one line per round, model and batch, then, with more than one round, the median ratio
     * and the range of the ratios over rounds per model and batch.
     *
     * @param rows the results
     * @return the table, ending in a newline
     */
    static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder();
        String unit = rows.stream().flatMap(r -> r.raw().or(r::sdk).stream()).map(Score::unit).findFirst()
                .orElse("");
        boolean rounds = rows.stream().anyMatch(r -> r.round() > 1);
        sb.append(String.format(Locale.ROOT, "%-5s %-6s %5s  %22s  %22s  %7s  %s%n", "round", "model", "batch",
                "raw " + unit, "sdk " + unit, "sdk/raw", "ratio of CI ends"));
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, "%-5d %-6s %5d  %22s  %22s  %7s  %s%n", r.round(), r.model(),
                    r.batch(), score(r.raw()), score(r.sdk()), r.ratio().map(BenchSupport::formatRatio).orElse("n/a"),
                    r.ratioBounds().map(b -> formatRatio(b[0]) + " .. " + formatRatio(b[1])).orElse("n/a")));
        }
        if (rounds) {
            sb.append(String.format(Locale.ROOT, "%nmedian over rounds%n%-6s %5s  %7s  %s%n", "model", "batch",
                    "sdk/raw", "min .. max"));
            List<Row> firsts = rows.stream().filter(r -> r.round() == 1).toList();
            for (Row first : firsts) {
                double[] ratios = rows.stream()
                        .filter(r -> r.model().equals(first.model()) && r.batch() == first.batch())
                        .flatMap(r -> r.ratio().stream()).mapToDouble(Double::doubleValue).sorted().toArray();
                if (ratios.length == 0) {
                    continue;
                }
                double median = ratios.length % 2 == 1 ? ratios[ratios.length / 2]
                        : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
                sb.append(String.format(Locale.ROOT, "%-6s %5d  %7s  %s .. %s%n", first.model(), first.batch(),
                        formatRatio(median), formatRatio(ratios[0]), formatRatio(ratios[ratios.length - 1])));
            }
        }
        return sb.toString();
    }

    private static String score(Optional<Score> s) {
        if (s.isEmpty()) {
            return "n/a";
        }
        double mean = s.get().mean();
        double error = s.get().error();
        String pattern = mean >= 1000 ? "%,.0f" : mean >= 10 ? "%.1f" : "%.3f";
        String m = String.format(Locale.ROOT, pattern, mean);
        return Double.isNaN(error) ? m + " ± ?" : m + " ± " + String.format(Locale.ROOT, pattern, error);
    }

}
