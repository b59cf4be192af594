// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a Spark {@code Dataset<Row>} with a verified bundle: the same model, envelope and adequacy gate as
 * in-process serving, one model per executor JVM.
 *
 * <pre>{@code
 * Dataset<Row> scored = BundleScorer.of("hdfs:///models/weather/1.1.0.zip")
 *         .envelopePolicy(EnvelopePolicy.NULL_WITH_ERROR)
 *         .score(events);
 * }</pre>
 *
 * <p><b>Columns.</b> By default an input of shape {@code [-1, k]} whose metadata names its {@code features} reads one
 * numeric column per feature; an input of one element per row ({@code [-1]}, {@code [-1, 1]}) reads one column named
 * after its single feature or the input; any other input reads one array column named after the input; string
 * tensors read string columns. {@link #inputColumns} names other columns. Each tensor output becomes a column named
 * after it ({@link #outputColumn} renames): a scalar for one element per row ({@code [-1]}, {@code [-1, 1]}), an
 * array otherwise (flattened row-major: a {@code [-1, -1, 384]} output gives a row's length × 384 elements), of the
 * Spark type of its dtype (float32 {@code float}, float64 {@code double}, int8 {@code byte},
 * int16 {@code short}, uint8 and int32 {@code int}, int64 {@code long}, bool {@code boolean}, string
 * {@code string}). A string error column ({@code mlops_error}) is {@code null} for a scored row.
 *
 * <p><b>Distribution.</b> {@link #score} verifies the bundle on the driver and reads its delivery id. A bundle given
 * as a Hadoop URI ({@code hdfs://}, {@code s3a://}, {@code file:/}) is read by each executor through Hadoop's
 * {@code FileSystem}; a local path is zipped and shipped with {@code SparkContext.addFile}. Each executor JVM checks
 * that its copy is the driver's delivery ({@link DeliveryMismatchException} otherwise, before any row is scored),
 * opens it once, with the adequacy gate, and shares it across tasks, partitions and stages; it closes after
 * {@link #keepAlive} without a task, or at JVM exit.
 *
 * <p><b>Rows.</b> Models whose inputs and outputs all have a dynamic first axis score rows in batches of up to
 * {@link #batchSize}; others one row at a time. An input with a variable-length axis (token ids {@code [-1, -1]}) reads
 * an array column whose rows may differ in length: consecutive rows of one length share a batch, a row of another
 * length starts the next one. Each row is checked against the rejecting constraints before it joins
 * a batch; see {@link EnvelopePolicy}.
 *
 * <p>Immutable and thread-safe: each setter returns a new scorer.
 *
 * @since 0.2.0
 */
public final class BundleScorer {
    /**
     * The default rows per batch: 128, chosen by measurement. Scoring 300,000 rows of the small MLP of
     * {@code dev.mlops.bench.SparkScoring} (8 features, one hidden layer of 32) in {@code local[2]} on 2 cores gave,
     * in rows per second by batch size: 1: 45,118; 10: 131,218; 32: 224,307; 64: 314,358; 128: 325,979; 256:
     * 259,996; 512: 237,664; 1024: 312,661. Throughput rises until 64 and is flat, within the run's noise, from
     * there; 128 is the measured peak. Larger batches buy no rows per second because Spark's own cost per row then
     * dominates, while they cost memory (a batch's input and output tensors) and make the row-by-row retry of a
     * failing batch longer. SynapseML's default of 10 scored 2.5 times slower here. The command and the full tables
     * are in {@code mlops-spark/README.md}.
     */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** The default name of the error column. */
    public static final String DEFAULT_ERROR_COLUMN = "mlops_error";
    /** How long an executor keeps a model open after its last task, by default. */
    public static final Duration DEFAULT_KEEP_ALIVE = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(BundleScorer.class);

    private final String bundle;
    private final Map<String, List<String>> inputColumns;
    private final Map<String, String> outputColumns;
    private final int batchSize;
    private final EnvelopePolicy policy;
    private final String errorColumn;
    private final Duration keepAlive;

    private BundleScorer(String bundle, Map<String, List<String>> inputColumns, Map<String, String> outputColumns,
            int batchSize, EnvelopePolicy policy, String errorColumn, Duration keepAlive) {
        this.bundle = bundle;
        this.inputColumns = inputColumns;
        this.outputColumns = outputColumns;
        this.batchSize = batchSize;
        this.policy = policy;
        this.errorColumn = errorColumn;
        this.keepAlive = keepAlive;
    }

    /**
     * Starts a scorer for a packed bundle (it must carry a {@code manifest.json}).
     *
     * @param bundle a local path to a bundle directory or {@code .zip}, or a Hadoop URI such as
     *     {@code hdfs:///models/weather.zip} or {@code file:/shared/models/weather}
     * @return a scorer with the default mapping, batch size and {@link EnvelopePolicy#FAIL}
     * @throws IllegalArgumentException when {@code bundle} is blank
     */
    public static BundleScorer of(String bundle) {
        Objects.requireNonNull(bundle, "bundle");
        if (bundle.isBlank()) {
            throw new IllegalArgumentException("bundle: a path or URI is required");
        }
        return new BundleScorer(bundle, Map.of(), Map.of(), DEFAULT_BATCH_SIZE, EnvelopePolicy.FAIL,
                DEFAULT_ERROR_COLUMN, DEFAULT_KEEP_ALIVE);
    }

    /**
     * Starts a scorer for a local bundle.
     *
     * @param bundle a bundle directory or {@code .zip}
     * @return a scorer, as {@link #of(String)}
     */
    public static BundleScorer of(Path bundle) {
        return of(Objects.requireNonNull(bundle, "bundle").toString());
    }

    /**
     * Names the columns an input reads: one column per element of a row (the features of a {@code [-1, k]} input,
     * in order), or a single array column.
     *
     * @param input the model input
     * @param columns the dataset's columns
     * @return a scorer with this mapping
     * @throws IllegalArgumentException when no column is given or a name is blank
     */
    public BundleScorer inputColumns(String input, String... columns) {
        Objects.requireNonNull(input, "input");
        List<String> list = List.of(columns);
        if (list.isEmpty() || list.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("inputColumns(" + input + "): give one or more non-blank columns");
        }
        Map<String, List<String>> copy = new LinkedHashMap<>(inputColumns);
        copy.put(input, list);
        return new BundleScorer(bundle, Map.copyOf(copy), outputColumns, batchSize, policy, errorColumn, keepAlive);
    }

    /**
     * Chooses the outputs to add, each as a column of its own name (by default every tensor output is added).
     *
     * @param outputs the model outputs
     * @return a scorer that adds these outputs only, plus any named by {@link #outputColumn}
     * @throws IllegalArgumentException when no output is given
     */
    public BundleScorer outputColumns(String... outputs) {
        if (outputs.length == 0) {
            throw new IllegalArgumentException("outputColumns: give one or more outputs");
        }
        BundleScorer s = this;
        for (String o : outputs) {
            s = s.outputColumn(o, o);
        }
        return s;
    }

    /**
     * Adds an output under a column name of the caller's choosing.
     *
     * @param output the model output
     * @param column the new column's name
     * @return a scorer that adds this output (and any other named so far)
     * @throws IllegalArgumentException when the column name is blank
     */
    public BundleScorer outputColumn(String output, String column) {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(column, "column");
        if (column.isBlank()) {
            throw new IllegalArgumentException("outputColumn(" + output + "): the column name is blank");
        }
        Map<String, String> copy = new LinkedHashMap<>(outputColumns);
        copy.put(output, column);
        return new BundleScorer(bundle, inputColumns, copy, batchSize, policy, errorColumn, keepAlive);
    }

    /**
     * Sets the most rows scored in one call of the model, for models with a dynamic first axis.
     *
     * @param rows 1 to 1,000,000
     * @return a scorer with this batch size
     * @throws IllegalArgumentException when {@code rows} is outside that range
     */
    public BundleScorer batchSize(int rows) {
        if (rows < 1 || rows > 1_000_000) {
            throw new IllegalArgumentException("batchSize: " + rows + " is not in [1, 1000000]");
        }
        return new BundleScorer(bundle, inputColumns, outputColumns, rows, policy, errorColumn, keepAlive);
    }

    /**
     * Chooses what a row outside a rejecting constraint does.
     *
     * @param value the policy
     * @return a scorer with this policy
     */
    public BundleScorer envelopePolicy(EnvelopePolicy value) {
        return new BundleScorer(bundle, inputColumns, outputColumns, batchSize, Objects.requireNonNull(value, "value"),
                errorColumn, keepAlive);
    }

    /**
     * Names the error column ({@value #DEFAULT_ERROR_COLUMN} by default).
     *
     * @param column the column's name
     * @return a scorer with this error column
     * @throws IllegalArgumentException when the name is blank
     */
    public BundleScorer errorColumn(String column) {
        Objects.requireNonNull(column, "column");
        if (column.isBlank()) {
            throw new IllegalArgumentException("errorColumn: the name is blank");
        }
        return new BundleScorer(bundle, inputColumns, outputColumns, batchSize, policy, column, keepAlive);
    }

    /**
     * Sets how long an executor keeps the model open after its last task ends; zero closes it at once.
     *
     * @param idle the idle time, zero or more
     * @return a scorer with this keep-alive
     * @throws IllegalArgumentException when negative
     */
    public BundleScorer keepAlive(Duration idle) {
        Objects.requireNonNull(idle, "idle");
        if (idle.isNegative()) {
            throw new IllegalArgumentException("keepAlive: " + idle + " is negative");
        }
        return new BundleScorer(bundle, inputColumns, outputColumns, batchSize, policy, errorColumn, idle);
    }

    /**
     * Adds the model's outputs to a dataset (batch or streaming).
     *
     * @param dataset the rows to score
     * @return the dataset with one column per output and the error column; lazy, as any transformation
     * @throws dev.mlops.api.InvalidBundleException (or a subtype) when the bundle is missing, unpacked or fails
     *     verification on the driver
     * @throws InvalidInputException when a column is missing or of the wrong type for its input, or an output column
     *     is already in the dataset
     */
    public Dataset<Row> score(Dataset<Row> dataset) {
        return scoreWithCounts(dataset).dataset();
    }

    /**
     * Adds the model's outputs to a dataset, and returns it with the accumulators that count its rows.
     *
     * @param dataset the rows to score
     * @return the scored dataset and its counts
     * @throws dev.mlops.api.InvalidBundleException (or a subtype) when the bundle fails verification on the driver
     * @throws InvalidInputException when the columns do not fit the model's inputs
     */
    public ScoringRun scoreWithCounts(Dataset<Row> dataset) {
        Objects.requireNonNull(dataset, "dataset");
        SparkContext sc = dataset.sparkSession().sparkContext();
        BundleLocation.Verified verified = BundleLocation.verifyOnDriver(bundle, sc);
        ColumnPlan plan = ColumnPlan.of(verified.metadata(), dataset.schema(), inputColumns, outputColumns,
                errorColumn);
        BundleLocation location = BundleLocation.forExecutors(bundle, verified.deliveryId(), sc);
        String label = verified.metadata().name() + " " + verified.metadata().version();
        LongAccumulator scored = sc.longAccumulator("mlops " + label + " rows scored");
        LongAccumulator rejected = sc.longAccumulator("mlops " + label + " rows rejected");
        LongAccumulator failed = sc.longAccumulator("mlops " + label + " rows failed");
        PartitionScorer fn = new PartitionScorer(verified.deliveryId(), location, plan, policy, batchSize,
                keepAlive.toMillis(), scored, rejected, failed);
        LOG.info("scoring with {} (delivery {}) from {}: {} rows per batch{}, envelope policy {}", label,
                verified.deliveryId(), location.describe(), batchSize, plan.batched() ? "" : " (one row at a time:"
                        + " the model has no dynamic batch axis)", policy);
        Dataset<Row> out = dataset.mapPartitions(fn, Encoders.row(plan.outputSchema()));
        return new ScoringRun(out, verified.deliveryId(), scored, rejected, failed);
    }

    @Override
    public String toString() {
        return "BundleScorer[" + bundle + ", batchSize " + batchSize + ", " + policy + "]";
    }
}
