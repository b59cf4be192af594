// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.runtime.serving.ServedVersion;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Counts of a rollout since it started, per arm, and of its shadow work. Immutable; taken by
 * {@link Delivery#snapshot()} while traffic runs, so the counts of different arms may be a few calls apart.
 *
 * @param phase the phase when taken
 * @param stable the version that served when the rollout started
 * @param candidate the version tried
 * @param arms {@code stable} then {@code candidate}; calls made through the serving handle while baking count for the
 *     candidate
 * @param shadow the shadow work (all zero for a canary)
 * @param windows how many windows were checked
 * @since 0.2.0
 */
public record RolloutSnapshot(RolloutPhase phase, ServedVersion stable, ServedVersion candidate, List<ArmStats> arms,
        ShadowStats shadow, int windows) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public RolloutSnapshot {
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(stable, "stable");
        Objects.requireNonNull(candidate, "candidate");
        arms = List.copyOf(arms);
        Objects.requireNonNull(shadow, "shadow");
    }

    /**
     * Returns an arm's counts.
     *
     * @param name {@code stable} or {@code candidate}
     * @return the arm
     * @throws IllegalArgumentException when there is no arm of that name
     */
    public ArmStats arm(String name) {
        return arms.stream().filter(a -> a.arm().equals(name)).findFirst().orElseThrow(
                () -> new IllegalArgumentException("no arm '" + name + "'; arms: "
                        + arms.stream().map(ArmStats::arm).toList()));
    }

    /**
     * One arm's counts since the rollout started.
     *
     * @param arm {@code stable} or {@code candidate}
     * @param version the version that answers for the arm
     * @param requests calls that ended (with an answer or an exception)
     * @param errorsByType calls that threw, by the exception's simple class name (envelope rejections excepted)
     * @param envelopeRejections calls rejected by the operating envelope
     * @param p50Ms the median latency in milliseconds (within about 5%), empty without calls
     * @param p99Ms the 99th percentile latency in milliseconds (within about 5%), empty without calls
     * @since 0.2.0
     */
    public record ArmStats(String arm, ServedVersion version, long requests, Map<String, Long> errorsByType,
            long envelopeRejections, OptionalDouble p50Ms, OptionalDouble p99Ms) {
        /**
         * Checks and copies the components.
         *
         * @throws NullPointerException naming the component that is {@code null}
         */
        public ArmStats {
            Objects.requireNonNull(arm, "arm");
            Objects.requireNonNull(version, "version");
            errorsByType = Map.copyOf(errorsByType);
            Objects.requireNonNull(p50Ms, "p50Ms");
            Objects.requireNonNull(p99Ms, "p99Ms");
        }

        /** @return the calls that threw, envelope rejections excepted */
        public long errors() {
            return errorsByType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * The shadow work since the rollout started.
     *
     * @param submitted requests copied to the candidate (queued)
     * @param compared shadow calls where both the serving version and the candidate answered
     * @param disagreements compared calls whose answers differ by more than the candidate's adequacy tolerance
     * @param timeouts shadow calls that ran past the shadow timeout
     * @param failures shadow calls where the candidate threw (envelope rejections included)
     * @param dropped requests not copied because the shadow queue was full
     * @since 0.2.0
     */
    public record ShadowStats(long submitted, long compared, long disagreements, long timeouts, long failures,
            long dropped) {
    }
}
