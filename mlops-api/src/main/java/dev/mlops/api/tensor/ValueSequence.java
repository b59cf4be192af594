// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.tensor;

import dev.mlops.api.spec.ValueType;
import java.util.List;
import java.util.Objects;

/**
 * An ONNX sequence: an ordered list of tensors or maps of one type, such as the per-row class probabilities of a
 * scikit-learn classifier ({@code sequence<map<int64,float32>>}, one map per input row).
 *
 * <p>Immutable and thread-safe.
 *
 * @param type the sequence's type
 * @param elements the elements, each of {@code type.element()}
 * @since 0.2.0
 */
public record ValueSequence(ValueType.SequenceType type, List<Value> elements) implements Value {

    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException when a component or an element is {@code null}
     * @throws IllegalArgumentException naming the first element whose type is not the sequence's element type
     */
    public ValueSequence {
        Objects.requireNonNull(type, "type");
        elements = List.copyOf(elements);
        for (int i = 0; i < elements.size(); i++) {
            ValueType t = elements.get(i).type();
            if (!t.equals(type.element())) {
                throw new IllegalArgumentException("elements[" + i + "]: a " + t + " in a " + type);
            }
        }
    }

    /**
     * Creates a sequence of maps.
     *
     * @param maps the maps, all of one type
     * @return the sequence
     * @throws IllegalArgumentException when {@code maps} is empty (its type would be unknown) or mixes types
     */
    public static ValueSequence ofMaps(List<ValueMap> maps) {
        if (maps.isEmpty()) {
            throw new IllegalArgumentException("maps: empty; give the type with the canonical constructor");
        }
        return new ValueSequence(new ValueType.SequenceType(maps.get(0).type()), List.copyOf(maps));
    }

    /**
     * Returns the number of elements.
     *
     * @return the size
     */
    public int size() {
        return elements.size();
    }

    @Override
    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public String toString() {
        return type + elements.toString();
    }
}
