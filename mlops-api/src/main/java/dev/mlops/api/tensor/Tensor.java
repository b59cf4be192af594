// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.tensor;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ValueType;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable, typed, row-major tensor value: the unit {@link dev.mlops.api.RuntimeModel#predict} takes and returns.
 *
 * <p>Storage by type: float32, float16 and bfloat16 as {@code float[]}; float64 {@code double[]}; int8 and uint8
 * {@code byte[]} (uint8 as raw bits); int16 {@code short[]}; int32 {@code int[]}; int64 {@code long[]}; bool
 * {@code boolean[]}; string {@code String[]}. Factories and accessors copy arrays, so a tensor never changes.
 * Instances are thread-safe.
 *
 * @since 0.1.0
 */
public final class Tensor implements Value {
    private final DataType dtype;
    private final long[] shape;
    private final Object data;
    private final int size;

    private Tensor(DataType dtype, long[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long n = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0) {
                throw new IllegalArgumentException("shape[" + i + "]: " + shape[i]
                        + " is not a size (a tensor value has concrete dimensions >= 0)");
            }
            n = Math.multiplyExact(n, shape[i]);
        }
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but " + length + " were given");
        }
        this.size = length;
    }

    /**
     * Creates a float32 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions; none for a scalar
     * @return the tensor
     */
    public static Tensor ofFloats(float[] data, long... shape) {
        return new Tensor(DataType.FLOAT32, shape, data.clone(), data.length);
    }

    /**
     * Creates a float16 tensor from float values (rounded to half precision by the engine).
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofFloat16(float[] data, long... shape) {
        return new Tensor(DataType.FLOAT16, shape, data.clone(), data.length);
    }

    /**
     * Creates a bfloat16 tensor from float values (rounded by the engine).
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofBFloat16(float[] data, long... shape) {
        return new Tensor(DataType.BFLOAT16, shape, data.clone(), data.length);
    }

    /**
     * Creates a float64 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofDoubles(double[] data, long... shape) {
        return new Tensor(DataType.FLOAT64, shape, data.clone(), data.length);
    }

    /**
     * Creates an int8 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofInt8(byte[] data, long... shape) {
        return new Tensor(DataType.INT8, shape, data.clone(), data.length);
    }

    /**
     * Creates a uint8 tensor from raw bits ({@code (byte) 255} is 255).
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofUint8(byte[] data, long... shape) {
        return new Tensor(DataType.UINT8, shape, data.clone(), data.length);
    }

    /**
     * Creates an int16 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofShorts(short[] data, long... shape) {
        return new Tensor(DataType.INT16, shape, data.clone(), data.length);
    }

    /**
     * Creates an int32 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofInts(int[] data, long... shape) {
        return new Tensor(DataType.INT32, shape, data.clone(), data.length);
    }

    /**
     * Creates an int64 tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofLongs(long[] data, long... shape) {
        return new Tensor(DataType.INT64, shape, data.clone(), data.length);
    }

    /**
     * Creates a bool tensor.
     *
     * @param data the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofBooleans(boolean[] data, long... shape) {
        return new Tensor(DataType.BOOL, shape, data.clone(), data.length);
    }

    /**
     * Creates a string tensor.
     *
     * @param data the elements, row-major, none {@code null}
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofStrings(String[] data, long... shape) {
        String[] copy = data.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == null) {
                throw new NullPointerException("string element " + i + " is null");
            }
        }
        return new Tensor(DataType.STRING, shape, copy, copy.length);
    }

    /**
     * Creates a float32 matrix {@code [rows, columns]} from rows of equal length.
     *
     * @param rows the rows, at least one
     * @return the tensor
     * @throws IllegalArgumentException when rows differ in length
     */
    public static Tensor ofMatrix(float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " columns, row 0 has " + cols);
            }
            System.arraycopy(rows[r], 0, flat, r * cols, cols);
        }
        return new Tensor(DataType.FLOAT32, new long[] {rows.length, cols}, flat, flat.length);
    }

    /**
     * Creates a tensor of any type from values widened to double (integers must be whole and in range).
     *
     * @param dtype the element type; not string or bool
     * @param values the elements, row-major
     * @param shape the dimensions
     * @return the tensor
     * @throws IllegalArgumentException when a value does not fit the type
     */
    public static Tensor fromDoubles(DataType dtype, double[] values, long... shape) {
        int n = values.length;
        switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (float) values[i];
                }
                return new Tensor(dtype, shape, a, n);
            }
            case FLOAT64 -> {
                return new Tensor(dtype, shape, values.clone(), n);
            }
            case INT8, UINT8 -> {
                long lo = dtype == DataType.INT8 ? Byte.MIN_VALUE : 0;
                long hi = dtype == DataType.INT8 ? Byte.MAX_VALUE : 255;
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) whole(dtype, i, values[i], lo, hi);
                }
                return new Tensor(dtype, shape, a, n);
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) whole(dtype, i, values[i], Short.MIN_VALUE, Short.MAX_VALUE);
                }
                return new Tensor(dtype, shape, a, n);
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) whole(dtype, i, values[i], Integer.MIN_VALUE, Integer.MAX_VALUE);
                }
                return new Tensor(dtype, shape, a, n);
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = whole(dtype, i, values[i], Long.MIN_VALUE, Long.MAX_VALUE);
                }
                return new Tensor(dtype, shape, a, n);
            }
            default -> throw new IllegalArgumentException(dtype + " elements are not numbers");
        }
    }

    private static long whole(DataType dtype, int index, double v, long lo, long hi) {
        if (v != Math.rint(v) || Double.isInfinite(v) || v < lo || v > hi) {
            throw new IllegalArgumentException("element " + index + ": " + v + " is not a " + dtype + " (whole number in ["
                    + lo + ", " + hi + "])");
        }
        return (long) v;
    }

    /** @return the element type */
    public DataType dtype() {
        return dtype;
    }

    /** @return a copy of the dimensions */
    public long[] shape() {
        return shape.clone();
    }

    /** @return the number of axes */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements */
    public int size() {
        return size;
    }

    /**
     * Returns one element as a double, for comparison and envelope checks.
     *
     * @param index the row-major element index
     * @return the value; bool gives 0 or 1; uint8 is unsigned
     * @throws UnsupportedOperationException for string tensors
     */
    public double getDouble(int index) {
        Objects.checkIndex(index, size);
        return switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> ((float[]) data)[index];
            case FLOAT64 -> ((double[]) data)[index];
            case INT8 -> ((byte[]) data)[index];
            case UINT8 -> Byte.toUnsignedInt(((byte[]) data)[index]);
            case INT16 -> ((short[]) data)[index];
            case INT32 -> ((int[]) data)[index];
            case INT64 -> ((long[]) data)[index];
            case BOOL -> ((boolean[]) data)[index] ? 1 : 0;
            case STRING -> throw new UnsupportedOperationException("string tensor has no numeric elements");
        };
    }

    /**
     * Returns one element in its natural boxed form (Float, Double, Byte, Short, Integer, Long, Boolean, String).
     *
     * @param index the row-major element index
     * @return the element; uint8 as an Integer 0..255
     */
    public Object get(int index) {
        Objects.checkIndex(index, size);
        return switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> ((float[]) data)[index];
            case FLOAT64 -> ((double[]) data)[index];
            case INT8 -> ((byte[]) data)[index];
            case UINT8 -> Byte.toUnsignedInt(((byte[]) data)[index]);
            case INT16 -> ((short[]) data)[index];
            case INT32 -> ((int[]) data)[index];
            case INT64 -> ((long[]) data)[index];
            case BOOL -> ((boolean[]) data)[index];
            case STRING -> ((String[]) data)[index];
        };
    }

    /**
     * Returns a read-only view of the elements, without copying: a {@code FloatBuffer} for float32, float16 and
     * bfloat16, {@code DoubleBuffer}, {@code ByteBuffer} for int8 and uint8, {@code ShortBuffer}, {@code IntBuffer},
     * {@code LongBuffer}. For handing the data to an engine that copies it anyway.
     *
     * @return a read-only buffer positioned at the first element
     * @throws IllegalStateException for bool and string tensors, which have no primitive buffer form
     */
    public java.nio.Buffer readOnlyBuffer() {
        return switch (dtype) {
            case FLOAT32, FLOAT16, BFLOAT16 -> java.nio.FloatBuffer.wrap((float[]) data).asReadOnlyBuffer();
            case FLOAT64 -> java.nio.DoubleBuffer.wrap((double[]) data).asReadOnlyBuffer();
            case INT8, UINT8 -> java.nio.ByteBuffer.wrap((byte[]) data).asReadOnlyBuffer();
            case INT16 -> java.nio.ShortBuffer.wrap((short[]) data).asReadOnlyBuffer();
            case INT32 -> java.nio.IntBuffer.wrap((int[]) data).asReadOnlyBuffer();
            case INT64 -> java.nio.LongBuffer.wrap((long[]) data).asReadOnlyBuffer();
            case BOOL, STRING -> throw new IllegalStateException(dtype + " tensors have no primitive buffer form");
        };
    }

    /** @return a copy of float32/float16/bfloat16 elements */
    public float[] toFloatArray() {
        return ((float[]) expect(DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16)).clone();
    }

    /** @return a copy of float64 elements */
    public double[] toDoubleArray() {
        return ((double[]) expect(DataType.FLOAT64)).clone();
    }

    /** @return a copy of int8/uint8 elements as raw bytes */
    public byte[] toByteArray() {
        return ((byte[]) expect(DataType.INT8, DataType.UINT8)).clone();
    }

    /** @return a copy of int16 elements */
    public short[] toShortArray() {
        return ((short[]) expect(DataType.INT16)).clone();
    }

    /** @return a copy of int32 elements */
    public int[] toIntArray() {
        return ((int[]) expect(DataType.INT32)).clone();
    }

    /** @return a copy of int64 elements */
    public long[] toLongArray() {
        return ((long[]) expect(DataType.INT64)).clone();
    }

    /** @return a copy of bool elements */
    public boolean[] toBooleanArray() {
        return ((boolean[]) expect(DataType.BOOL)).clone();
    }

    /** @return a copy of string elements */
    public String[] toStringArray() {
        return ((String[]) expect(DataType.STRING)).clone();
    }

    /**
     * Returns every numeric element widened to double.
     *
     * @return the elements
     * @throws UnsupportedOperationException for string tensors
     */
    public double[] toDoubles() {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = getDouble(i);
        }
        return out;
    }

    /**
     * Returns a float rank-2 tensor as rows.
     *
     * @return {@code float[rows][columns]}
     * @throws IllegalStateException when the tensor is not a float32 matrix
     */
    public float[][] toMatrix() {
        if (dtype != DataType.FLOAT32 || shape.length != 2) {
            throw new IllegalStateException("toMatrix needs a float32 tensor of rank 2, this is " + this);
        }
        float[] flat = (float[]) data;
        int rows = (int) shape[0];
        int cols = (int) shape[1];
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(flat, r * cols, out[r], 0, cols);
        }
        return out;
    }

    private Object expect(DataType... allowed) {
        for (DataType t : allowed) {
            if (t == dtype) {
                return data;
            }
        }
        throw new IllegalStateException("tensor is " + dtype + ", not " + Arrays.toString(allowed));
    }

    /**
     * Returns the tensor's type.
     *
     * @return a {@link ValueType.TensorType} of this tensor's dtype
     * @since 0.2.0
     */
    @Override
    public ValueType type() {
        return new ValueType.TensorType(dtype);
    }

    /**
     * Tells whether the tensor has no element (a dimension is 0).
     *
     * @return {@code true} when {@link #size()} is 0
     * @since 0.2.0
     */
    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Tensor t) || t.dtype != dtype || !Arrays.equals(t.shape, shape)) {
            return false;
        }
        return Arrays.deepEquals(new Object[] {data}, new Object[] {t.data});
    }

    @Override
    public int hashCode() {
        return 31 * (31 * dtype.hashCode() + Arrays.hashCode(shape)) + Arrays.deepHashCode(new Object[] {data});
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder().append(dtype).append(Arrays.toString(shape)).append(' ');
        int shown = Math.min(size, 8);
        sb.append('[');
        for (int i = 0; i < shown; i++) {
            sb.append(i == 0 ? "" : ", ").append(get(i));
        }
        return sb.append(size > shown ? ", ...]" : "]").toString();
    }
}
