// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.tensor;

import dev.mlops.api.spec.ValueType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A value a model returns: a {@link Tensor}, or, for outputs declared as ONNX sequences or maps (scikit-learn's ZipMap
 * probabilities, {@code sequence<map<int64,float32>>}), a {@link ValueSequence} or a {@link ValueMap}.
 * {@link dev.mlops.api.RuntimeModel#predictValues} returns them.
 *
 * <p>Every implementation is immutable and thread-safe.
 *
 * <pre>{@code
 * Map<String, Value> out = model.predictValues(inputs);
 * if (out.get("output_probability") instanceof ValueSequence rows
 *         && rows.elements().get(0) instanceof ValueMap probabilities) {
 *     double p = probabilities.getDouble(1L); // the probability of class 1 in the first row
 * }
 * }</pre>
 *
 * @since 0.2.0
 */
public sealed interface Value permits Tensor, ValueSequence, ValueMap {

    /**
     * Returns the value's type, as {@code metadata.json} declares outputs.
     *
     * @return the type, for example {@code float32} or {@code sequence<map<int64,float32>>}
     */
    ValueType type();

    /**
     * Tells whether the value holds nothing: a tensor without elements, an empty sequence or map. An adequacy case
     * that expects an empty value compares nothing, so the case readers and the comparison refuse one.
     *
     * @return {@code true} when there is no element, entry or sequence element
     */
    boolean isEmpty();

    /**
     * Returns the tensors among named values, leaving out sequences and maps: what {@code RuntimeModel.predict}
     * returns of what {@code predictValues} does.
     *
     * @param values values by name
     * @return the tensors, by name, in the order of {@code values}; a new modifiable map
     */
    static Map<String, Tensor> tensors(Map<String, ? extends Value> values) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        values.forEach((name, v) -> {
            if (v instanceof Tensor t) {
                out.put(name, t);
            }
        });
        return out;
    }
}
