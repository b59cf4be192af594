// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The training data an export computes its {@code statistics} from: for each input (and, optionally, output) the
 * values the model was trained on, as one tensor of the tensor's own layout ({@code [rows, features]}, or
 * {@code [rows]} for one feature). Features lie along the last axis and are named by the tensor spec's
 * {@code features}, or by their index ({@code "0"}, {@code "1"}...) when it names none.
 *
 * <p>Missing values: NaN in a numeric tensor, the empty string in a string tensor (a categorical feature). A feature
 * whose values are all missing is refused when the export computes its statistics.
 *
 * <pre>{@code
 * TrainingData data = TrainingData.newBuilder()
 *         .input("x", Tensor.ofMatrix(trainingRows))
 *         .output("y", Tensor.ofMatrix(trainingTargets))
 *         .build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class TrainingData {
    private final Map<String, Tensor> inputs;
    private final Map<String, Tensor> outputs;

    private TrainingData(Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    /** @return a builder with no tensors */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** @return the input tensors by input name, in the order given */
    public Map<String, Tensor> inputs() {
        return inputs;
    }

    /** @return the output tensors by output name, in the order given; may be empty */
    public Map<String, Tensor> outputs() {
        return outputs;
    }

    @Override
    public String toString() {
        return "TrainingData[inputs=" + inputs.keySet() + ", outputs=" + outputs.keySet() + "]";
    }

    /**
     * Builds {@link TrainingData}. Each tensor name may be given once. Not thread-safe; {@link #build()} leaves the
     * builder usable.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final Map<String, Tensor> inputs = new LinkedHashMap<>();
        private final Map<String, Tensor> outputs = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Adds the training values of one input.
         *
         * @param name the input name
         * @param values the values, rank 1 or more, rows along the first axis and features along the last
         * @return this builder
         * @throws IllegalArgumentException when the input was given already, or the tensor is a scalar
         */
        public Builder input(String name, Tensor values) {
            put("input", inputs, name, values);
            return this;
        }

        /**
         * Adds the values of one output over the training data (targets, or the model's predictions).
         *
         * @param name the output name
         * @param values the values, rank 1 or more
         * @return this builder
         * @throws IllegalArgumentException when the output was given already, or the tensor is a scalar
         */
        public Builder output(String name, Tensor values) {
            put("output", outputs, name, values);
            return this;
        }

        private static void put(String kind, Map<String, Tensor> to, String name, Tensor values) {
            Objects.requireNonNull(name, kind);
            Objects.requireNonNull(values, "values");
            if (to.containsKey(name)) {
                throw new IllegalArgumentException(kind + " \"" + name + "\" is given twice");
            }
            if (values.rank() == 0) {
                throw new IllegalArgumentException(kind + " \"" + name + "\": a scalar is not training data (expected"
                        + " rows along the first axis)");
            }
            if (values.dtype() == DataType.BOOL) {
                throw new IllegalArgumentException(kind + " \"" + name + "\": bool values have no statistics (give "
                        + "them as 0 and 1, or as strings)");
            }
            to.put(name, values);
        }

        /**
         * Builds the training data.
         *
         * @return the data
         * @throws IllegalArgumentException when no input was given
         */
        public TrainingData build() {
            if (inputs.isEmpty()) {
                throw new IllegalArgumentException("training data needs at least one input");
            }
            return new TrainingData(inputs, outputs);
        }
    }
}
