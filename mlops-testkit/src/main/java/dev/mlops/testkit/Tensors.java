// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.OutputComparison;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;

/** Tensor surgery for the contracts: concatenation and slicing along axis 0, setting elements, differences. */
final class Tensors {
    private Tensors() {
    }

    /** Returns a copy of the tensor's backing array ({@code float[]}, {@code long[]}, ...). */
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

    /** Creates a tensor of the given type from a backing array of the matching Java type. */
    static Tensor of(DataType dtype, Object a, long[] shape) {
        return switch (dtype) {
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

    /** Concatenates tensors of one dtype and equal trailing dimensions along axis 0. */
    static Tensor concat(List<Tensor> parts) {
        Tensor first = parts.get(0);
        long[] shape = first.shape();
        long rows = 0;
        int total = 0;
        for (Tensor p : parts) {
            rows += p.shape()[0];
            total += p.size();
        }
        shape[0] = rows;
        Object first0 = array(first);
        Object out = Array.newInstance(first0.getClass().getComponentType(), total);
        int pos = 0;
        for (Tensor p : parts) {
            System.arraycopy(array(p), 0, out, pos, p.size());
            pos += p.size();
        }
        return of(first.dtype(), out, shape);
    }

    /** Returns rows {@code [from, to)} along axis 0. */
    static Tensor rows(Tensor t, long from, long to) {
        long[] shape = t.shape();
        int rowSize = shape[0] == 0 ? 0 : (int) (t.size() / shape[0]);
        Object a = array(t);
        Object out = Array.newInstance(a.getClass().getComponentType(), (int) (to - from) * rowSize);
        System.arraycopy(a, (int) from * rowSize, out, 0, (int) (to - from) * rowSize);
        shape[0] = to - from;
        return of(t.dtype(), out, shape);
    }

    /** Returns a copy with the chosen elements set to a value the dtype represents exactly. */
    static Tensor with(Tensor t, IntPredicate which, double value) {
        Object a = array(t);
        for (int i = 0; i < t.size(); i++) {
            if (!which.test(i)) {
                continue;
            }
            switch (t.dtype()) {
                case FLOAT32, FLOAT16, BFLOAT16 -> ((float[]) a)[i] = (float) value;
                case FLOAT64 -> ((double[]) a)[i] = value;
                case INT8, UINT8 -> ((byte[]) a)[i] = (byte) (long) value;
                case INT16 -> ((short[]) a)[i] = (short) value;
                case INT32 -> ((int[]) a)[i] = (int) value;
                case INT64 -> ((long[]) a)[i] = (long) value;
                default -> throw new IllegalArgumentException(t.dtype() + " elements are not numbers");
            }
        }
        return of(t.dtype(), a, t.shape());
    }

    /** Describes the first difference between two output maps, or returns {@code null} when they are equal. */
    static @Nullable String difference(Map<String, Tensor> first, Map<String, Tensor> second) {
        if (first.equals(second)) {
            return null;
        }
        TreeSet<String> names = new TreeSet<>(first.keySet());
        names.addAll(second.keySet());
        for (String name : names) {
            Tensor a = first.get(name);
            Tensor b = second.get(name);
            if (Objects.equals(a, b)) {
                continue;
            }
            if (a == null || b == null) {
                return "output '" + name + "' is " + (a == null ? "missing" : a) + " then "
                        + (b == null ? "missing" : b);
            }
            if (a.dtype() != b.dtype() || !Arrays.equals(a.shape(), b.shape())) {
                return "output '" + name + "' is " + a.dtype() + Arrays.toString(a.shape()) + " then " + b.dtype()
                        + Arrays.toString(b.shape());
            }
            for (int i = 0; i < a.size(); i++) {
                if (!Objects.equals(a.get(i), b.get(i))) {
                    return "output '" + name + "' element " + i + " " + OutputComparison.position(i, a.shape()) + " is "
                            + a.get(i) + " then " + b.get(i);
                }
            }
        }
        return "outputs differ";
    }
}
