// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

/**
 * The outcome of one rule on one evaluation dataset.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum Verdict {
    /** The candidate meets the bound. */
    PASS,
    /** The candidate is worse than the bound allows, or its value is NaN. */
    REGRESSION
}
