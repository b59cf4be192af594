// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

/**
 * How one model version's inputs are tested for drift, and how often they alarmed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param alpha the family-wise false-alarm probability per window
 * @param windowRows the rows a window holds (at least; a request's rows all go in one window)
 * @param testedFeatures the input features with numeric training statistics: each is tested at
 *     {@code alpha / testedFeatures}
 * @param windows the windows completed
 * @param windowsDrifted the windows in which at least one feature counted as drifted
 * @since 0.2.0
 */
public record DriftSummary(double alpha, int windowRows, int testedFeatures, long windows, long windowsDrifted) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a number is outside its range
     */
    public DriftSummary {
        if (!(alpha > 0 && alpha < 1) || windowRows < 1 || testedFeatures < 0 || windows < 0 || windowsDrifted < 0
                || windowsDrifted > windows) {
            throw new IllegalArgumentException("alpha " + alpha + ", windowRows " + windowRows + ", testedFeatures "
                    + testedFeatures + ", windows " + windows + ", windowsDrifted " + windowsDrifted
                    + ": out of range");
        }
    }
}
