// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import java.time.Instant;
import java.util.Objects;

/**
 * A change, or a refused change, of the version a {@link ServingModel} serves. Delivered to the listeners registered
 * with {@link ServingModel#addListener} and logged through SLF4J (logger {@code dev.mlops.runtime.serving.ServingModel}).
 * Immutable.
 *
 * @since 0.2.0
 */
public sealed interface ServingEvent permits ServingEvent.Swapped, ServingEvent.SwapFailed, ServingEvent.RolledBack {

    /** @return when the change took effect, or when the candidate was refused */
    Instant at();

    /** @return the version serving after the event */
    ServedVersion serving();

    /**
     * A new version took traffic: every call that starts after this event is answered by {@code to}; calls already
     * in flight finish on {@code from}, which is kept as the previous version for {@link ServingModel#rollback()}.
     *
     * @param at when the switch took effect
     * @param from the version that served before
     * @param to the version that serves now
     * @param source the bundle path the new version was loaded from, or {@code model} for one handed in loaded
     * @since 0.2.0
     */
    record Swapped(Instant at, ServedVersion from, ServedVersion to, String source) implements ServingEvent {
        /**
         * Checks the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public Swapped {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(source, "source");
        }

        @Override
        public ServedVersion serving() {
            return to;
        }
    }

    /**
     * A candidate was refused; {@code serving} was untouched and never stopped answering.
     *
     * @param at when the candidate was refused
     * @param serving the version that served before and still serves
     * @param candidate the bundle path or model that was refused
     * @param cause the exception {@code swapTo} threw: its cause is the runtime's error (invalid bundle, signature
     *     mismatch, adequacy failure, closed runtime); without a cause, its message names the inputs and outputs that
     *     do not match the serving version
     * @since 0.2.0
     */
    record SwapFailed(Instant at, ServedVersion serving, String candidate, SwapFailedException cause)
            implements ServingEvent {
        /**
         * Checks the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public SwapFailed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(serving, "serving");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(cause, "cause");
        }
    }

    /**
     * The previous version took traffic back; {@code from} is closed once its calls in flight have finished.
     *
     * @param at when the switch took effect
     * @param from the version that served before the rollback
     * @param to the previous version, serving again
     * @since 0.2.0
     */
    record RolledBack(Instant at, ServedVersion from, ServedVersion to) implements ServingEvent {
        /**
         * Checks the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public RolledBack {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public ServedVersion serving() {
            return to;
        }
    }
}
