// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;

/**
 * The type of a model output as {@code metadata.json} writes it in {@code dtype}: a tensor's element type
 * ({@code float32}), or an ONNX sequence or map, as scikit-learn's converters write a classifier's probabilities
 * (a ZipMap: {@code sequence<map<int64,float32>>}).
 *
 * <p>The grammar: {@code TYPE = DTYPE | sequence<DTYPE> | sequence<map<KEY,DTYPE>> | map<KEY,DTYPE>}, with
 * {@code KEY} {@code int64} or {@code string} and {@code DTYPE} a {@link DataType} name; no spaces. A sequence of
 * {@code DTYPE} holds tensors of that element type; a map's values are scalars. These are what ONNX Runtime returns
 * for ONNX's sequence and map types.
 *
 * <p>Every implementation is an immutable record, safe to share between threads.
 *
 * @since 0.2.0
 */
public sealed interface ValueType permits ValueType.TensorType, ValueType.SequenceType, ValueType.MapType {

    /**
     * Returns the name {@code metadata.json} and case files use.
     *
     * @return for example {@code "float32"} or {@code "sequence<map<int64,float32>>"}
     */
    String jsonName();

    /**
     * Returns the element type at the bottom: a tensor's dtype, a sequence's element's, a map's value type.
     *
     * @return the element type
     */
    DataType elementType();

    /**
     * Tells whether this is a tensor type.
     *
     * @return {@code true} for a {@link TensorType}
     */
    default boolean isTensor() {
        return this instanceof TensorType;
    }

    /**
     * Reads a type name.
     *
     * @param name a name such as {@code "int64"} or {@code "sequence<map<int64,float32>>"}
     * @return the type
     * @throws IllegalArgumentException naming what is wrong and the grammar
     */
    static ValueType parse(String name) {
        Objects.requireNonNull(name, "name");
        if (name.startsWith("sequence<") && name.endsWith(">")) {
            ValueType element = parse(name.substring("sequence<".length(), name.length() - 1), name);
            if (element instanceof SequenceType) {
                throw bad(name, "a sequence of sequences is not supported");
            }
            return new SequenceType(element);
        }
        return parse(name, name);
    }

    private static ValueType parse(String part, String whole) {
        if (part.startsWith("map<") && part.endsWith(">")) {
            String inner = part.substring("map<".length(), part.length() - 1);
            int comma = inner.indexOf(',');
            if (comma < 0) {
                throw bad(whole, "a map needs a key and a value type, map<KEY,DTYPE>");
            }
            DataType key = DataType.fromJsonName(inner.substring(0, comma))
                    .orElseThrow(() -> bad(whole, "unknown map key type '" + inner.substring(0, comma) + "'"));
            DataType value = DataType.fromJsonName(inner.substring(comma + 1))
                    .orElseThrow(() -> bad(whole, "unknown map value type '" + inner.substring(comma + 1) + "'"));
            try {
                return new MapType(key, value);
            } catch (IllegalArgumentException e) {
                throw bad(whole, String.valueOf(e.getMessage()));
            }
        }
        if (part.startsWith("sequence<")) {
            return parse(part);
        }
        return DataType.fromJsonName(part).<ValueType>map(TensorType::new)
                .orElseThrow(() -> bad(whole, "unknown dtype '" + part + "'"));
    }

    private static IllegalArgumentException bad(String name, String problem) {
        return new IllegalArgumentException("'" + name + "' is not a dtype: " + problem + " (known: "
                + DataType.knownNames() + ", sequence<DTYPE>, sequence<map<KEY,DTYPE>>, map<KEY,DTYPE> with KEY int64"
                + " or string)");
    }

    /**
     * A tensor of one element type.
     *
     * @param dtype the element type
     * @since 0.2.0
     */
    record TensorType(DataType dtype) implements ValueType {
        /**
         * Checks the component.
         *
         * @throws NullPointerException when {@code dtype} is {@code null}
         */
        public TensorType {
            Objects.requireNonNull(dtype, "dtype");
        }

        @Override
        public String jsonName() {
            return dtype.jsonName();
        }

        @Override
        public DataType elementType() {
            return dtype;
        }

        @Override
        public String toString() {
            return jsonName();
        }
    }

    /**
     * A sequence of tensors or of maps.
     *
     * @param element the type of every element
     * @since 0.2.0
     */
    record SequenceType(ValueType element) implements ValueType {
        /**
         * Checks the component.
         *
         * @throws IllegalArgumentException when {@code element} is itself a sequence
         */
        public SequenceType {
            Objects.requireNonNull(element, "element");
            if (element instanceof SequenceType) {
                throw new IllegalArgumentException("element: a sequence of sequences is not supported");
            }
        }

        @Override
        public String jsonName() {
            return "sequence<" + element.jsonName() + ">";
        }

        @Override
        public DataType elementType() {
            return element.elementType();
        }

        @Override
        public String toString() {
            return jsonName();
        }
    }

    /**
     * A map from scalar keys to scalar values.
     *
     * @param key the key type, {@code int64} or {@code string}
     * @param value the value type: {@code float32}, {@code float64}, {@code int64} or {@code string}
     * @since 0.2.0
     */
    record MapType(DataType key, DataType value) implements ValueType {
        /**
         * Checks the components.
         *
         * @throws IllegalArgumentException when the key or value type is one ONNX maps do not have
         */
        public MapType {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key != DataType.INT64 && key != DataType.STRING) {
                throw new IllegalArgumentException("key: " + key + " is not a map key type (int64 or string)");
            }
            if (value != DataType.FLOAT32 && value != DataType.FLOAT64 && value != DataType.INT64
                    && value != DataType.STRING) {
                throw new IllegalArgumentException("value: " + value + " is not a map value type (float32, float64,"
                        + " int64 or string)");
            }
        }

        @Override
        public String jsonName() {
            return "map<" + key.jsonName() + "," + value.jsonName() + ">";
        }

        @Override
        public DataType elementType() {
            return value;
        }

        @Override
        public String toString() {
            return jsonName();
        }
    }
}
