// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

/**
 * Bounds over every element of a tensor, inclusive.
 *
 * <p>Immutable and thread-safe.
 *
 * @param min the least value expected
 * @param max the greatest value expected
 * @since 0.1.0
 */
public record ValueRange(double min, double max) {
    /**
     * Checks the bounds.
     *
     * @throws IllegalArgumentException when a bound is NaN or {@code min > max}
     */
    public ValueRange {
        if (Double.isNaN(min) || Double.isNaN(max)) {
            throw new IllegalArgumentException("range: min and max must be numbers");
        }
        if (min > max) {
            throw new IllegalArgumentException("range: min " + min + " is greater than max " + max);
        }
    }

    /**
     * Tells whether a value lies inside.
     *
     * @param value a value
     * @return {@code true} when {@code min <= value <= max}
     */
    public boolean contains(double value) {
        return value >= min && value <= max;
    }
}
