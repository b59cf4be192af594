// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import java.util.Objects;

/**
 * One reason a candidate does not satisfy a query: which criterion and what the candidate declares instead, for
 * example {@code CAPABILITY} and {@code "area is [Jerusalem, Beit-Shemesh], not Hebron"}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param criterion the part of the query the candidate fails
 * @param reason what the candidate declares and what the query wanted
 * @since 0.2.0
 */
public record Rejection(Criterion criterion, String reason) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code reason} is blank
     */
    public Rejection {
        Objects.requireNonNull(criterion, "criterion");
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason: must not be blank (criterion " + criterion + ")");
        }
    }

    @Override
    public String toString() {
        return reason;
    }

    /**
     * The parts of a {@link Query} a candidate can fail.
     *
     * @since 0.2.0
     */
    public enum Criterion {
        /** The model name. */
        NAME,
        /** The model version range. */
        VERSION,
        /** A capability key and its values. */
        CAPABILITY,
        /** The metadata schema version. */
        SCHEMA_VERSION,
        /** The least SDK version the model declares ({@code runtime.minSdkVersion}). */
        SDK,
        /** The execution providers the model declares ({@code runtime.providers}). */
        PROVIDERS,
        /** The delivery id. */
        DELIVERY_ID,
        /** The build id. */
        BUILD_ID,
        /** The metric the query ranks by: missing, ambiguous or not a number. */
        METRIC
    }
}
