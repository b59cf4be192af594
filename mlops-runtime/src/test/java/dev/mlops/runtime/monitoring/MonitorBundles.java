// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real packed bundles of the testkit's linear model {@code y = 2x + 1} over four named weather features, whose
 * metadata carries training statistics computed as the research exporter computes them (ten equal-width bins between
 * min and max, the 101 percentiles by linear interpolation) from a large seeded sample of known distributions.
 */
final class MonitorBundles {
    static final String[] FEATURES = {"temperature", "humidity", "wind", "visits"};
    static final int TRAINING_ROWS = 100_000;

    private MonitorBundles() {
    }

    /** The training distribution of each feature. */
    enum Dist {
        NORMAL(20, 5), UNIFORM(50, 100 / Math.sqrt(12)), EXPONENTIAL(3, 3), BINOMIAL(3, Math.sqrt(2.1));

        final double mean;
        final double std;

        Dist(double mean, double std) {
            this.mean = mean;
            this.std = std;
        }

        double draw(SplittableRandom r) {
            switch (this) {
                case NORMAL:
                    return 20 + 5 * gaussian(r);
                case UNIFORM:
                    return 100 * r.nextDouble();
                case EXPONENTIAL:
                    return -3 * Math.log(1 - r.nextDouble());
                default:
                    int k = 0;
                    for (int i = 0; i < 10; i++) {
                        k += r.nextDouble() < 0.3 ? 1 : 0;
                    }
                    return k;
            }
        }

        static double gaussian(SplittableRandom r) {
            double u = 1 - r.nextDouble();
            double v = r.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }
    }

    static final Dist[] DISTS = {Dist.NORMAL, Dist.UNIFORM, Dist.EXPONENTIAL, Dist.BINOMIAL};

