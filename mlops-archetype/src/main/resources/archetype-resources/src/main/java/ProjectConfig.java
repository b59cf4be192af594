// SPDX-License-Identifier: Apache-2.0
package ${package};

import dev.mlops.research.project.VerifySection;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * The project's configuration, {@code config.json}: one component per section. Loading reports every unknown key,
 * wrong type and violated constraint with its JSON path; {@code --set train.ridge=0.1} and
 * {@code MLOPS_TRAIN_RIDGE=0.1} override a value.
 *
 * <p>TODO: add your hyper-parameters to {@link Train} (and sections of your own); annotate them so that a bad value
 * is refused before training starts.
 *
 * @param model the model's name (the build id starts with it) and version, {@code MAJOR.MINOR.PIPELINE}
 * @param train what the {@code train} task reads: the training data and hyper-parameters
 * @param evaluation what the {@code evaluate} task reads: the test data
 * @param verify the baseline the {@code verify} task gates the export against, and its rules
 */
public record ProjectConfig(@NotNull @Valid Model model, @NotNull @Valid Train train,
        @NotNull @Valid Evaluation evaluation, VerifySection verify) {

    /**
     * The {@code model} section.
     *
     * @param name the model name
     * @param version the model version
     */
    public record Model(@NotBlank String name, @NotBlank String version) {
    }

    /**
     * The {@code train} section.
     *
     * @param data the training CSV file, relative to {@code config.json}
     * @param ridge the L2 penalty of the default least-squares model
     */
    public record Train(@NotBlank String data, @PositiveOrZero double ridge) {
    }

    /**
     * The {@code evaluation} section.
     *
     * @param data the test CSV file, relative to {@code config.json}
     */
    public record Evaluation(@NotBlank String data) {
    }
}
