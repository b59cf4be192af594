// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.research;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.model.RnDModel;
import dev.mlops.research.project.DatasetFile;
import dev.mlops.research.project.ResearchProject;
import dev.mlops.research.project.Split;
import java.nio.file.Path;
import java.util.Map;

/**
 * The rain model as a research project: listed in {@code META-INF/services/dev.mlops.research.project.ResearchProject}
 * so that {@code mlops run} and {@code ResearchRunner} find it. Both splits come from one CSV file: every
 * {@code data.testEvery}-th row is a test row.
 */
public final class WeatherRainProject implements ResearchProject<WeatherConfig, WeatherRows> {
    /** Creates the project; {@link java.util.ServiceLoader} calls it. */
    public WeatherRainProject() {
        // no state
    }

    @Override
    public String name() {
        return "weather-rain";
    }

    @Override
    public Class<WeatherConfig> configType() {
        return WeatherConfig.class;
    }

    @Override
    public RnDModel<WeatherConfig, WeatherRows> newModel() {
        return new WeatherRainModel();
    }

    @Override
    public DatasetFile dataset(WeatherConfig config, Split split) {
        return new DatasetFile(split == Split.TRAIN ? "weather-train" : "weather-test", Path.of(config.data().file()));
    }

    @Override
    public WeatherRows read(WeatherConfig config, Split split, DatasetFile dataset) {
        return WeatherRows.read(dataset.name(), dataset.file(), config.data().testEvery(), split == Split.TEST);
    }

    @Override
    public Map<String, Tensor> inputs(WeatherRows data) {
        return Map.of("input", WeatherRainModel.inputs(data));
    }
}
