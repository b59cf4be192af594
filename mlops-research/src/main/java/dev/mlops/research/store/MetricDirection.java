// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * Which way a metric improves: accuracy and AUC are better higher, losses and errors lower.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum MetricDirection {
    /** A larger value is better (accuracy, AUC, F1). */
    HIGHER,
    /** A smaller value is better (MSE, RMSE, log loss). */
    LOWER;

    /**
     * Tells whether one value is strictly better than another.
     *
     * @param candidate the value that may be better
     * @param than the value to beat
     * @return {@code true} when {@code candidate} is strictly better
     * @since 0.2.0
     */
    public boolean isBetter(double candidate, double than) {
        return this == HIGHER ? candidate > than : candidate < than;
    }
}
