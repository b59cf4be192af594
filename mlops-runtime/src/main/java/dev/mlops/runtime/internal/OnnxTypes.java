// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.mlops.api.spec.DataType;
import java.util.Optional;

/** Maps ONNX element types to the SDK's {@link DataType}. */
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
