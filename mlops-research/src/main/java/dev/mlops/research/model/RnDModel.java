// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.model;

import dev.mlops.api.spec.Metric;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.research.export.ExportBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A research model as the standard tasks see it: {@code train} calls {@link #build} then {@link #train},
 * {@link #save}, {@code evaluate} calls {@link #load} then {@link #evaluate}, {@code export} calls {@link #load} then
 * {@link #export} and writes the bundle with the {@link ExportBuilder}, {@code verify} opens the bundle in the runtime
 * (see {@code dev.mlops.research.project}). Each task may run in its own process: the saved directory carries the
 * trained state from one to the next.
 *
 * <p>The same shape fits a model trained in the JVM and one trained elsewhere:
 * <ul>
 *   <li>a Java library model (Tribuo's {@code LinearSGDModel}, which implements {@code ONNXExportable}): {@code build}
 *       creates the trainer from the config, {@code train} fits it, {@code predict} calls the library,
 *       {@code export} adds {@code model.exportONNXModel(...)}'s bytes, the tensor specs and the framework, and
 *       {@code load} reads the native model the export added with {@link ExportBuilder#file(String, byte[])};</li>
 *   <li>an external flow (PyTorch in a Python process): {@code train} runs the script, which writes the ONNX file,
 *       the state to re-load and its own predictions; {@code predict} returns those predictions or asks the process;
 *       {@code export} adds {@link ExportBuilder#model(Path)}; {@code load} restores the saved state.</li>
 * </ul>
 *
 * <p>The export proves itself: the task passes case inputs with {@link #predict} as the reference, and
 * {@link ExportBuilder#export(Path)} refuses the bundle when the ONNX model run in ONNX Runtime disagrees. After
 * {@link #load}, {@link #predict} answers as the model that was exported.
 *
 * <p>Implementations are stateful (untrained, trained or loaded) and need not be thread-safe: a task calls one model
 * from one thread. Checked failures of the training library are wrapped in an unchecked exception naming the step.
 *
 * @param <C> the model's configuration, for example the {@code model} and {@code train} sections bound to records
 * @param <D> the data it trains and evaluates on, for example a Tribuo {@code Dataset} or the path of a CSV file
 * @since 0.2.0
 */
public interface RnDModel<C, D> {

    /**
     * Creates the untrained model: architecture and hyper-parameters from the configuration.
     *
     * @param config the configuration
     * @throws IllegalArgumentException naming the key when the configuration does not fit the model
     */
    void build(C config);

    /**
     * Trains the model built by {@link #build}.
     *
     * @param data the training data
     * @return the training metrics (loss, iterations), possibly none
     * @throws IllegalStateException when the model was not built
     */
    List<Metric> train(D data);

    /**
     * Evaluates the trained or loaded model.
     *
     * @param data the evaluation data
     * @return the metrics, each naming its dataset and split where known
     * @throws IllegalStateException when the model is neither trained nor loaded
     */
    List<Metric> evaluate(D data);

    /**
     * Predicts with the training library itself: the reference that the exported ONNX model must reproduce.
     *
     * @param inputs the declared inputs by name
     * @return every declared output by name
     * @throws IllegalStateException when the model is neither trained nor loaded
     * @throws dev.mlops.api.InvalidInputException when the inputs do not match the model's
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * Adds what only the model knows to an export: the ONNX model, the input and output specs, the framework, and
     * any file {@link #load} needs. The task adds the rest (config, datasets, metrics, build id, statistics, cases)
     * and calls {@link ExportBuilder#export(Path)}.
     *
     * @param export the export to add to
     * @throws IllegalStateException when the model is neither trained nor loaded
     */
    void export(ExportBuilder export);

    /**
     * Saves the trained model's state to a directory, so that another process can {@link #load} it: the
     * {@code train} task saves, {@code evaluate} and {@code export} load. Write the same files {@link #export} adds to
     * a bundle, so that one {@link #load} reads both.
     *
     * @param directory an existing, empty directory
     * @throws IllegalStateException when the model is neither trained nor loaded
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     * @since 0.2.0
     */
    void save(Path directory);

    /**
     * Restores the model from a directory {@link #save} wrote or a bundle {@link #export} wrote, replacing any state
     * it had.
     *
     * @param bundle the saved directory or the bundle directory
     * @throws dev.mlops.api.InvalidBundleException naming the file when the directory lacks what this model needs
     */
    void load(Path bundle);
}
