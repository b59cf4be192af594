// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.spec.Tolerance;
import dev.mlops.runtime.serving.ServedVersion;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One rollout: the candidate's lease, the plan, the phase, the current window and the totals. The fields marked
 * "decisions" are read and written only under {@link Delivery}'s decision lock; the counters are lock-free.
 */
final class Trial {
    final Lease lease;
    final ServedVersion stable;
    final RolloutPlan plan;
    final AtomicReference<Counters.Window> window;
    final Counters.ArmTotals stableTotals = new Counters.ArmTotals();
    final Counters.ArmTotals candidateTotals = new Counters.ArmTotals();
    final Counters.ShadowTotals shadow = new Counters.ShadowTotals();
    /** Draws for canary calls without a key. */
    final AtomicLong draws = new AtomicLong();
    /** Runs shadow calls; {@code null} for a canary. Shut down when the trial leaves {@link RolloutPhase#SHADOW}. */
    final @Nullable ThreadPoolExecutor shadowPool;

    /** Written under the decision lock, read by calls to route. */
    volatile RolloutPhase phase;

    // decisions
    int passes;
    int fails;
    volatile int windowsChecked;
    Map<Metric, Double> baseline = Map.of();
    boolean ownerHeld = true;
    @Nullable ScheduledFuture<?> ticker;

    Trial(Lease lease, ServedVersion stable, RolloutPlan plan, @Nullable ThreadPoolExecutor shadowPool) {
        this.lease = lease;
        this.stable = stable;
        this.plan = plan;
        this.shadowPool = shadowPool;
        this.phase = plan.mode();
        this.window = new AtomicReference<>(new Counters.Window(1, plan.mode() == RolloutPhase.SHADOW));
    }

    Counters.Window window() {
        Counters.Window w = window.get();
        if (w == null) {
            throw new IllegalStateException("no window");
        }
        return w;
    }

    /** The tolerance a shadow answer is compared with: the candidate's adequacy tolerance for the output. */
    Tolerance tolerance(String output) {
        return lease.model.metadata().adequacy().map(a -> a.toleranceFor(output)).orElse(Tolerance.DEFAULT);
    }

    RolloutSnapshot snapshot() {
        return new RolloutSnapshot(phase, stable, lease.served, List.of(
                arm("stable", stable, stableTotals), arm("candidate", lease.served, candidateTotals)),
                shadow.stats(), windowsChecked);
    }

    private static RolloutSnapshot.ArmStats arm(String name, ServedVersion v, Counters.ArmTotals t) {
        OptionalDouble p50 = t.latency.quantileMillis(0.5);
        OptionalDouble p99 = t.latency.quantileMillis(0.99);
        return new RolloutSnapshot.ArmStats(name, v, t.requests.sum(), t.errorsByType(), t.envelope.sum(), p50, p99);
    }
}
