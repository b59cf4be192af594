// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
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
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * Real packed bundles of the testkit's linear model {@code y = 2x + 1} over two features, temperature ~ N(20, 5) and
 * humidity ~ N(50, 10), with training statistics of a seeded sample (ten equal-width bins, the 101 percentiles) and an
 * envelope: temperature rejected outside [-40, 60], humidity warned above 90.
 */
final class WeatherBundles {
    static final String[] FEATURES = {"temperature", "humidity"};
    static final double[] MEAN = {20, 50};
    static final double[] STD = {5, 10};

    private static final DataStatistics STATISTICS = statistics();

    private WeatherBundles() {
    }

    static Path weather(Path dir, String version) {
        return weather(dir, version, 2f);
    }

    /** As {@link #weather(Path, String)} with {@code y = slope x + 1}: another slope disagrees in shadow. */
    static Path weather(Path dir, String version, float slope) {
        return weather(dir, version, slope, slope);
    }

    /**
     * As {@link #weather(Path, String)}, but its adequacy case expects another slope's answer: a complete, verified
     * bundle that fails its adequacy gate.
     */
    static Path failingAdequacy(Path dir, String version) {
        return weather(dir, version, 2f, 3f);
    }

    private static Path weather(Path dir, String version, float slope, float caseSlope) {
        TestModel model = TestModels.linear(slope, 1f, FEATURES.length);
        TestModel expected = TestModels.linear(caseSlope, 1f, FEATURES.length);
        ModelMetadata.Builder b = ModelMetadata.builder("weather", version)
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, FEATURES.length).withFeatures(FEATURES))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, FEATURES.length))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of()))
                .statistics(STATISTICS)
                .constraint(Constraint.reject("x", "temperature", -40, 60))
                .constraint(new Constraint("x", Optional.of("humidity"), OptionalDouble.empty(), OptionalDouble.of(90),
                        ConstraintAction.WARN, Optional.of("sensor saturates above 90%")));
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> sample = Map.of("x", Tensor.ofFloats(new float[] {20, 50}, 1, 2));
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("typical day", sample, expected.reference(sample))));
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(b.build()));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code rows} rows drawn from the training distribution, {@code shift[f]} standard deviations added to f. */
    static Map<String, Tensor> rows(SplittableRandom r, int rows, double... shift) {
        float[] v = new float[rows * FEATURES.length];
        for (int i = 0; i < rows; i++) {
            for (int f = 0; f < FEATURES.length; f++) {
                double s = f < shift.length ? shift[f] : 0;
                v[i * FEATURES.length + f] = (float) (MEAN[f] + STD[f] * (gaussian(r) + s));
            }
        }
        return Map.of("x", Tensor.ofFloats(v, rows, FEATURES.length));
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static DataStatistics statistics() {
        SplittableRandom r = new SplittableRandom(20_261_201L);
        int n = 20_000;
        Map<String, FeatureStatistics> in = new LinkedHashMap<>();
        for (int f = 0; f < FEATURES.length; f++) {
            double[] c = new double[n];
            for (int i = 0; i < n; i++) {
                c[i] = MEAN[f] + STD[f] * gaussian(r);
            }
            in.put(FEATURES[f], numeric(c));
        }
        return new DataStatistics(Optional.of(new DatasetRef("weather-train", Optional.empty(), Optional.empty())),
                Map.of("x", in), Map.of());
    }

    /** As mlops-research's StatisticsCalculator: 10 equal-width bins, numpy-linear percentiles. */
    private static FeatureStatistics.Numeric numeric(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        double min = s[0];
        double max = s[n - 1];
        double mean = Arrays.stream(s).average().orElseThrow();
        double sq = Arrays.stream(s).map(v -> (v - mean) * (v - mean)).sum();
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
        for (int p = 0; p <= 100; p++) {
            double h = (n - 1) * (p / 100.0);
            int lo = (int) Math.floor(h);
            int hi = Math.min(n - 1, lo + 1);
            double v = s[lo] + (h - lo) * (s[hi] - s[lo]);
            q.add(p == 0 ? v : Math.max(q.get(p - 1), v));
        }
        return new FeatureStatistics.Numeric(n, 0, min, max, mean, Math.sqrt(sq / n), new Histogram(edges, counts), q);
    }
}