    /** {@code rows} rows of the four features, row-major; {@code shift[f]} added to feature f. */
    static float[] rows(SplittableRandom r, int rows, double[] shift) {
        float[] v = new float[rows * DISTS.length];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < DISTS.length; f++) {
                v[i * DISTS.length + f] = (float) (DISTS[f].draw(r) + shift[f]);
            }
        }
        return v;
    }

    /** A bundle with training statistics (percentiles included unless {@code withQuantiles} is false). */
    static Path weather(Path dir, String version, boolean withQuantiles, List<Constraint> constraints) {
        TestModel model = TestModels.linear(2f, 1f, FEATURES.length);
        DataStatistics stats = STATISTICS.computeIfAbsent(withQuantiles, MonitorBundles::statistics);
        ModelMetadata.Builder b = ModelMetadata.builder("weather", version)
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, FEATURES.length).withFeatures(FEATURES))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, FEATURES.length))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of()))
                .statistics(stats);
        constraints.forEach(b::constraint);
        return pack(dir, model, b, new float[] {20, 50, 3, 3});
    }

    /** Writes the model, one adequacy case on {@code row} and the metadata into {@code dir}, and packs it. */
    private static Path pack(Path dir, TestModel model, ModelMetadata.Builder b, float[] row) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> sample = Map.of("x", Tensor.ofFloats(row, 1, row.length));
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("typical day", sample, model.reference(sample))));
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(b.build()));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The features of {@link #withArea}: a numeric one and a categorical one, coded 0 to 3. */
    static final String[] AREA_FEATURES = {"temperature", "area"};
    /** The training shares of the four area codes. */
    static final double[] AREA_SHARES = {0.5, 0.3, 0.15, 0.05};

    /**
     * A bundle whose input has a numeric feature (temperature, normal) and a categorical one (an area code, 0 to 3,
     * with {@link #AREA_SHARES} of 100,000 training rows: {@code categories} in its statistics).
     */
    static Path withArea(Path dir, String version) {
        TestModel model = TestModels.linear(2f, 1f, AREA_FEATURES.length);
        double[] temperature = new double[TRAINING_ROWS];
        SplittableRandom r = new SplittableRandom(20_260_102L);
        for (int i = 0; i < temperature.length; i++) {
            temperature[i] = Dist.NORMAL.draw(r);
        }
        Map<String, Long> areas = new LinkedHashMap<>();
        for (int c = 0; c < AREA_SHARES.length; c++) {
            areas.put(String.valueOf(c), Math.round(AREA_SHARES[c] * TRAINING_ROWS));
        }
        Map<String, FeatureStatistics> in = new LinkedHashMap<>();
        in.put("temperature", numeric(temperature, true));
        in.put("area", new FeatureStatistics.Categorical(TRAINING_ROWS, 0, areas));
        DataStatistics stats = new DataStatistics(Optional.of(new DatasetRef("area-train", Optional.empty(),
                Optional.empty())), Map.of("x", in), Map.of());
        ModelMetadata.Builder b = ModelMetadata.builder("areas", version)
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, AREA_FEATURES.length).withFeatures(AREA_FEATURES))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, AREA_FEATURES.length))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of()))
                .statistics(stats);
        return pack(dir, model, b, new float[] {20, 1});
    }

    /** Rows for {@link #withArea}: a normal temperature, and area code c with probability {@code shares[c]}. */
    static float[] areaRows(SplittableRandom r, int rows, double[] shares) {
        float[] x = new float[rows * 2];
        for (int i = 0; i < rows; i++) {
            x[2 * i] = (float) Dist.NORMAL.draw(r);
            double u = r.nextDouble();
            int c = 0;
            while (c < shares.length - 1 && u >= shares[c]) {
                u -= shares[c];
                c++;
            }
            x[2 * i + 1] = c;
        }
        return x;
    }

    /** The training statistics, computed once per JVM (100,000 seeded rows: a few seconds on a busy machine). */
    private static final Map<Boolean, DataStatistics> STATISTICS = new ConcurrentHashMap<>();

    private static DataStatistics statistics(boolean withQuantiles) {
        float[] x = rows(new SplittableRandom(20_260_101L), TRAINING_ROWS, new double[FEATURES.length]);
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * 2f + 1f;
        }
        Map<String, FeatureStatistics> in = new LinkedHashMap<>();
        Map<String, FeatureStatistics> out = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES.length; f++) {
            in.put(FEATURES[f], numeric(column(x, f), withQuantiles));
            out.put(String.valueOf(f), numeric(column(y, f), withQuantiles));
        }
        return new DataStatistics(Optional.of(new DatasetRef("weather-train", Optional.empty(), Optional.empty())),
                Map.of("x", in), Map.of("y", out));
    }

    private static double[] column(float[] v, int f) {
        int n = v.length / FEATURES.length;
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = v[i * FEATURES.length + f];
        }
        return c;
    }

    /** As mlops-research's StatisticsCalculator: 10 equal-width bins, numpy-linear percentiles. */
    static FeatureStatistics.Numeric numeric(double[] values, boolean withQuantiles) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double min = s[0];
        double max = s[n - 1];
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double mean = sum / n;
        double sq = 0;
        for (double v : s) {
            sq += (v - mean) * (v - mean);
        }
        int bins = 10;
        List<Double> edges = new ArrayList<>();
        for (int i = 0; i <= bins; i++) {
            edges.add(i == bins ? max : min + (max - min) * i / bins);
        }
        long[] c = new long[bins];
        for (double v : s) {
            int i = Math.min(bins - 1, (int) Math.floor((v - min) / (max - min) * bins));
            while (i > 0 && v < edges.get(i)) {
                i--;
            }
            while (i < bins - 1 && v >= edges.get(i + 1)) {
                i++;
            }
            c[i]++;
        }
        List<Long> counts = new ArrayList<>();
        for (long x : c) {
            counts.add(x);
        }
        List<Double> q = new ArrayList<>();
        if (withQuantiles) {
            for (int p = 0; p <= 100; p++) {
                double h = (n - 1) * (p / 100.0);
                int lo = (int) Math.floor(h);
                int hi = Math.min(n - 1, lo + 1);
                double v = s[lo] + (h - lo) * (s[hi] - s[lo]);
                q.add(p == 0 ? v : Math.max(q.get(p - 1), v));
            }
        }
        return new FeatureStatistics.Numeric(n, 0, min, max, mean, Math.sqrt(sq / n), new Histogram(edges, counts), q);
    }
}
