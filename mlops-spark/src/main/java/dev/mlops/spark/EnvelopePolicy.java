// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

/**
 * What {@link BundleScorer} does with a row outside a rejecting constraint of the model's operating envelope.
 *
 * <p>Rows are checked one by one before they are batched, so a bad row never fails the rows batched with it. Input
 * errors (a {@code null} cell, an array of the wrong length, a value the input's type cannot hold) give a per-row
 * error under both policies.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum EnvelopePolicy {
    /**
     * Fails the task, and so the job, with a {@link dev.mlops.api.EnvelopeViolationException} naming the input, the
     * feature, the value, the limit, the partition and the row.
     */
    FAIL,
    /**
     * Scores the other rows; the rejected row gets {@code null} outputs and an error column naming the violated
     * constraint.
     */
    NULL_WITH_ERROR
}
