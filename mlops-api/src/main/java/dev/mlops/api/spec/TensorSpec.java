// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A declared model input or output.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the tensor name, as in the ONNX graph
 * @param dtype the element type
 * @param shape the declared shape ({@code -1} for dynamic axes)
 * @param dimNames names of the axes ({@code ["batch", "feature"]}); empty, or one per axis
 * @param description what the tensor holds
 * @param unit the physical unit of its values
 * @param features names along the last axis; empty, or as many as the last axis when it is fixed
 * @param range bounds over the whole tensor
 * @param type the output's type: {@link ValueType.TensorType} of {@code dtype} for a tensor (every input is one), or
 *     a sequence or map type for an output such as scikit-learn's ZipMap probabilities; then {@code dtype} is its
 *     {@linkplain ValueType#elementType() element type}, the shape is empty and nothing describes axes or features
 * @since 0.1.0
 */
public record TensorSpec(
        String name,
        DataType dtype,
        Shape shape,
        List<String> dimNames,
        Optional<String> description,
        Optional<String> unit,
        List<String> features,
        Optional<ValueRange> range,
        ValueType type) {

    /**
     * Creates the spec of a tensor.
     *
     * @param name the tensor name
     * @param dtype the element type
     * @param shape the declared shape
     * @param dimNames names of the axes
     * @param description what the tensor holds
     * @param unit the physical unit of its values
     * @param features names along the last axis
     * @param range bounds over the whole tensor
     * @throws IllegalArgumentException naming the field that is inconsistent
     */
    public TensorSpec(String name, DataType dtype, Shape shape, List<String> dimNames, Optional<String> description,
            Optional<String> unit, List<String> features, Optional<ValueRange> range) {
        this(name, dtype, shape, dimNames, description, unit, features, range,
                new ValueType.TensorType(Objects.requireNonNull(dtype, "dtype")));
    }

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the field that is inconsistent
     */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        dimNames = List.copyOf(dimNames);
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(unit, "unit");
        features = List.copyOf(features);
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(type, "type");
        if (type.elementType() != dtype) {
            throw new IllegalArgumentException(name + ".dtype: " + dtype + " is not the element type of " + type);
        }
        if (!type.isTensor()) {
            String what = !shape.isScalar() ? "shape" : !dimNames.isEmpty() ? "dimNames"
                    : !features.isEmpty() ? "features" : range.isPresent() ? "range" : "";
            if (!what.isEmpty()) {
                throw new IllegalArgumentException(name + "." + what + ": a " + type + " is not a tensor and has no "
                        + what);
            }
        }
        if (!dimNames.isEmpty() && dimNames.size() != shape.rank()) {
            throw new IllegalArgumentException(name + ".dimNames: " + dimNames.size()
                    + " names for a shape of rank " + shape.rank());
        }
        if (!features.isEmpty()) {
            if (shape.isScalar()) {
                throw new IllegalArgumentException(name + ".features: a scalar has no feature axis");
            }
            long last = shape.dimension(shape.rank() - 1);
            if (last != Shape.DYNAMIC && last != features.size()) {
                throw new IllegalArgumentException(name + ".features: " + features.size()
                        + " names for a last axis of size " + last);
            }
        }
    }

    /**
     * Creates a spec with only a name, type and shape.
     *
     * @param name the tensor name
     * @param dtype the element type
     * @param dimensions the shape, {@code -1} for dynamic axes
     * @return the spec
     */
    public static TensorSpec of(String name, DataType dtype, long... dimensions) {
        return new TensorSpec(name, dtype, Shape.of(dimensions), List.of(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty());
    }

    /**
     * Creates the spec of a sequence or map output.
     *
     * @param name the output name
     * @param type its type, for example {@code ValueType.parse("sequence<map<int64,float32>>")}
     * @return the spec, with the type's element type as {@code dtype} and no shape
     * @since 0.2.0
     */
    public static TensorSpec of(String name, ValueType type) {
        return new TensorSpec(name, type.elementType(), Shape.scalar(), List.of(), Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), type);
    }

    /**
     * Tells whether this declares a tensor rather than a sequence or map.
     *
     * @return {@code true} for a tensor
     * @since 0.2.0
     */
    public boolean isTensor() {
        return type.isTensor();
    }

    /**
     * Returns a copy with feature names along the last axis.
     *
     * @param featureNames the names
     * @return the new spec
     */
    public TensorSpec withFeatures(String... featureNames) {
        return new TensorSpec(name, dtype, shape, dimNames, description, unit, List.of(featureNames), range, type);
    }

    /**
     * Returns a copy with a value range.
     *
     * @param min the least value
     * @param max the greatest value
     * @return the new spec
     */
    public TensorSpec withRange(double min, double max) {
        return new TensorSpec(name, dtype, shape, dimNames, description, unit, features,
                Optional.of(new ValueRange(min, max)), type);
    }

    /**
     * Returns a copy with a unit.
     *
     * @param newUnit the unit, for example {@code "celsius"}
     * @return the new spec
     */
    public TensorSpec withUnit(String newUnit) {
        return new TensorSpec(name, dtype, shape, dimNames, description, Optional.of(newUnit), features, range, type);
    }

    /**
     * Returns a copy with a description.
     *
     * @param text the description
     * @return the new spec
     */
    public TensorSpec withDescription(String text) {
        return new TensorSpec(name, dtype, shape, dimNames, Optional.of(text), unit, features, range, type);
    }

    /**
     * Returns a copy with axis names.
     *
     * @param names one name per axis
     * @return the new spec
     */
    public TensorSpec withDimNames(String... names) {
        return new TensorSpec(name, dtype, shape, List.of(names), description, unit, features, range, type);
    }

    /**
     * Finds the index of a feature along the last axis.
     *
     * @param feature the feature name
     * @return its index, or -1 when not declared
     */
    public int featureIndex(String feature) {
        return features.indexOf(feature);
    }
}
