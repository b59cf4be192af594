// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.util.Objects;

/**
 * The drift test of one input feature over one window of requests, against the training statistics in the bundle.
 *
 * <p>The decision is a test ({@link DriftTest}: Kolmogorov-Smirnov for a numeric feature, chi-square for a
 * categorical one): {@code drifted} when {@code pValue < threshold}, where the threshold is the monitor's
 * family-wise {@code alpha} divided by the number of features tested (Bonferroni), so that a window drawn from the
 * training distribution alarms on any feature with probability at most {@code alpha}. The
 * population stability index is reported beside it and decides nothing. See {@code docs/deployment/monitoring.md}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param input the input tensor
 * @param feature the feature name, or its index along the last axis as text
 * @param window the window's sequence number for the model, from 1
 * @param values the feature's values present (not NaN) in the window: the test's sample size
 * @param test the test that decided
 * @param distance the distance between the window and the training sample, in {@code [0, 1]}: the KS distance
 *     between their CDFs, or for a categorical feature the total variation distance between their shares
 * @param pValue the test's p-value, two-sample (the size of the training sample counts), in {@code [0, 1]}
 * @param threshold the p-value below which the feature counts as drifted
 * @param drifted whether {@code pValue < threshold}
 * @param psi the population stability index over the training histogram's bins plus two overflow bins (or the
 *     categories plus one for values training never saw), smoothed
 * @since 0.2.0
 */
public record DriftVerdict(String input, String feature, long window, long values, DriftTest test, double distance,
        double pValue, double threshold, boolean drifted, double psi) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     * @throws IllegalArgumentException when a number is outside its range
     */
    public DriftVerdict {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(test, "test");
        if (window < 1 || values < 1) {
            throw new IllegalArgumentException("window " + window + ", values " + values + ": expected >= 1");
        }
        if (!(distance >= 0 && distance <= 1) || !(pValue >= 0 && pValue <= 1)
                || !(threshold > 0 && threshold < 1) || !(psi >= 0)) {
            throw new IllegalArgumentException("distance " + distance + ", p " + pValue + ", threshold " + threshold
                    + ", psi " + psi + ": out of range");
        }
    }
}
