// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.runtime.MemoryStream;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** BundleScorer in Spark local mode, {@code local[2]}, on real bundles and real ONNX Runtime sessions. */
class BundleScorerTest {
    private static final Path WEATHER = Path.of("../examples/bundles/weather/1.1.0");
    private static final StructType X = new StructType().add("x", DataTypes.FloatType, true);

    @TempDir
    static Path tmp;
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkBundles.session();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Dataset<Row> xs(int partitions, Float... values) {
        List<Row> rows = new ArrayList<>();
        for (Float v : values) {
            rows.add(RowFactory.create(v));
        }
        return spark.createDataFrame(rows, X).repartition(partitions);
    }

    private static Path linear(String dir) {
        return SparkBundles.bundle(tmp.resolve(dir), TestModels.linear());
    }

    @Test
    void score_equalsRuntimePredictRowByRow_onMlpWithOneColumnPerFeature() {
        TestModel mlp = TestModels.mlp(7, 4, 8, 3);
        TensorSpec x = TensorSpec.of("x", DataType.FLOAT32, -1, 4).withFeatures("a", "b", "c", "d");
        Path bundle = SparkBundles.bundle(tmp.resolve("mlp"), mlp, mlp, b -> b.input(x).output(mlp.outputs().get(0)));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("a", DataTypes.DoubleType)
                .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType).add("d", DataTypes.DoubleType);
        SplittableRandom random = new SplittableRandom(3);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            rows.add(RowFactory.create(i, random.nextDouble(-2, 2), random.nextDouble(-2, 2),
                    random.nextDouble(-2, 2), random.nextDouble(-2, 2)));
        }
        Dataset<Row> scored = BundleScorer.of(bundle).batchSize(64)
                .score(spark.createDataFrame(rows, schema).repartition(4));

        assertThat(scored.schema().apply("y").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> out = scored.collectAsList();
        assertThat(out).hasSize(500);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel model = runtime.open(bundle)) {
            for (Row r : out) {
                float[] in = new float[4];
                for (int i = 0; i < 4; i++) {
                    in[i] = (float) r.getDouble(i + 1);
                }
                float[] expected = model.predict(Map.of("x", Tensor.ofFloats(in, 1, 4))).get("y").toFloatArray();
                List<Float> actual = r.getList(r.fieldIndex("y"));
                assertThat(actual).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    assertThat(actual.get(i)).as("row %d y[%d]", r.getInt(0), i).isCloseTo(expected[i], within(1e-5f));
                }
                assertThat(r.isNullAt(r.fieldIndex("mlops_error"))).isTrue();
            }
        }
    }

    @Test
    void score_equalsRuntimePredictRowByRow_onTheWeatherExample() {
        StructType schema = new StructType().add("celsius", DataTypes.FloatType).add("humidity", DataTypes.FloatType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rows.add(RowFactory.create(-30f + i * 0.6f, (i * 7) % 101 * 1f));
        }
        List<Row> out = BundleScorer.of(WEATHER).score(spark.createDataFrame(rows, schema).repartition(3))
                .collectAsList();

        assertThat(out).hasSize(200);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel model = runtime.open(WEATHER)) {
            for (Row r : out) {
                Map<String, Tensor> y = model.predict(Map.of("features",
                        Tensor.ofFloats(new float[] {r.getFloat(0), r.getFloat(1)}, 1, 2)));
                assertThat(r.getFloat(r.fieldIndex("rain_probability")))
                        .isCloseTo(y.get("rain_probability").toFloatArray()[0], within(1e-6f));
                assertThat(r.getFloat(r.fieldIndex("rain_mm"))).isCloseTo(y.get("rain_mm").toFloatArray()[0],
                        within(1e-5f));
            }
        }
    }

    @Test
    void readmeQuickStart_scoresACsvIntoParquet_withAnErrorPerRowOutsideTheEnvelope() throws IOException {
        String bundle = WEATHER.toString();
        Path csv = tmp.resolve("quick-start.csv");
        Files.writeString(csv, "celsius,humidity\n20.0,80.0\n35.0,10.0\n120.0,50.0\n");
        String input = csv.toString();
        String output = tmp.resolve("quick-start-scored").toString();
        // tag::spark-quick-start[]
        SparkSession spark = SparkSession.builder().master("local[2]").getOrCreate();
        Dataset<Row> events = spark.read().option("header", "true").option("inferSchema", "true").csv(input);
        Dataset<Row> scored = BundleScorer.of(bundle)           // verified here, opened once per executor JVM
                .envelopePolicy(EnvelopePolicy.NULL_WITH_ERROR) // outside the envelope: nulls and mlops_error
                .score(events);                                 // adds rain_probability, rain_mm, mlops_error
        scored.write().parquet(output);
        // end::spark-quick-start[]

        List<Row> rows = spark.read().parquet(output).orderBy("celsius").collectAsList();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).getFloat(rows.get(0).fieldIndex("rain_probability"))).isBetween(0.96f, 0.97f);
        assertThat(rows.get(2).isNullAt(rows.get(2).fieldIndex("rain_probability"))).isTrue();
        assertThat(rows.get(2).getString(rows.get(2).fieldIndex("mlops_error"))).contains("celsius", "120.0");
    }

    @Test
    void score_opensTheBundleOncePerJvm_across100PartitionsAndTwoJobs() {
        Path bundle = linear("once");
        long sessions = ModelRuntime.openSessions();
        Float[] values = new Float[1000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) i;
        }
        ScoringRun run = BundleScorer.of(bundle).scoreWithCounts(xs(100, values));
        assertThat(run.dataset().rdd().getNumPartitions()).isEqualTo(100);

        List<Row> out = run.dataset().collectAsList();
        long again = run.dataset().filter("y > 100").count();

        assertThat(out).hasSize(1000).allSatisfy(r -> assertThat(r.getFloat(1)).isEqualTo(2 * r.getFloat(0) + 1));
        assertThat(again).isEqualTo(950);
        assertThat(ExecutorModels.opens(run.deliveryId())).isEqualTo(1);
        assertThat(ExecutorModels.isOpen(run.deliveryId())).isTrue();
        assertThat(ModelRuntime.openSessions() - sessions).isEqualTo(1);
        assertThat(run.rowsScored()).isEqualTo(2000);
    }

    @Test
    void keepAliveZero_closesTheModelWhenTheLastTaskEnds() {
        Path bundle = linear("zero");
        long sessions = ModelRuntime.openSessions();
        ScoringRun run = BundleScorer.of(bundle).keepAlive(Duration.ZERO).scoreWithCounts(xs(1, 1f, 2f));

        assertThat(run.dataset().collectAsList()).hasSize(2);
        assertThat(ExecutorModels.opens(run.deliveryId())).isEqualTo(1);
        assertThat(ExecutorModels.isOpen(run.deliveryId())).isFalse();
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessions);
    }

    @Test
    void score_failsBeforeScoring_whenTheExecutorsCopyIsTampered() throws IOException {
        Path bundle = linear("tampered");
        ScoringRun run = BundleScorer.of(bundle.toUri().toString()).scoreWithCounts(xs(2, 1f, 2f, 3f));
        Files.write(bundle.resolve("model.onnx"), TestModels.linear(3f, 1f, 1).bytes()); // after the driver read it

        assertThatThrownBy(() -> run.dataset().collectAsList())
                .satisfies(e -> assertThat(SparkBundles.cause(e, DeliveryMismatchException.class))
                        .hasMessageContaining(run.deliveryId()).hasMessageContaining("model.onnx")
                        .hasMessageContaining("fails verification"));
        assertThat(ExecutorModels.opens(run.deliveryId())).isZero();
        assertThat(run.rowsScored()).isZero();
    }

    @Test
    void score_failsBeforeScoring_whenTheShippedCopyOfALocalBundleIsTampered() throws Exception {
        Path bundle = linear("shipped");
        ScoringRun first = BundleScorer.of(bundle).keepAlive(Duration.ZERO).scoreWithCounts(xs(1, 1f, 2f));
        assertThat(first.dataset().collectAsList()).hasSize(2); // fetched the addFile copy, then closed the model
        String shipped = BundleLocation.forExecutors(bundle.toString(), first.deliveryId(), spark.sparkContext())
                .sparkFile();
        Path copy = Path.of(org.apache.spark.SparkFiles.get(shipped));
        try (java.nio.file.FileSystem zip = java.nio.file.FileSystems.newFileSystem(copy)) {
            Files.write(zip.getPath("model.onnx"), TestModels.linear(3f, 1f, 1).bytes()); // the executor's copy only
        }

        ScoringRun again = BundleScorer.of(bundle).keepAlive(Duration.ZERO).scoreWithCounts(xs(2, 1f, 2f, 3f));

        assertThat(again.deliveryId()).isEqualTo(first.deliveryId()); // the driver's bundle is untouched
        assertThatThrownBy(() -> again.dataset().collectAsList())
                .satisfies(e -> assertThat(SparkBundles.cause(e, DeliveryMismatchException.class))
                        .hasMessageContaining("SparkFiles " + shipped).hasMessageContaining("model.onnx")
                        .hasMessageContaining("fails verification"));
        assertThat(ExecutorModels.opens(first.deliveryId())).isEqualTo(1);
        assertThat(again.rowsScored()).isZero();
    }

    @Test
    void score_failsBeforeScoring_whenTheExecutorsCopyIsAnotherDelivery() throws IOException {
        Path bundle = linear("first");
        Path other = linear("other");
        ScoringRun run = BundleScorer.of(bundle.toUri().toString()).scoreWithCounts(xs(2, 1f, 2f));
        try (Stream<Path> files = Files.walk(bundle)) {
            files.sorted(Comparator.reverseOrder()).filter(Files::isRegularFile).forEach(f -> f.toFile().delete());
        }
        for (String f : List.of("model.onnx", "metadata.json", "manifest.json", "adequacy/cases.jsonl")) {
            Files.copy(other.resolve(f), bundle.resolve(f));
        }

        assertThatThrownBy(() -> run.dataset().collectAsList())
                .satisfies(e -> assertThat(SparkBundles.cause(e, DeliveryMismatchException.class))
                        .hasMessageContaining("its manifest declares"));
        assertThat(ExecutorModels.opens(run.deliveryId())).isZero();
    }

    @Test
    void score_neverScores_whenTheModelFailsItsAdequacyCases() {
        TestModel expected = TestModels.linear();
        Path bundle = SparkBundles.bundle(tmp.resolve("inadequate"), TestModels.linear(3f, 1f, 1), expected,
                b -> SparkBundles.declare(b, expected.inputs(), expected.outputs()));
        ScoringRun run = BundleScorer.of(bundle).scoreWithCounts(xs(2, 1f, 2f));

        // the executor's AdequacyFailureException (whose report does not serialize) reaches the driver as an
        // ExecutorAdequacyException carrying the report's text
        assertThatThrownBy(() -> run.dataset().collectAsList())
                .satisfies(e -> assertThat(SparkBundles.cause(e, ExecutorAdequacyException.class))
                        .hasMessageContaining("FAIL \"case 0\"").hasMessageContaining("0 of 1 adequacy cases passed")
                        .hasMessageContaining(run.deliveryId()).hasMessageContaining("scores no row")
                        .satisfies(x -> assertThat(x.failedCases()).containsExactly("case 0"))
                        .satisfies(x -> assertThat(x.deliveryId()).isEqualTo(run.deliveryId())));
        assertThat(run.rowsScored()).isZero();
        assertThat(ExecutorModels.opens(run.deliveryId())).isZero();
    }

    private static Path constrained(String dir) {
        TestModel m = TestModels.linear();
        return SparkBundles.bundle(tmp.resolve(dir), m, m, b -> SparkBundles.declare(b, m.inputs(), m.outputs())
                .constraint(Constraint.reject("x", 0, 10)));
    }

    @Test
    void nullWithError_scoresTheOtherRowsOfTheBatch_andNamesTheViolatedConstraint() {
        ScoringRun run = BundleScorer.of(constrained("envelope-null")).envelopePolicy(EnvelopePolicy.NULL_WITH_ERROR)
                .scoreWithCounts(xs(1, 1f, 11f, 2f, -3f, 3f));

        List<Row> out = run.dataset().collectAsList();

        assertThat(out).extracting(r -> r.isNullAt(1) ? null : r.getFloat(1)).containsExactly(3f, null, 5f, null, 7f);
        assertThat(out.get(1).getString(2)).contains("input 'x'", "[0.0, 10.0]", "11.0");
        assertThat(out.get(3).getString(2)).contains("-3.0");
        assertThat(run.rowsScored()).isEqualTo(3);
        assertThat(run.rowsRejected()).isEqualTo(2);
        assertThat(run.rowsFailed()).isZero();
    }

    @Test
    void fail_failsTheJob_namingTheRowAndTheConstraint() {
        Dataset<Row> scored = BundleScorer.of(constrained("envelope-fail")).score(xs(1, 1f, 2f, 11f));

        assertThatThrownBy(scored::collectAsList)
                .satisfies(e -> assertThat(SparkBundles.cause(e, EnvelopeViolationException.class))
                        .hasMessageContaining("row 2 of partition 0").hasMessageContaining("input 'x'"));
    }

    @Test
    void nullCells_giveAnErrorPerRow_notAJobFailure() {
        ScoringRun run = BundleScorer.of(linear("nulls")).scoreWithCounts(xs(1, 1f, null, 2f));

        List<Row> out = run.dataset().collectAsList();

        assertThat(out).extracting(r -> r.getString(2)).containsExactly(null, "input 'x': column 'x' is null", null);
        assertThat(out.get(1).isNullAt(1)).isTrue();
        assertThat(run.rowsFailed()).isEqualTo(1);
        assertThat(run.rowsScored()).isEqualTo(2);
    }

    @Test
    void emptyPartitions_openNothingAndScoreTheRest() {
        Path bundle = linear("empty");
        ScoringRun empty = BundleScorer.of(bundle).scoreWithCounts(spark.createDataFrame(List.of(), X));
        assertThat(empty.dataset().collectAsList()).isEmpty();
        assertThat(ExecutorModels.opens(empty.deliveryId())).isZero();

        List<Row> out = BundleScorer.of(bundle).score(xs(1, 1f, 2f, 3f).repartition(40)).collectAsList();

        assertThat(out).extracting(r -> r.getFloat(1)).containsExactlyInAnyOrder(3f, 5f, 7f);
    }

    @Test
    void score_mapsStringTensorsAndArrayColumns_andRenamesColumns() {
        Path strings = SparkBundles.bundle(tmp.resolve("strings"), TestModels.stringInput());
        StructType text = new StructType().add("text", DataTypes.StringType);
        List<Row> out = BundleScorer.of(strings).outputColumn("code", "label")
                .score(spark.createDataFrame(List.of(RowFactory.create("dog"), RowFactory.create("fish")), text)
                        .coalesce(1))
                .collectAsList();
        assertThat(out).extracting(r -> r.getLong(r.fieldIndex("label"))).containsExactly(1L, -1L);
        assertThat(out.get(0).schema().fieldNames()).containsExactly("text", "label", "mlops_error");

        TestModel mlp = TestModels.mlp(5, 3, 4, 2);
        Path arrays = SparkBundles.bundle(tmp.resolve("arrays"), mlp);
        StructType vec = new StructType().add("vec", DataTypes.createArrayType(DataTypes.DoubleType));
        Dataset<Row> scored = BundleScorer.of(arrays).inputColumns("x", "vec").score(spark.createDataFrame(
                List.of(RowFactory.create(List.of(1d, 2d, 3d)), RowFactory.create(List.of(1d, 2d))), vec).coalesce(1));
        List<Row> rows = scored.collectAsList();
        float[] expected = mlp.reference(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))).get("y")
                .toFloatArray();
        List<Float> y = rows.get(0).getList(1);
        assertThat(y).hasSize(2);
        assertThat(y.get(0)).isCloseTo(expected[0], within(1e-5f));
        assertThat(rows.get(1).getString(2)).contains("column 'vec' has 2 elements, expected 3");
    }

    @Test
    void score_rejectsAMissingColumn_namingTheInputAndTheDefaultMapping() {
        StructType other = new StructType().add("temperature", DataTypes.FloatType);
        Dataset<Row> ds = spark.createDataFrame(List.of(), other);

        assertThatThrownBy(() -> BundleScorer.of(WEATHER).score(ds))
                .isInstanceOf(dev.mlops.api.InvalidInputException.class)
                .hasMessageContaining("no column 'celsius'").hasMessageContaining("inputColumns");
    }

    @Test
    void score_scoresAStructuredStreamingMemorySource() throws Exception {
        Path bundle = linear("stream");
        MemoryStream<Row> stream = MemoryStream.apply(Encoders.row(X), spark);
        Dataset<Row> scored = BundleScorer.of(bundle).score(stream.toDF());
        StreamingQuery query = scored.writeStream().format("memory").queryName("scored_stream").start();
        try {
            stream.addData(CollectionConverters.asScala(
                    Arrays.asList(RowFactory.create(1f), RowFactory.create(2f)).iterator()));
            query.processAllAvailable();
            stream.addData(CollectionConverters.asScala(List.of(RowFactory.create(3.5f)).iterator()));
            query.processAllAvailable();
        } finally {
            query.stop();
        }

        List<Row> out = spark.table("scored_stream").collectAsList();
        assertThat(out).extracting(r -> r.getFloat(1)).containsExactlyInAnyOrder(3f, 5f, 8f);
    }
}
