// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Shrinkable;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** A generated tensor before it is built: its shape and its elements with their simpler candidates. Immutable. */
final class Draft {
    private final TensorPlan plan;
    private final long[] shape;
    private final List<Shrinkable<Object>> elements;

    Draft(TensorPlan plan, long[] shape, List<Shrinkable<Object>> elements) {
        this.plan = plan;
        this.shape = shape.clone();
        this.elements = List.copyOf(elements);
    }

    TensorPlan plan() {
        return plan;
    }

    long dim(int axis) {
        return shape[axis];
    }

    Tensor tensor() {
        int n = elements.size();
        long[] s = shape;
        switch (plan.dtype()) {
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float[] a = new float[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Float) elements.get(i).value();
                }
                return switch (plan.dtype()) {
                    case FLOAT16 -> Tensor.ofFloat16(a, s);
                    case BFLOAT16 -> Tensor.ofBFloat16(a, s);
                    default -> Tensor.ofFloats(a, s);
                };
            }
            case FLOAT64 -> {
                double[] a = new double[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Double) elements.get(i).value();
                }
                return Tensor.ofDoubles(a, s);
            }
            case INT8, UINT8 -> {
                byte[] a = new byte[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (byte) (long) (Long) elements.get(i).value();
                }
                return plan.dtype() == dev.mlops.api.spec.DataType.INT8 ? Tensor.ofInt8(a, s) : Tensor.ofUint8(a, s);
            }
            case INT16 -> {
                short[] a = new short[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (short) (long) (Long) elements.get(i).value();
                }
                return Tensor.ofShorts(a, s);
            }
            case INT32 -> {
                int[] a = new int[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (int) (long) (Long) elements.get(i).value();
                }
                return Tensor.ofInts(a, s);
            }
            case INT64 -> {
                long[] a = new long[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Long) elements.get(i).value();
                }
                return Tensor.ofLongs(a, s);
            }
            case BOOL -> {
                boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (Boolean) elements.get(i).value();
                }
                return Tensor.ofBooleans(a, s);
            }
            case STRING -> {
                String[] a = new String[n];
                for (int i = 0; i < n; i++) {
                    a[i] = (String) elements.get(i).value();
                }
                return Tensor.ofStrings(a, s);
            }
            default -> throw new IllegalStateException("unknown dtype " + plan.dtype());
        }
    }

    /** The part of this tensor with indices {@code [start, start + length)} along an axis. */
    Draft slice(int axis, int start, int length) {
        long outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        long inner = 1;
        for (int a = axis + 1; a < shape.length; a++) {
            inner *= shape[a];
        }
        long d = shape[axis];
        List<Shrinkable<Object>> kept = new ArrayList<>((int) (outer * length * inner));
        for (long o = 0; o < outer; o++) {
            for (long j = start; j < start + length; j++) {
                for (long in = 0; in < inner; in++) {
                    kept.add(elements.get((int) ((o * d + j) * inner + in)));
                }
            }
        }
        long[] s = shape.clone();
        s[axis] = length;
        return new Draft(plan, s, kept);
    }

    /** Slices of a free axis of size {@code d > 1}: each single index (first first), then the first half. */
    Stream<Draft> slices(int axis) {
        int d = (int) shape[axis];
        if (d <= 1) {
            return Stream.empty();
        }
        return Stream.concat(IntStream.range(0, d).mapToObj(k -> slice(axis, k, 1)),
                Stream.of(d / 2).filter(h -> h > 1).map(h -> slice(axis, 0, h)));
    }

    /** Simpler drafts: smaller free axes (the batch too unless it is shared), then simpler elements. */
    Stream<Draft> shrinks(boolean includeBatch) {
        Stream<Draft> smaller = IntStream.range(includeBatch ? 0 : 1, shape.length)
                .filter(plan::isFree).boxed().flatMap(this::slices);
        Stream<Draft> simpler = IntStream.range(0, elements.size()).boxed()
                .flatMap(i -> elements.get(i).shrinks().map(s -> {
                    List<Shrinkable<Object>> copy = new ArrayList<>(elements);
                    copy.set(i, s);
                    return new Draft(plan, shape, copy);
                }));
        return Stream.concat(smaller, simpler);
    }
}
