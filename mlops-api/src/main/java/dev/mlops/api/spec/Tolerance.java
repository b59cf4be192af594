// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

/**
 * How far an actual value may be from the expected one: {@code |actual - expected| <= absolute + relative * |expected|}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param absolute the absolute part, at least 0
 * @param relative the relative part, at least 0
 * @since 0.1.0
 */
public record Tolerance(double absolute, double relative) {
    /** The default when a bundle names none: absolute 1e-5, relative 1e-4. */
    public static final Tolerance DEFAULT = new Tolerance(1e-5, 1e-4);

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a part is negative or not finite
     */
    public Tolerance {
        if (!(absolute >= 0) || Double.isInfinite(absolute)) {
            throw new IllegalArgumentException("tolerance.absolute: " + absolute + " must be a finite number >= 0");
        }
        if (!(relative >= 0) || Double.isInfinite(relative)) {
            throw new IllegalArgumentException("tolerance.relative: " + relative + " must be a finite number >= 0");
        }
    }

    /**
     * Tells whether an actual value matches an expected one. NaN matches NaN; infinities match only themselves.
     *
     * @param expected the expected value
     * @param actual the actual value
     * @return {@code true} when within tolerance
     */
    public boolean accepts(double expected, double actual) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (Double.isInfinite(expected) || Double.isInfinite(actual)) {
            return expected == actual;
        }
        return Math.abs(actual - expected) <= absolute + relative * Math.abs(expected);
    }
}
