// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

/**
 * How a run ended.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum RunStatus {
    /** The task returned normally. */
    SUCCEEDED,
    /** The task threw. */
    FAILED
}
