// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

/**
 * Where a rollout stands. {@link #SHADOW} and {@link #CANARY} are trials (the stable version serves, the candidate is
 * tried beside it); {@link #BAKING} follows promotion (the candidate serves and is still checked);
 * {@link #COMPLETED} and {@link #ROLLED_BACK} are final.
 *
 * @since 0.2.0
 */
public enum RolloutPhase {
    /** The candidate receives a copy of each request; its answers are compared and never returned. */
    SHADOW,
    /** The candidate answers a weighted share of requests. */
    CANARY,
    /** The candidate was promoted and serves every request; the rules are still checked. */
    BAKING,
    /** The candidate passed its bake and serves; the rollout no longer checks anything. */
    COMPLETED,
    /** The candidate was dropped (before promotion) or the serving handle rolled back to the stable version. */
    ROLLED_BACK;

    /** @return whether the rollout is over */
    public boolean isFinal() {
        return this == COMPLETED || this == ROLLED_BACK;
    }
}
