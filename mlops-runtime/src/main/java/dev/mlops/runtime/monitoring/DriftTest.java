// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

/**
 * The test that decided a {@link DriftVerdict}: by the kind of the feature's training statistics.
 *
 * @since 0.2.0
 */
public enum DriftTest {
    /**
     * A numeric feature (a histogram and, usually, percentiles): the Kolmogorov-Smirnov test against the training
     * CDF; the verdict's distance is the KS distance, the largest gap between the two CDFs.
     */
    KOLMOGOROV_SMIRNOV,
    /**
     * A categorical feature (counts per value): Pearson's chi-square test of homogeneity of the window's and the
     * training counts; the verdict's distance is the total variation distance, half the sum of the gaps between the
     * two samples' shares of each value.
     */
    CHI_SQUARE
}
