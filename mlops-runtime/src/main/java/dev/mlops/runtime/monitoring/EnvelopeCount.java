// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.spec.ConstraintAction;
import java.util.Objects;

/**
 * How often one constraint of a model's operating envelope was crossed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param input the constrained input
 * @param feature the constrained feature, or {@code ""} for a constraint over the whole tensor
 * @param constraint the constraint, described as {@code input 'x' feature 'celsius' in [-40.0, 100.0]}
 * @param action {@code REJECT}: the calls failed; {@code WARN}: they were served
 * @param requests the calls with at least one value outside
 * @param values the values outside: for a reject constraint the calls (a call fails at its first value outside),
 *     for a warn constraint every value outside
 * @since 0.2.0
 */
public record EnvelopeCount(String input, String feature, String constraint, ConstraintAction action, long requests,
        long values) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     * @throws IllegalArgumentException when a count is negative
     */
    public EnvelopeCount {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(constraint, "constraint");
        Objects.requireNonNull(action, "action");
        if (requests < 0 || values < 0) {
            throw new IllegalArgumentException(constraint + ": counts " + requests + ", " + values + " must not be "
                    + "negative");
        }
    }
}
