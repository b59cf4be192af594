// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;

/** A tensor's elements being filled in one at a time, in the storage {@link Tensor} uses for the type. */
final class TensorData {
    private final DataType dtype;
    private final Object array;

    TensorData(DataType dtype, int size) {
        this.dtype = dtype;
        this.array = switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> new float[size];
            case FLOAT64 -> new double[size];
            case INT8, UINT8 -> new byte[size];
            case INT16 -> new short[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case BOOL -> new boolean[size];
            case STRING -> new String[size];
        };
    }

    DataType dtype() {
        return dtype;
    }

    void setFloat(int i, float v) {
        ((float[]) array)[i] = v;
    }

    void setDouble(int i, double v) {
        ((double[]) array)[i] = v;
    }

    /** Stores an integer already checked to be in the type's range. */
    void setLong(int i, long v) {
        switch (dtype) {
            case INT8, UINT8 -> ((byte[]) array)[i] = (byte) v;
            case INT16 -> ((short[]) array)[i] = (short) v;
            case INT32 -> ((int[]) array)[i] = (int) v;
            case INT64 -> ((long[]) array)[i] = v;
            default -> throw new IllegalStateException(dtype + " is not an integer type");
        }
    }

    void setBoolean(int i, boolean v) {
        ((boolean[]) array)[i] = v;
    }

    void setString(int i, String v) {
        ((String[]) array)[i] = v;
    }

    Tensor build(long[] shape) {
        return switch (dtype) {
            case FLOAT32 -> Tensor.ofFloats((float[]) array, shape);
            case FLOAT16 -> Tensor.ofFloat16((float[]) array, shape);
            case BFLOAT16 -> Tensor.ofBFloat16((float[]) array, shape);
            case FLOAT64 -> Tensor.ofDoubles((double[]) array, shape);
            case INT8 -> Tensor.ofInt8((byte[]) array, shape);
            case UINT8 -> Tensor.ofUint8((byte[]) array, shape);
            case INT16 -> Tensor.ofShorts((short[]) array, shape);
            case INT32 -> Tensor.ofInts((int[]) array, shape);
            case INT64 -> Tensor.ofLongs((long[]) array, shape);
            case BOOL -> Tensor.ofBooleans((boolean[]) array, shape);
            case STRING -> Tensor.ofStrings((String[]) array, shape);
        };
    }
}
