// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.runtime.serving.ServedVersion;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A decision, or a notable fact, of a rollout, with the numbers behind it. Delivered to the listeners registered with
 * {@link Delivery#addListener} and logged through SLF4J (logger {@code dev.mlops.runtime.delivery.Delivery}: checks at
 * DEBUG, promotions and completions at INFO, failed checks, rollbacks, refusals and overload at WARN). Immutable.
 *
 * @since 0.2.0
 */
public sealed interface RolloutEvent permits RolloutEvent.Started, RolloutEvent.Refused, RolloutEvent.CheckPassed,
        RolloutEvent.CheckFailed, RolloutEvent.ShadowOverloaded, RolloutEvent.Promoted, RolloutEvent.Completed,
        RolloutEvent.RolledBack {

    /** @return when the event happened */
    Instant at();

    /**
     * A rollout started: the candidate loaded, passed its adequacy gate and matches the serving version.
     *
     * @param at when it started
     * @param stable the version serving
     * @param candidate the version tried
     * @param mode {@link RolloutPhase#SHADOW} or {@link RolloutPhase#CANARY}
     * @param plan the plan, as {@link RolloutPlan#toString()} prints it
     * @since 0.2.0
     */
    record Started(Instant at, ServedVersion stable, ServedVersion candidate, RolloutPhase mode, String plan)
            implements RolloutEvent {
        /** Checks the components. */
        public Started {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(stable, "stable");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(plan, "plan");
        }
    }

    /**
     * A candidate that a repository watch found was not tried: it did not load or pass its gate, did not match the
     * serving version, or another rollout was running.
     *
     * @param at when it was refused
     * @param candidate the bundle path
     * @param reason why, with the error's message
     * @since 0.2.0
     */
    record Refused(Instant at, String candidate, String reason) implements RolloutEvent {
        /** Checks the components. */
        public Refused {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A window passed.
     *
     * @param at when it was checked
     * @param candidate the version tried
     * @param check the window's values, thresholds and verdicts
     * @param consecutive consecutive passing windows so far, this one included
     * @param required consecutive passing windows that promote (in a trial) or complete the bake (while baking)
     * @since 0.2.0
     */
    record CheckPassed(Instant at, ServedVersion candidate, WindowCheck check, int consecutive, int required)
            implements RolloutEvent {
        /** Checks the components. */
        public CheckPassed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(check, "check");
        }
    }

    /**
     * A window failed.
     *
     * @param at when it was checked
     * @param candidate the version tried
     * @param check the window's values, thresholds and verdicts
     * @param consecutive consecutive failed checks so far, this one included
     * @param required consecutive failed checks that roll back
     * @since 0.2.0
     */
    record CheckFailed(Instant at, ServedVersion candidate, WindowCheck check, int consecutive, int required)
            implements RolloutEvent {
        /** Checks the components. */
        public CheckFailed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(check, "check");
        }
    }

    /**
     * Shadow requests were dropped in a window because the shadow queue was full; the callers were not slowed.
     *
     * @param at when the window closed
     * @param candidate the version tried
     * @param dropped requests dropped in the window
     * @param queueCapacity the shadow queue's capacity
     * @since 0.2.0
     */
    record ShadowOverloaded(Instant at, ServedVersion candidate, long dropped, int queueCapacity)
            implements RolloutEvent {
        /** Checks the components. */
        public ShadowOverloaded {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * The candidate was promoted: the serving handle swapped to it, and its bake began.
     *
     * @param at when the swap took effect
     * @param from the version that served before, kept for rollback by the serving handle
     * @param to the candidate, serving now
     * @param reason {@code consecutive passing windows N/N} or {@code promoted on demand}
     * @since 0.2.0
     */
    record Promoted(Instant at, ServedVersion from, ServedVersion to, String reason) implements RolloutEvent {
        /** Checks the components. */
        public Promoted {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The promoted candidate passed its bake; the rollout is over and checks nothing more.
     *
     * @param at when the last bake window passed
     * @param candidate the version serving
     * @param bakeWindows the passing windows of its bake
     * @since 0.2.0
     */
    record Completed(Instant at, ServedVersion candidate, int bakeWindows) implements RolloutEvent {
        /** Checks the components. */
        public Completed {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
        }
    }

    /**
     * The candidate was rolled back: dropped and closed (after its calls in flight) before promotion, or, after
     * promotion, the serving handle rolled back to the stable version.
     *
     * @param at when it took effect
     * @param candidate the version rolled back
     * @param serving the version serving now
     * @param phase the phase it was rolled back from
     * @param reason why: {@code N/N consecutive failed checks}, {@code rolled back on demand}, a refused promotion,
     *     or the handle closing
     * @param check the failed check that decided it, when a rule did
     * @since 0.2.0
     */
    record RolledBack(Instant at, ServedVersion candidate, ServedVersion serving, RolloutPhase phase, String reason,
            Optional<WindowCheck> check) implements RolloutEvent {
        /** Checks the components. */
        public RolledBack {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(candidate, "candidate");
            Objects.requireNonNull(serving, "serving");
            Objects.requireNonNull(phase, "phase");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(check, "check");
        }
    }
}
