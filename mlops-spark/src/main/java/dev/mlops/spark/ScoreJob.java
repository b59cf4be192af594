// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.StructField;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batch scoring job: reads a table, scores it with a bundle and writes the result.
 *
 * <pre>
 * spark-submit --class dev.mlops.spark.ScoreJob mlops-spark-VERSION-all.jar \
 *     --bundle hdfs:///models/weather.zip --input /data/events.parquet --output /data/scored [--format parquet]
 * </pre>
 *
 * <p>Options: {@code --bundle B} (required), {@code --input IN} (required), {@code --output OUT} (required),
 * {@code --format parquet|csv|json} (the output's, parquet by default), {@code --input-format parquet|csv|json}
 * (by default the input's file extension, else parquet; CSV is read with a header row and inferred types),
 * {@code --policy fail|null-with-error}, {@code --batch-size N}, {@code --overwrite}. CSV has no array type: array
 * columns are written as JSON text. The counts are logged at the end.
 *
 * <p>Stateless: {@link #run} may be called from several threads with their own arguments.
 *
 * @since 0.2.0
 */
public final class ScoreJob {
    private static final Logger LOG = LoggerFactory.getLogger(ScoreJob.class);
    private static final String USAGE = "usage: ScoreJob --bundle B --input IN --output OUT"
            + " [--format parquet|csv|json] [--input-format parquet|csv|json] [--policy fail|null-with-error]"
            + " [--batch-size N] [--overwrite]";

    private ScoreJob() {
    }

    /**
     * Runs the job in the session {@code spark-submit} configures.
     *
     * @param args the options above
     * @throws IllegalArgumentException when an option is missing, unknown or malformed (the message gives the usage)
     */
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("mlops-score").getOrCreate();
        try {
            run(spark, args);
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job in a session the caller owns (and stops).
     *
     * @param spark the session
     * @param args the options above
     * @return the run, after the output was written: its counts are final
     * @throws IllegalArgumentException when an option is missing, unknown or malformed (the message gives the usage)
     * @throws dev.mlops.api.MlopsException when the bundle fails verification, or a row fails under the
     *     {@code fail} policy (wrapped by Spark)
     */
    public static ScoringRun run(SparkSession spark, String... args) {
        Map<String, String> opts = parse(args);
        String bundle = required(opts, "--bundle");
        String input = required(opts, "--input");
        String output = required(opts, "--output");
        String format = format(opts.getOrDefault("--format", "parquet"), "--format");
        String inputFormat = format(opts.getOrDefault("--input-format", extension(input)), "--input-format");
        BundleScorer scorer = BundleScorer.of(bundle);
        if (opts.containsKey("--policy")) {
            scorer = scorer.envelopePolicy(switch (opts.get("--policy").toLowerCase(Locale.ROOT)) {
                case "fail" -> EnvelopePolicy.FAIL;
                case "null-with-error" -> EnvelopePolicy.NULL_WITH_ERROR;
                default -> throw new IllegalArgumentException("--policy: " + opts.get("--policy")
                        + " is not fail or null-with-error; " + USAGE);
            });
        }
        if (opts.containsKey("--batch-size")) {
            try {
                scorer = scorer.batchSize(Integer.parseInt(opts.get("--batch-size")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--batch-size: " + opts.get("--batch-size")
                        + " is not a whole number; " + USAGE, e);
            }
        }
        Dataset<Row> in = switch (inputFormat) {
            case "csv" -> spark.read().option("header", "true").option("inferSchema", "true").csv(input);
            case "json" -> spark.read().json(input);
            default -> spark.read().parquet(input);
        };
        ScoringRun run = scorer.scoreWithCounts(in);
        Dataset<Row> out = run.dataset();
        if (format.equals("csv")) {
            out = arraysAsJson(out);
        }
        long start = System.nanoTime();
        out.write().mode(opts.containsKey("--overwrite") ? "overwrite" : "errorifexists").format(format).save(output);
        LOG.info("scored {} into {} ({}) in {} ms: {} rows scored, {} rejected by the envelope, {} failed", input,
                output, format, (System.nanoTime() - start) / 1_000_000, run.rowsScored(), run.rowsRejected(),
                run.rowsFailed());
        return run;
    }

    private static Dataset<Row> arraysAsJson(Dataset<Row> ds) {
        List<Column> cols = new ArrayList<>();
        for (StructField f : ds.schema().fields()) {
            Column c = functions.col("`" + f.name() + "`");
            cols.add(f.dataType() instanceof ArrayType ? functions.to_json(c).as(f.name()) : c);
        }
        return ds.select(cols.toArray(new Column[0]));
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--overwrite" -> opts.put(a, "true");
                case "--bundle", "--input", "--output", "--format", "--input-format", "--policy", "--batch-size" -> {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(a + " needs a value; " + USAGE);
                    }
                    if (opts.put(a, args[++i]) != null) {
                        throw new IllegalArgumentException(a + " is given twice; " + USAGE);
                    }
                }
                default -> throw new IllegalArgumentException("unknown option " + a + "; " + USAGE);
            }
        }
        return opts;
    }

    private static String required(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is required; " + USAGE);
        }
        return v;
    }

    private static String format(String value, String option) {
        String f = value.toLowerCase(Locale.ROOT);
        if (!List.of("parquet", "csv", "json").contains(f)) {
            throw new IllegalArgumentException(option + ": " + value + " is not parquet, csv or json; " + USAGE);
        }
        return f;
    }

    private static String extension(String path) {
        String p = path.toLowerCase(Locale.ROOT);
        return p.endsWith(".csv") ? "csv" : p.endsWith(".json") || p.endsWith(".jsonl") ? "json" : "parquet";
    }
}
