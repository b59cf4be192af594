// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/**
 * A monitored model for the report tests: a real packed bundle of the testkit's linear model {@code y = 2x + 1} over
 * two input features, {@code temperature} (normal, mean 20, sd 5) and a second one whose name the test chooses (such
 * as {@code <script>}; uniform on [0, 100]), with training statistics computed as {@link MonitorBundles} computes them,
 * a reject and a warn constraint; served by ONNX Runtime through a {@link ModelMonitor} with a fixed clock, then fed
 * seeded traffic: four windows from the training distribution, a rejected call, values outside the training range and
 * the warn constraint, and a last window with temperature shifted by two standard deviations (drifted).
 */
final class ReportBundles {
    static final Instant TAKEN_AT = Instant.parse("2026-12-02T03:00:00Z");
    static final int WINDOW_ROWS = 200;

    private ReportBundles() {
    }

    /** The snapshot of the monitor after the traffic above; no native session is left open. */
    static MonitorSnapshot monitoredSnapshot(Path dir, String secondFeature) {
        Path bundle = bundle(dir.resolve("bundle"), secondFeature);
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(7).windowRows(WINDOW_ROWS)
                .clock(Clock.fixed(TAKEN_AT, ZoneOffset.UTC)).build();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
                RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            SplittableRandom r = new SplittableRandom(11);
            for (int w = 0; w < 4; w++) {
                model.predict(x(rows(r, WINDOW_ROWS, 0)));
            }
            try {
                model.predict(x(new float[] {99, 50}));
            } catch (RuntimeException expected) {
                // counted by the monitor as an envelope violation
            }
            model.predict(x(new float[] {-30, 95, 59, 120, 20, 50}));
            model.predict(x(rows(r, WINDOW_ROWS, 10)));
        }
        return monitor.snapshot();
    }

    private static Map<String, Tensor> x(float[] rows) {
        return Map.of("x", Tensor.ofFloats(rows, rows.length / 2, 2));
    }

    private static float[] rows(SplittableRandom r, int n, double temperatureShift) {
        float[] v = new float[n * 2];
        for (int i = 0; i < n; i++) {
            v[2 * i] = (float) (20 + 5 * MonitorBundles.Dist.gaussian(r) + temperatureShift);
            v[2 * i + 1] = (float) (100 * r.nextDouble());
        }
        return v;
    }

    private static Path bundle(Path dir, String secondFeature) {
        TestModel model = TestModels.linear(2f, 1f, 2);
        float[] train = rows(new SplittableRandom(2026), 20_000, 0);
        Map<String, FeatureStatistics> in = new LinkedHashMap<>();
        Map<String, FeatureStatistics> out = new LinkedHashMap<>();
        String[] names = {"temperature", secondFeature};
        for (int f = 0; f < 2; f++) {
            double[] c = new double[train.length / 2];
            double[] y = new double[c.length];
            for (int i = 0; i < c.length; i++) {
                c[i] = train[2 * i + f];
                y[i] = train[2 * i + f] * 2f + 1f;
            }
            in.put(names[f], MonitorBundles.numeric(c, true));
            out.put(String.valueOf(f), MonitorBundles.numeric(y, true));
        }
        ModelMetadata meta = ModelMetadata.builder("weather-report", "1.2.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures(names))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 2))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of()))
                .statistics(new DataStatistics(Optional.of(new DatasetRef("weather-train", Optional.empty(),
                        Optional.empty())), Map.of("x", in), Map.of("y", out)))
                .constraint(Constraint.reject("x", "temperature", -40, 60))
                .constraint(new Constraint("x", Optional.of(secondFeature), OptionalDouble.of(0),
                        OptionalDouble.of(100), ConstraintAction.WARN, Optional.of("a share is at most 100")))
                .build();
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> sample = x(new float[] {20, 50});
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("typical day", sample, model.reference(sample))));
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
