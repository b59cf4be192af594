// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import ai.onnxruntime.MapInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import ai.onnxruntime.ValueInfo;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import java.util.Optional;

/** Maps ONNX element and value types to the SDK's {@link DataType} and {@link ValueType}. */
public final class OnnxTypes {
    private OnnxTypes() {
    }

    /**
     * Maps an ONNX element type.
     *
     * @param t the ONNX type
     * @return the SDK type, or empty for types the SDK does not serve (complex, float8, int4 ...)
     */
    public static Optional<DataType> toDataType(OnnxTensorType t) {
        return Optional.ofNullable(switch (t) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FLOAT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FLOAT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BFLOAT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.STRING;
            default -> null;
        });
    }

    /**
     * Maps the Java element type ONNX Runtime reports for sequences and maps.
     *
     * @param t the Java type
     * @return the SDK type, or empty for an unknown one
     */
    public static Optional<DataType> toDataType(OnnxJavaType t) {
        return Optional.ofNullable(switch (t) {
            case FLOAT -> DataType.FLOAT32;
            case DOUBLE -> DataType.FLOAT64;
            case FLOAT16 -> DataType.FLOAT16;
            case BFLOAT16 -> DataType.BFLOAT16;
            case INT8 -> DataType.INT8;
            case UINT8 -> DataType.UINT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case BOOL -> DataType.BOOL;
            case STRING -> DataType.STRING;
            default -> null;
        });
    }

    /**
     * Reads the type of a graph input or output as {@code metadata.json} would declare it.
     *
     * @param info what ONNX Runtime reports
     * @return the type; empty when the SDK has no name for it (an optional, a sequence of sequences, a map with a key
     *     or value type ONNX maps do not have here)
     */
    public static Optional<ValueType> toValueType(ValueInfo info) {
        try {
            if (info instanceof TensorInfo t) {
                return toDataType(t.onnxType).map(ValueType.TensorType::new);
            }
            if (info instanceof MapInfo m) {
                return map(m);
            }
            if (info instanceof SequenceInfo s) {
                if (s.isSequenceOfMaps()) {
                    return map(s.mapInfo).map(ValueType.SequenceType::new);
                }
                return toDataType(s.sequenceType).map(d -> new ValueType.SequenceType(new ValueType.TensorType(d)));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // a key or value type MapType refuses
        }
        return Optional.empty();
    }

    private static Optional<ValueType> map(MapInfo m) {
        Optional<DataType> key = toDataType(m.keyType);
        Optional<DataType> value = toDataType(m.valueType);
        if (key.isEmpty() || value.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ValueType.MapType(key.get(), value.get()));
    }

    /**
     * Describes an ONNX element type for messages.
     *
     * @param t the ONNX type
     * @return the SDK name, or the ONNX name when the SDK does not serve it
     */
    public static String describe(OnnxTensorType t) {
        return toDataType(t).map(DataType::jsonName).orElse(t.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "")
                .toLowerCase(java.util.Locale.ROOT));
    }
}
