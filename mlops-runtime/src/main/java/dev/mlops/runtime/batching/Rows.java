// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.internal.Tensors;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;

/** Row operations on tensors along their first axis: concatenate, slice, repeat, and scans. Stateless. */
final class Rows {
    private Rows() {
    }

    /** @return the number of elements in one row of {@code t} (the product of every dimension but the first) */
    static int rowSize(long[] shape) {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n *= shape[i];
        }
        return Math.toIntExact(n);
    }

    /** The values of a tensor as the primitive (or string) array its dtype stores them in; a copy. */
    static Object array(Tensor t) {
        return switch (t.dtype()) {
            case FLOAT32, FLOAT16, BFLOAT16 -> t.toFloatArray();
            case FLOAT64 -> t.toDoubleArray();
            case INT8, UINT8 -> t.toByteArray();
            case INT16 -> t.toShortArray();
            case INT32 -> t.toIntArray();
            case INT64 -> t.toLongArray();
            case BOOL -> t.toBooleanArray();
            case STRING -> t.toStringArray();
        };
    }

    private static Object newArray(DataType d, int n) {
        return switch (d) {
            case FLOAT32, FLOAT16, BFLOAT16 -> new float[n];
            case FLOAT64 -> new double[n];
            case INT8, UINT8 -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case INT64 -> new long[n];
            case BOOL -> new boolean[n];
            case STRING -> filled(n);
        };
    }

    private static String[] filled(int n) {
        String[] a = new String[n];
        Arrays.fill(a, "");
        return a;
    }

    private static Tensor tensor(DataType d, Object a, long[] shape) {
        return switch (d) {
            case FLOAT32 -> Tensor.ofFloats((float[]) a, shape);
            case FLOAT16 -> Tensor.ofFloat16((float[]) a, shape);
            case BFLOAT16 -> Tensor.ofBFloat16((float[]) a, shape);
            case FLOAT64 -> Tensor.ofDoubles((double[]) a, shape);
            case INT8 -> Tensor.ofInt8((byte[]) a, shape);
            case UINT8 -> Tensor.ofUint8((byte[]) a, shape);
            case INT16 -> Tensor.ofShorts((short[]) a, shape);
            case INT32 -> Tensor.ofInts((int[]) a, shape);
            case INT64 -> Tensor.ofLongs((long[]) a, shape);
            case BOOL -> Tensor.ofBooleans((boolean[]) a, shape);
            case STRING -> Tensor.ofStrings((String[]) a, shape);
        };
    }

    /**
     * Stacks tensors of one dtype and equal trailing dimensions along the first axis.
     *
     * @param parts at least one tensor
     * @param rows the sum of their first dimensions
     * @return the stacked tensor
     */
    static Tensor concat(List<Tensor> parts, int rows) {
        Tensor first = parts.get(0);
        long[] shape = first.shape().clone();
        shape[0] = rows;
        int rowSize = rowSize(shape);
        Object out = newArray(first.dtype(), Math.multiplyExact(rows, rowSize));
        int at = 0;
        for (Tensor p : parts) {
            int n = p.size();
            System.arraycopy(array(p), 0, out, at, n);
            at += n;
        }
        return tensor(first.dtype(), out, shape);
    }

    /**
     * Cuts rows out of a tensor.
     *
     * @param values the tensor's values, as {@link #array} returns them
     * @param t the tensor
     * @param from the first row
     * @param rows how many rows
     * @return a tensor of {@code rows} rows and the same trailing dimensions
     */
    static Tensor slice(Object values, Tensor t, int from, int rows) {
        long[] shape = t.shape().clone();
        shape[0] = rows;
        int rowSize = rowSize(shape);
        Object out = newArray(t.dtype(), Math.multiplyExact(rows, rowSize));
        System.arraycopy(values, Math.multiplyExact(from, rowSize), out, 0, rows * rowSize);
        return tensor(t.dtype(), out, shape);
    }

    /**
     * Repeats a tensor's rows cyclically to {@code rows} rows.
     *
     * @param t a tensor with at least one row
     * @param rows the rows wanted
     * @return the tensor
     */
    static Tensor repeat(Tensor t, int rows) {
        long[] shape = t.shape().clone();
        int have = (int) shape[0];
        shape[0] = rows;
        int rowSize = rowSize(shape);
        Object values = array(t);
        Object out = newArray(t.dtype(), Math.multiplyExact(rows, rowSize));
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, (r % have) * rowSize, out, r * rowSize, rowSize);
        }
        return tensor(t.dtype(), out, shape);
    }

    /**
     * Builds one row of zeros for an input, each value clamped into the model's constraints on it, with every
     * dynamic dimension after the first set to 1.
     *
     * @param meta the model
     * @param spec the input
     * @return a tensor of one row
     */
    static Tensor zeroRow(ModelMetadata meta, TensorSpec spec) {
        Shape declared = spec.shape();
        long[] shape = new long[declared.rank()];
        shape[0] = 1;
        for (int i = 1; i < shape.length; i++) {
            long d = declared.dimension(i);
            shape[i] = d == Shape.DYNAMIC ? 1 : d;
        }
        int n = rowSize(shape);
        if (spec.dtype() == DataType.STRING) {
            return Tensor.ofStrings(filled(n), shape);
        }
        if (spec.dtype() == DataType.BOOL) {
            return Tensor.ofBooleans(new boolean[n], shape);
        }
        double[] values = new double[n];
        int last = shape.length > 1 ? (int) shape[shape.length - 1] : 1;
        for (Constraint c : meta.constraints()) {
            if (!c.input().equals(spec.name())) {
                continue;
            }
            int feature = c.feature().map(spec::featureIndex).orElse(-1);
            if (c.feature().isPresent() && (feature < 0 || shape.length < 2 || feature >= last)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (feature < 0 || i % last == feature) {
                    values[i] = clamp(values[i], c);
                }
            }
        }
        return Tensor.fromDoubles(spec.dtype(), values, shape);
    }

    private static double clamp(double v, Constraint c) {
        double out = v;
        if (c.min().isPresent() && out < c.min().getAsDouble()) {
            out = c.min().getAsDouble();
        }
        if (c.max().isPresent() && out > c.max().getAsDouble()) {
            out = c.max().getAsDouble();
        }
        return out;
    }

    /**
     * Fails on the first NaN or infinite value of a floating-point tensor.
     *
     * @param model the model, for the message
     * @param name the input's name
     * @param t the tensor
     * @throws InvalidInputException naming the model, the input, the element (flat and per axis) and the value
     */
    static void requireFinite(String model, String name, Tensor t) {
        int bad = firstNonFinite(t);
        if (bad >= 0) {
            throw new InvalidInputException(model + ": input '" + name + "' element " + bad + " (index "
                    + Tensors.position(bad, t.shape()) + ") is " + t.getDouble(bad)
                    + "; non-finite values are rejected before batching (NonFinitePolicy.REJECT)");
        }
    }

    /** @return whether a tensor holds no NaN and no infinity (always, for a dtype that is not floating point) */
    static boolean isFinite(Tensor t) {
        return firstNonFinite(t) < 0;
    }

    private static int firstNonFinite(Tensor t) {
        int bad = -1;
        switch (t.dtype()) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                FloatBuffer b = (FloatBuffer) t.readOnlyBuffer();
                for (int i = 0, n = b.limit(); i < n; i++) {
                    if (!Float.isFinite(b.get(i))) {
                        bad = i;
                        break;
                    }
                }
            }
            case FLOAT64 -> {
                DoubleBuffer b = (DoubleBuffer) t.readOnlyBuffer();
                for (int i = 0, n = b.limit(); i < n; i++) {
                    if (!Double.isFinite(b.get(i))) {
                        bad = i;
                        break;
                    }
                }
            }
            default -> {
                return -1;
            }
        }
        return bad;
    }
}
