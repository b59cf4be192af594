// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One bound of the operating envelope: "input {@code temperature}, feature {@code celsius}, at most 100".
 *
 * <p>Immutable and thread-safe.
 *
 * @param input the constrained input tensor
 * @param feature the feature along its last axis; empty to constrain every element
 * @param min the least value served, if bounded below
 * @param max the greatest value served, if bounded above
 * @param action what to do with a value outside
 * @param message a human explanation shown with a violation
 * @since 0.1.0
 */
public record Constraint(
        String input,
        Optional<String> feature,
        OptionalDouble min,
        OptionalDouble max,
        ConstraintAction action,
        Optional<String> message) {

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when no bound is given or {@code min > max}
     */
    public Constraint {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(feature, "feature");
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(message, "message");
        if (min.isEmpty() && max.isEmpty()) {
            throw new IllegalArgumentException("constraint on " + input + ": give min, max or both");
        }
        if (min.isPresent() && max.isPresent() && min.getAsDouble() > max.getAsDouble()) {
            throw new IllegalArgumentException("constraint on " + input + ": min " + min.getAsDouble()
                    + " is greater than max " + max.getAsDouble());
        }
    }

    /**
     * Creates a rejecting constraint on one feature with both bounds.
     *
     * @param input the input tensor
     * @param feature the feature along the input's last axis
     * @param min the least value served
     * @param max the greatest value served
     * @return the constraint
     */
    public static Constraint reject(String input, String feature, double min, double max) {
        return new Constraint(input, Optional.of(feature), OptionalDouble.of(min), OptionalDouble.of(max),
                ConstraintAction.REJECT, Optional.empty());
    }

    /**
     * Creates a rejecting constraint on every element of an input with both bounds.
     *
     * @param input the input tensor
     * @param min the least value served
     * @param max the greatest value served
     * @return the constraint
     */
    public static Constraint reject(String input, double min, double max) {
        return new Constraint(input, Optional.empty(), OptionalDouble.of(min), OptionalDouble.of(max),
                ConstraintAction.REJECT, Optional.empty());
    }

    /**
     * Returns a copy with another action.
     *
     * @param newAction the action
     * @return the new constraint
     */
    public Constraint withAction(ConstraintAction newAction) {
        return new Constraint(input, feature, min, max, newAction, message);
    }

    /**
     * Tells whether a value is inside the envelope. NaN is never inside.
     *
     * @param value the value
     * @return {@code true} when it satisfies both bounds
     */
    public boolean admits(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        return (min.isEmpty() || value >= min.getAsDouble()) && (max.isEmpty() || value <= max.getAsDouble());
    }
}
