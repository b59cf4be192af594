// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.spec.Metric;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.model.RnDModel;
import dev.mlops.research.project.DatasetFile;
import dev.mlops.research.project.ResearchProject;
import dev.mlops.research.project.Split;
import dev.mlops.research.project.VerifySection;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real research project for {@code mlops run} tests, listed in test resources' {@code research-project} services
 * file: a line {@code y = slope x + intercept} fitted by least squares to the {@code x,y} CSV files its configuration
 * names, exported as mlops-testkit-core's linear ONNX graph.
 */
public final class LineProject implements ResearchProject<LineProject.Conf, LineProject.Points> {

    /** The configuration. */
    public record Conf(Model model, Data data, VerifySection verify) {
    }

    /** The {@code model} section. */
    public record Model(String name, String version) {
    }

    /** The {@code data} section. */
    public record Data(String train, String test) {
    }

    /** Points read from a CSV file. */
    public record Points(String name, float[] x, float[] y) {
    }

    /** Writes {@code train.csv}, {@code test.csv} and {@code config.json} into a directory. */
    static Path write(Path dir) throws IOException {
        StringBuilder train = new StringBuilder("x,y\n");
        StringBuilder test = new StringBuilder("x,y\n");
        for (int i = 0; i < 30; i++) {
            train.append(i).append(',').append(3 * i + 2 + (i % 3 - 1) * 0.1).append('\n');
            test.append(i + 0.5).append(',').append(3 * (i + 0.5) + 2).append('\n');
        }
        Files.writeString(dir.resolve("train.csv"), train);
        Files.writeString(dir.resolve("test.csv"), test);
        return Files.writeString(dir.resolve("config.json"), """
                {"model": {"name": "line", "version": "1.0.0"},
                 "data": {"train": "train.csv", "test": "test.csv"},
                 "verify": {}}
                """);
    }

    @Override
    public String name() {
        return "line";
    }

    @Override
    public Class<Conf> configType() {
        return Conf.class;
    }

    @Override
    public RnDModel<Conf, Points> newModel() {
        return new Line();
    }

    @Override
    public DatasetFile dataset(Conf config, Split split) {
        return split == Split.TRAIN ? new DatasetFile("line-train", Path.of(config.data().train()))
                : new DatasetFile("line-test", Path.of(config.data().test()));
    }

    @Override
    public Points read(Conf config, Split split, DatasetFile dataset) {
        try {
            List<String> lines = Files.readAllLines(dataset.file(), StandardCharsets.UTF_8);
            float[] x = new float[lines.size() - 1];
            float[] y = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                String[] cells = lines.get(i + 1).split(",");
                x[i] = Float.parseFloat(cells[0]);
                y[i] = Float.parseFloat(cells[1]);
            }
            return new Points(dataset.name(), x, y);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, Tensor> inputs(Points data) {
        return Map.of("x", Tensor.ofFloats(data.x(), data.x().length, 1));
    }

    /** The fitted line; saved as {@code line.txt}. */
    static final class Line implements RnDModel<Conf, Points> {
        private static final String FILE = "line.txt";
        private Optional<float[]> fit = Optional.empty(); // slope, intercept

        @Override
        public void build(Conf config) {
            fit = Optional.empty();
        }

        @Override
        public List<Metric> train(Points data) {
            double mx = 0;
            double my = 0;
            for (int i = 0; i < data.x().length; i++) {
                mx += data.x()[i];
                my += data.y()[i];
            }
            mx /= data.x().length;
            my /= data.x().length;
            double sxy = 0;
            double sxx = 0;
            for (int i = 0; i < data.x().length; i++) {
                sxy += (data.x()[i] - mx) * (data.y()[i] - my);
                sxx += (data.x()[i] - mx) * (data.x()[i] - mx);
            }
            double slope = sxy / sxx;
            fit = Optional.of(new float[] {(float) slope, (float) (my - slope * mx)});
            return List.of(new Metric("mse", mse(data), Optional.empty(), Optional.empty()));
        }

        @Override
        public List<Metric> evaluate(Points data) {
            return List.of(new Metric("mse", mse(data), Optional.empty(), Optional.empty()));
        }

        private double mse(Points data) {
            float[] p = predict(Map.of("x", Tensor.ofFloats(data.x(), data.x().length, 1))).get("y").toFloatArray();
            double s = 0;
            for (int i = 0; i < p.length; i++) {
                s += (p[i] - data.y()[i]) * (double) (p[i] - data.y()[i]);
            }
            return s / p.length;
        }

        private TestModel graph() {
            float[] f = fit.orElseThrow(() -> new IllegalStateException("the line is neither trained nor loaded"));
            return TestModels.linear(f[0], f[1], 1);
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            return graph().reference(inputs);
        }

        @Override
        public void export(ExportBuilder export) {
            TestModel g = graph();
            export.model(g.bytes()).input(g.inputs().get(0)).output(g.outputs().get(0)).framework("line-test", "1")
                    .file(FILE, text());
        }

        private byte[] text() {
            float[] f = fit.orElseThrow();
            return (f[0] + " " + f[1]).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public void save(Path directory) {
            try {
                Files.write(directory.resolve(FILE), text());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void load(Path bundle) {
            try {
                String[] parts = Files.readString(bundle.resolve(FILE)).trim().split(" ");
                fit = Optional.of(new float[] {Float.parseFloat(parts[0]), Float.parseFloat(parts[1])});
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
