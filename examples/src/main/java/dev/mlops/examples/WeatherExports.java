// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.export.ExportResult;
import dev.mlops.research.export.TrainingData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The research side of the deployment example: exports weather bundles, with capabilities, an operating envelope,
 * metrics per area and the training data's statistics, as a research pipeline would drop them into a repository.
 */
final class WeatherExports {
    static final TensorSpec FEATURES = TensorSpec.of("features", DataType.FLOAT32, -1, 2).withFeatures("celsius",
            "humidity");
    static final TensorSpec RAIN_PROBABILITY = TensorSpec.of("rain_probability", DataType.FLOAT32, -1, 1);
    static final TensorSpec RAIN_MM = TensorSpec.of("rain_mm", DataType.FLOAT32, -1, 1);
    static final String DATASET = "weather-2026";

    private WeatherExports() {
    }

    /** The example's observations: area, celsius, humidity, whether it rained. */
    record Observation(String area, float celsius, float humidity, boolean rain) {
    }

    /** @return the committed weather observations ({@code examples/python-research/data/weather.csv}) */
    static List<Observation> observations() {
        Path csv = csv();
        try {
            List<String> lines = Files.readAllLines(csv);
            List<Observation> out = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split(",", -1);
                out.add(new Observation(f[0], Float.parseFloat(f[1]), Float.parseFloat(f[2]), f[3].equals("1")));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
        }
    }

    /** @return the committed observations file */
    static Path csv() {
        return ExamplePaths.bundles().resolveSibling("python-research").resolve("data").resolve("weather.csv");
    }

    /**
     * Exports the weather model trained on the observations of some areas, declaring those areas.
     *
     * @param target the bundle directory to create
     * @param version the model version
     * @param areas the areas it was trained and evaluated on
     * @param data every observation; those of other areas are left out
     * @return the export
     */
    static ExportResult export(Path target, String version, List<String> areas, List<Observation> data) {
        List<Observation> rows = data.stream().filter(o -> areas.contains(o.area())).toList();
        float[][] x = new float[rows.size()][];
        float[][] p = new float[rows.size()][1];
        float[][] mm = new float[rows.size()][1];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = new float[] {rows.get(i).celsius(), rows.get(i).humidity()};
            float[] y = WeatherModels.reference(x[i][0], x[i][1]);
            p[i][0] = y[0];
            mm[i][0] = y[1];
        }
        ExportBuilder export = ExportBuilder.newBuilder("weather", version)
                .model(WeatherModels.build(true))
                .input(FEATURES).output(RAIN_PROBABILITY).output(RAIN_MM)
                .description("Chance of rain in the next hour from temperature and humidity.")
                .author("weather-research").modelType("regression")
                .createdAt(OffsetDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZoneOffset.UTC))
                .capability("area", areas.toArray(String[]::new))
                .constraint(new Constraint("features", Optional.of("celsius"), OptionalDouble.empty(),
                        OptionalDouble.of(100), ConstraintAction.REJECT, Optional.of("temperature > 100 C: don't use me")))
                .constraint(new Constraint("features", Optional.of("humidity"), OptionalDouble.of(0),
                        OptionalDouble.of(100), ConstraintAction.WARN, Optional.of("humidity is a percentage")))
                .dataset(DATASET, csv())
                .trainingData(DATASET, TrainingData.newBuilder().input("features", Tensor.ofMatrix(x))
                        .output("rain_probability", Tensor.ofMatrix(p)).output("rain_mm", Tensor.ofMatrix(mm))
                        .build())
                .metric(accuracy(rows, Optional.empty()))
                .framework("onnx", "1.16");
        for (String area : areas) {
            export.metric(accuracy(rows.stream().filter(o -> o.area().equals(area)).toList(), Optional.of(area)));
        }
        for (int i = 0; i < 4; i++) { // four cases from the training rows, spread over them
            int row = i * (rows.size() - 1) / 3;
            export.adequacyCase("row " + row, Map.of("features", Tensor.ofMatrix(new float[][] {x[row]})),
                    Map.of("rain_probability", Tensor.ofMatrix(new float[][] {p[row]}),
                            "rain_mm", Tensor.ofMatrix(new float[][] {mm[row]})));
        }
        return export.export(target);
    }

    /**
     * Exports a candidate whose graph and adequacy cases disagree, as a pipeline bug would: its manifest is intact,
     * so the repository lists it, and the runtime's adequacy gate refuses it.
     *
     * @param target the bundle directory to create
     * @param version the model version
     * @param areas the areas it declares
     * @param data every observation
     * @return the bundle directory
     */
    static Path exportBroken(Path target, String version, List<String> areas, List<Observation> data) {
        Path staged = target.resolveSibling(target.getFileName() + ".staging");
        export(staged, version, areas, data);
        try {
            Files.write(staged.resolve("model.onnx"), WeatherModels.build(true, 0.5f));
            Bundles.pack(staged);
            return Files.move(staged, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Metric accuracy(List<Observation> rows, Optional<String> area) {
        long right = rows.stream()
                .filter(o -> (WeatherModels.reference(o.celsius(), o.humidity())[0] >= 0.5f) == o.rain()).count();
        Metric m = new Metric("accuracy", (double) right / rows.size(), Optional.of(DATASET), Optional.of("all"));
        return area.map(a -> m.withSlice(Map.of("area", a))).orElse(m);
    }
}
