// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A verified model ready to serve: its bundle's integrity, metadata, graph signature and adequacy cases were checked
 * before it was handed out.
 *
 * <p>Implementations are thread-safe: many threads may call {@link #predict} at once. {@link #close()} is
 * idempotent, never throws, and waits for no one: a call in flight finishes on resources that are freed after it.
 *
 * <pre>{@code
 * try (RuntimeModel model = runtime.open(Path.of("bundle.zip"))) {
 *     float[][] y = model.predict(new float[][] {{1f}, {2f}});
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public interface RuntimeModel extends AutoCloseable {

    /** @return the bundle's metadata */
    ModelMetadata metadata();

    /** @return the bundle's delivery id, {@code sha256:...} */
    String deliveryId();

    /** @return the execution provider that serves this model, for example {@code "cpu"} or {@code "cuda"} */
    String executionProvider();

    /**
     * Runs the model.
     *
     * <p>Returns tensor outputs only: an output declared as a sequence or map (scikit-learn's ZipMap probabilities)
     * comes from {@link #predictValues}, which returns every output.
     *
     * @param inputs one tensor per declared input, by name
     * @return every declared tensor output, by name, in declared order
     * @throws InvalidInputException when an input is missing, unknown, {@code null}, given twice, or of the wrong
     *     dtype, rank or dimension
     * @throws EnvelopeViolationException when an input is outside a rejecting constraint
     * @throws MlopsException when the engine fails
     * @throws IllegalStateException when this model is closed (as a closed runtime's {@code open} does)
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * Runs the model and returns every declared output, sequences and maps included: a {@link Tensor} for a tensor
     * output, a {@link dev.mlops.api.tensor.ValueSequence} or {@link dev.mlops.api.tensor.ValueMap} for one declared
     * as {@code sequence<...>} or {@code map<...>}.
     *
     * <p>The default returns {@link #predict(Map)}'s tensors, right for a model whose outputs are all tensors; the
     * runtime's models override it.
     *
     * @param inputs one tensor per declared input, by name
     * @return every declared output, by name, in declared order
     * @throws InvalidInputException as {@link #predict(Map)} does
     * @throws EnvelopeViolationException when an input is outside a rejecting constraint
     * @throws MlopsException when the engine fails
     * @throws IllegalStateException when this model is closed
     * @since 0.2.0
     */
    default Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        return Collections.unmodifiableMap(new LinkedHashMap<String, Value>(predict(inputs)));
    }

    /**
     * Runs a model with one float32 input and one float32 output of rank 2 on a batch of rows.
     *
     * @param rows the batch, {@code [batch, features]}
     * @return the outputs, {@code [batch, outputs]}
     * @throws InvalidInputException when the model does not have exactly one float32 rank-2 input and output
     */
    default float[][] predict(float[][] rows) {
        ModelMetadata meta = metadata();
        if (meta.inputs().size() != 1 || meta.outputs().size() != 1) {
            throw new InvalidInputException("predict(float[][]) needs a model with one input and one output; "
                    + meta.name() + " has " + meta.inputs().size() + " inputs and " + meta.outputs().size()
                    + " outputs: use predict(Map)");
        }
        TensorSpec in = meta.inputs().get(0);
        TensorSpec out = meta.outputs().get(0);
        if (in.dtype() != DataType.FLOAT32 || in.shape().rank() != 2
                || out.dtype() != DataType.FLOAT32 || out.shape().rank() != 2) {
            throw new InvalidInputException("predict(float[][]) needs float32 rank-2 input and output; "
                    + meta.name() + " has " + in.name() + ": " + in.dtype() + in.shape() + " -> " + out.name() + ": "
                    + out.dtype() + out.shape() + ": use predict(Map)");
        }
        return Objects.requireNonNull(predict(Map.of(in.name(), Tensor.ofMatrix(rows))).get(out.name()), out.name())
                .toMatrix();
    }

    /** Releases the model; idempotent, never throws, safe while other threads predict. */
    @Override
    void close();
}
