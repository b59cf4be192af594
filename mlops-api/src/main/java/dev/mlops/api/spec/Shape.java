// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A declared tensor shape: one entry per axis, {@value #DYNAMIC} for a dynamic axis; no entries for a scalar.
 *
 * <p>Immutable and thread-safe.
 *
 * @param dimensions the size of each axis, {@code -1} when dynamic
 * @since 0.1.0
 */
public record Shape(List<Long> dimensions) {
    /** The marker of a dynamic dimension. */
    public static final long DYNAMIC = -1L;

    /**
     * Checks that every dimension is {@code -1} or at least {@code 0}.
     *
     * @throws IllegalArgumentException naming the axis with an impossible size
     */
    public Shape {
        dimensions = List.copyOf(Objects.requireNonNull(dimensions, "dimensions"));
        for (int i = 0; i < dimensions.size(); i++) {
            long d = dimensions.get(i);
            if (d < DYNAMIC) {
                throw new IllegalArgumentException("shape[" + i + "]: " + d + " is not a dimension (use -1 for dynamic)");
            }
        }
    }

    /**
     * Creates a shape.
     *
     * @param dimensions the size of each axis, {@code -1} when dynamic
     * @return the shape
     */
    public static Shape of(long... dimensions) {
        List<Long> dims = new ArrayList<>(dimensions.length);
        for (long d : dimensions) {
            dims.add(d);
        }
        return new Shape(dims);
    }

    /**
     * Returns the shape of a scalar.
     *
     * @return a shape with no axes
     */
    public static Shape scalar() {
        return new Shape(List.of());
    }

    /** @return the number of axes */
    public int rank() {
        return dimensions.size();
    }

    /** @return whether this is the shape of a scalar */
    public boolean isScalar() {
        return dimensions.isEmpty();
    }

    /**
     * Returns one axis.
     *
     * @param axis the axis index
     * @return its size, or {@code -1} when dynamic
     */
    public long dimension(int axis) {
        return dimensions.get(axis);
    }

    /** @return whether any axis is dynamic */
    public boolean hasDynamicDimension() {
        return dimensions.contains(DYNAMIC);
    }

    /**
     * Returns the number of elements, when every axis is fixed.
     *
     * @return the element count, or empty when some axis is dynamic
     */
    public OptionalLong elementCount() {
        long n = 1;
        for (long d : dimensions) {
            if (d == DYNAMIC) {
                return OptionalLong.empty();
            }
            n = Math.multiplyExact(n, d);
        }
        return OptionalLong.of(n);
    }

    /**
     * Tells whether a concrete shape fits this declared one: same rank, equal fixed axes.
     *
     * @param concrete the actual dimensions of a tensor
     * @return {@code true} when the concrete shape is an instance of this one
     */
    public boolean accepts(long[] concrete) {
        if (concrete.length != dimensions.size()) {
            return false;
        }
        for (int i = 0; i < concrete.length; i++) {
            long d = dimensions.get(i);
            if (d != DYNAMIC && d != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    /** @return the dimensions as an array */
    public long[] toArray() {
        long[] a = new long[dimensions.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = dimensions.get(i);
        }
        return a;
    }

    @Override
    public String toString() {
        return dimensions.toString();
    }
}
