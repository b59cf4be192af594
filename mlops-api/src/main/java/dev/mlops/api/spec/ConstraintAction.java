// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Optional;

/**
 * What happens when an input leaves the operating envelope.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ConstraintAction {
    /** Refuse the request with an {@link dev.mlops.api.EnvelopeViolationException}. */
    REJECT("reject"),
    /** Serve it, log a warning (rate-limited) and count it. */
    WARN("warn");

    private final String jsonName;

    ConstraintAction(String jsonName) {
        this.jsonName = jsonName;
    }

    /** @return the name used in {@code metadata.json} */
    public String jsonName() {
        return jsonName;
    }

    /**
     * Looks an action up by its JSON name.
     *
     * @param name {@code "reject"} or {@code "warn"}
     * @return the action, or empty when unknown
     */
    public static Optional<ConstraintAction> fromJsonName(String name) {
        for (ConstraintAction a : values()) {
            if (a.jsonName.equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return jsonName;
    }
}
