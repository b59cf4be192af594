// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Map;
import java.util.Objects;

/**
 * Where a bundle's adequacy cases are and how closely outputs must match.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cases the bundle-relative path of the case file ({@code .jsonl} or the seed's {@code .csv})
 * @param tolerance the default tolerance
 * @param perOutput tolerances that override the default for named outputs
 * @since 0.1.0
 */
public record AdequacySpec(String cases, Tolerance tolerance, Map<String, Tolerance> perOutput) {
    /** Checks and copies the components. */
    public AdequacySpec {
        Objects.requireNonNull(cases, "cases");
        Objects.requireNonNull(tolerance, "tolerance");
        perOutput = Map.copyOf(perOutput);
    }

    /**
     * Returns the tolerance for one output.
     *
     * @param output the output name
     * @return its override, or the default
     */
    public Tolerance toleranceFor(String output) {
        return perOutput.getOrDefault(output, tolerance);
    }
}
