// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * An input lies outside the model's operating envelope and the constraint's action is {@code reject}.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class EnvelopeViolationException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String input;
    private final String feature;
    private final double value;
    private final double limit;

    /**
     * Creates the exception.
     *
     * @param input the input tensor name
     * @param feature the feature name, or {@code ""} when the constraint covers the whole tensor
     * @param value the offending value
     * @param limit the limit it crossed
     * @param message the full message, naming input, feature, value and limit
     */
    public EnvelopeViolationException(String input, String feature, double value, double limit, String message) {
        super(message);
        this.input = Objects.requireNonNull(input, "input");
        this.feature = Objects.requireNonNull(feature, "feature");
        this.value = value;
        this.limit = limit;
    }

    /** @return the input tensor name */
    public String input() {
        return input;
    }

    /** @return the feature name, or {@code ""} for a whole-tensor constraint */
    public String feature() {
        return feature;
    }

    /** @return the offending value */
    public double value() {
        return value;
    }

    /** @return the limit that was crossed */
    public double limit() {
        return limit;
    }
}
