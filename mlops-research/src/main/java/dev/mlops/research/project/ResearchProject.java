// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.model.RnDModel;
import java.util.Map;

/**
 * A research project as the standard tasks see it: its configuration record, a fresh {@link RnDModel}, and its data by
 * split. List the implementing class in {@code META-INF/services/dev.mlops.research.project.ResearchProject} of the
 * project's jar; exactly one project may be on the class path. Implementations need a public no-argument
 * constructor.
 *
 * <p>The configuration record declares every section of the project's {@code config.json}. The standard tasks also
 * read these keys, which the record must therefore declare when the file uses them: {@code model.name} (the model
 * name, required unless the job names it), {@code model.version} ({@code MAJOR.MINOR.PIPELINE}, default
 * {@value StandardTasks#DEFAULT_MODEL_VERSION}) and the {@code verify} section ({@link VerifySection}).
 *
 * <p>Implementations are called from one thread at a time and hold no state between calls.
 *
 * @param <C> the configuration record
 * @param <D> the data the model trains and evaluates on
 * @since 0.2.0
 */
public interface ResearchProject<C extends Record, D> {

    /**
     * Returns the project's name, for messages and logs.
     *
     * @return a short name, for example {@code "weather-rain"}
     * @since 0.2.0
     */
    String name();

    /**
     * Returns the configuration record the project's {@code config.json} binds to.
     *
     * @return the record type whose components are the top-level sections
     * @since 0.2.0
     */
    Class<C> configType();

    /**
     * Creates a new, untrained model.
     *
     * @return a fresh model
     * @since 0.2.0
     */
    RnDModel<C, D> newModel();

    /**
     * Names the dataset of a split and the file it comes from.
     *
     * @param config the configuration
     * @param split the split
     * @return the dataset; two splits may share one file (a project that splits one file by rows)
     * @since 0.2.0
     */
    DatasetFile dataset(C config, Split split);

    /**
     * Reads the data of a split from its file.
     *
     * @param config the configuration
     * @param split the split
     * @param dataset the dataset {@link #dataset} named, its file resolved and checked to exist
     * @return the data
     * @throws java.io.UncheckedIOException naming the file when it cannot be read
     * @throws dev.mlops.api.MlopsException naming the file and line when its content is malformed
     * @since 0.2.0
     */
    D read(C config, Split split, DatasetFile dataset);

    /**
     * Returns the model's inputs for every row of the data, by input name, rows along the first axis: the export
     * computes the statistics from them and takes its adequacy cases from the first rows.
     *
     * @param data the data
     * @return every declared input of the model
     * @since 0.2.0
     */
    Map<String, Tensor> inputs(D data);
}
