// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.spec.Metric;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.export.ExportBuilder;
import dev.mlops.research.model.LeastSquaresModel;
import dev.mlops.research.model.RnDModel;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A real research project for tests, listed in test resources' {@code projects/one} services file: ridge least squares
 * (the model package's {@link LeastSquaresModel}) on two CSV files named by the {@code data} section.
 */
public class LeastSquaresProject implements ResearchProject<LeastSquaresProject.Conf, LeastSquaresModel.Table> {

    /** The configuration: {@code model}, {@code data}, {@code verify}. */
    public record Conf(@NotNull @Valid Model model, @NotNull @Valid Data data, VerifySection verify) {
    }

    /** The {@code model} section. */
    public record Model(@NotNull String name, String version, @PositiveOrZero double ridge) {
    }

    /** The {@code data} section: the CSV files of each split. */
    public record Data(@NotNull String train, @NotNull String test) {
    }

    /** The configuration text of the tests, with the data files relative to the configuration file. */
    static String json(double ridge) {
        return """
                {"model": {"name": "rain-linear", "version": "1.2.0", "ridge": %s},
                 "data": {"train": "train.csv", "test": "test.csv"},
                 "verify": {}}
                """.formatted(ridge);
    }

    @Override
    public String name() {
        return "rain-linear";
    }

    @Override
    public Class<Conf> configType() {
        return Conf.class;
    }

    @Override
    public RnDModel<Conf, LeastSquaresModel.Table> newModel() {
        return new Adapter();
    }

    @Override
    public DatasetFile dataset(Conf config, Split split) {
        return split == Split.TRAIN ? new DatasetFile("weather-train", Path.of(config.data().train()))
                : new DatasetFile("weather-test", Path.of(config.data().test()));
    }

    @Override
    public LeastSquaresModel.Table read(Conf config, Split split, DatasetFile dataset) {
        return LeastSquaresModel.Table.read(dataset.name(), dataset.file());
    }

    @Override
    public Map<String, Tensor> inputs(LeastSquaresModel.Table data) {
        return Map.of("x", data.inputs());
    }

    /** A second project, for the test that two on one class path are refused. */
    public static final class Other extends LeastSquaresProject {
    }

    /** The project's configuration to the model's: the ridge penalty. */
    static final class Adapter implements RnDModel<Conf, LeastSquaresModel.Table> {
        private final LeastSquaresModel model = new LeastSquaresModel();

        @Override
        public void build(Conf config) {
            model.build(new LeastSquaresModel.Config(config.model().ridge()));
        }

        @Override
        public List<Metric> train(LeastSquaresModel.Table data) {
            return model.train(data);
        }

        @Override
        public List<Metric> evaluate(LeastSquaresModel.Table data) {
            return model.evaluate(data);
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            return model.predict(inputs);
        }

        @Override
        public void export(ExportBuilder export) {
            model.export(export);
        }

        @Override
        public void save(Path directory) {
            model.save(directory);
        }

        @Override
        public void load(Path bundle) {
            model.load(bundle);
        }
    }
}
