// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

/**
 * Counters of a {@link BatchedModel} since it was wrapped; the warm-up runs are not counted.
 *
 * <p>Thread safety: an immutable record; a snapshot whose counters are read one after another, not atomically.
 *
 * @param requests requests admitted (they passed the checks and were run or queued)
 * @param rows rows in those requests
 * @param batches runs of the wrapped model, one per batch
 * @param largestBatchRows the most rows one run held
 * @param rejectedInputs requests refused by the checks before batching (names, dtype, shape, envelope, non-finite)
 * @param rejectedQueueFull requests refused with {@link BatchQueueFullException}
 * @param failedBatches runs of the wrapped model that failed
 * @since 0.2.0
 */
public record BatchStats(long requests, long rows, long batches, long largestBatchRows, long rejectedInputs,
        long rejectedQueueFull, long failedBatches) {

    /**
     * Checks the counters.
     *
     * @throws IllegalArgumentException naming a negative counter
     */
    public BatchStats {
        requireNonNegative("requests", requests);
        requireNonNegative("rows", rows);
        requireNonNegative("batches", batches);
        requireNonNegative("largestBatchRows", largestBatchRows);
        requireNonNegative("rejectedInputs", rejectedInputs);
        requireNonNegative("rejectedQueueFull", rejectedQueueFull);
        requireNonNegative("failedBatches", failedBatches);
    }

    private static void requireNonNegative(String field, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(field + ": " + value + " must be >= 0");
        }
    }

    /**
     * Returns the mean number of rows per run of the wrapped model.
     *
     * @return {@code rows / batches}, or 0 before the first batch
     */
    public double meanBatchRows() {
        return batches == 0 ? 0 : (double) rows / batches;
    }
}
