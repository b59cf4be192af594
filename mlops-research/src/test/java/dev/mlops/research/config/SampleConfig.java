// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import java.util.List;
import java.util.Map;

/** A research configuration as a project would declare it: sections as nested records. */
record SampleConfig(@NotNull @Valid Model model, @NotNull @Valid Train train, @Valid Evaluation evaluation,
        String trial) {

    record Model(@NotBlank String name, List<Integer> layers) {
    }

    record Train(@Min(1) int epochs, @Positive double learningRate, boolean shuffle, Optimizer optimizer,
            Map<String, Double> classWeights) {
    }

    /** Free-form keys allowed beside the declared ones. */
    @AllowExtraKeys
    record Evaluation(@NotBlank String dataset, List<String> metrics) {
    }

    enum Optimizer { SGD, ADAM }

    static final String JSON = """
            {
              "model": {"name": "weather", "layers": [16, 8]},
              "train": {"epochs": 10, "learningRate": 0.01, "shuffle": true, "optimizer": "SGD",
                        "classWeights": {"rain": 2.0, "dry": 1.0}},
              "evaluation": {"dataset": "weather-test.csv", "metrics": ["mse"], "notes": "first try"},
              "trial": "7"
            }
            """;
}
