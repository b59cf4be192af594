// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

/**
 * Limits for generated tensors: how large a dynamic dimension may grow and whether floating-point tensors without a
 * declared range or constraint may hold NaN, infinities and extremes.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param maxBatch the largest batch (a dynamic first axis), at least 1
 * @param maxDim the largest size of any other dynamic axis, at least 1
 * @param allowNonFinite whether unconstrained floating-point tensors may hold NaN, {@code ±Infinity},
 *     {@code ±Float.MAX_VALUE}, {@code Float.MIN_VALUE} and {@code -0.0}
 * @since 0.1.0
 */
public record Bounds(int maxBatch, int maxDim, boolean allowNonFinite) {
    /** Batches up to 8, other dynamic axes up to 4, non-finite values allowed. */
    public static final Bounds DEFAULT = new Bounds(8, 4, true);

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when {@code maxBatch} or {@code maxDim} is less than 1
     */
    public Bounds {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch: " + maxBatch + " must be at least 1");
        }
        if (maxDim < 1) {
            throw new IllegalArgumentException("maxDim: " + maxDim + " must be at least 1");
        }
    }

    /**
     * The same limits with non-finite values forbidden or allowed.
     *
     * @param allow whether to allow them
     * @return the new bounds
     */
    public Bounds withNonFinite(boolean allow) {
        return new Bounds(maxBatch, maxDim, allow);
    }
}
