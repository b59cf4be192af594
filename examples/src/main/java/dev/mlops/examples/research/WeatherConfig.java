// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.research;

import dev.mlops.research.project.VerifySection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

/**
 * The configuration of the rain model: {@code examples/java-research/config.json}.
 *
 * @param model the model's name and version
 * @param train the training hyper-parameters
 * @param data the CSV file and how it is split
 * @param verify the baseline the {@code verify} task gates against, if any
 */
public record WeatherConfig(@NotNull @Valid Model model, @NotNull @Valid Train train, @NotNull @Valid Data data,
        VerifySection verify) {

    /**
     * The {@code model} section.
     *
     * @param name the model name
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     */
    public record Model(@NotNull String name, @NotNull String version) {
    }

    /**
     * The {@code train} section: Tribuo's {@code LinearSGDTrainer} with AdaGrad.
     *
     * @param epochs passes over the training rows
     * @param learningRate AdaGrad's initial learning rate
     * @param minibatch rows per gradient step
     * @param seed the shuffling seed
     */
    public record Train(@Positive int epochs, @Positive double learningRate, @Positive int minibatch, long seed) {
    }

    /**
     * The {@code data} section.
     *
     * @param file the CSV file ({@code area,celsius,humidity,rain}), relative to the configuration file
     * @param testEvery every n-th row (the 1st, the n+1-th...) is held out as the test split
     */
    public record Data(@NotNull String file, @Positive int testEvery) {
    }
}
