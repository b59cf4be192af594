// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.FeatureStatistics;
import java.util.Objects;
import java.util.Optional;

/**
 * One feature of an input or output as served, side by side with the training statistics.
 *
 * <p>{@code live} has the fields of the bundle's {@code statistics}: count, missing, min, max, mean, population
 * standard deviation (exact, streamed), the 101 percentiles (from a KLL sketch, rank error under 1%), and a histogram:
 * on the training histogram's edges when the bundle has them (exact counts of the values inside; values outside are
 * {@code belowRange} and {@code aboveRange}), otherwise ten equal-width bins between the live minimum and maximum,
 * estimated from the sketch.
 *
 * <p>Immutable and thread-safe.
 *
 * @param tensor the input or output name
 * @param feature the feature name, or its index along the last axis as text
 * @param count the values seen, missing ones included
 * @param missing the values that are NaN or infinite
 * @param live the statistics of the values present; empty while there are none
 * @param belowRange values below the training histogram's first edge (0 without training statistics)
 * @param aboveRange values above its last edge (0 without training statistics)
 * @param training the training statistics from the bundle, when it has them for this feature
 * @param lastVerdict the drift test of the last window that tested this feature (inputs only)
 * @param windowsTested the windows that tested this feature
 * @param windowsDrifted the windows in which it counted as drifted
 * @since 0.2.0
 */
public record FeatureSnapshot(String tensor, String feature, long count, long missing,
        Optional<FeatureStatistics.Numeric> live, long belowRange, long aboveRange,
        Optional<FeatureStatistics> training, Optional<DriftVerdict> lastVerdict, long windowsTested,
        long windowsDrifted) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     * @throws IllegalArgumentException when a count is negative
     */
    public FeatureSnapshot {
        Objects.requireNonNull(tensor, "tensor");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(training, "training");
        Objects.requireNonNull(lastVerdict, "lastVerdict");
        if (count < 0 || missing < 0 || missing > count || belowRange < 0 || aboveRange < 0 || windowsTested < 0
                || windowsDrifted < 0 || windowsDrifted > windowsTested) {
            throw new IllegalArgumentException(tensor + "." + feature + ": inconsistent counts");
        }
    }
}
