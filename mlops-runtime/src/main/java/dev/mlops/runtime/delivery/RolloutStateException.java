// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.MlopsException;

/**
 * A rollout operation lost a race or does not apply to the rollout's phase: a second rollout started while one runs,
 * a promotion after the candidate was rolled back, a rollback of a finished rollout. Nothing was changed by the call
 * that threw; the message names the candidate and the phase it found.
 *
 * @since 0.2.0
 */
public final class RolloutStateException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /** The phase the operation found. */
    private final RolloutPhase phase;

    RolloutStateException(RolloutPhase phase, String message) {
        super(message);
        this.phase = phase;
    }

    /** @return the phase the refused operation found */
    public RolloutPhase phase() {
        return phase;
    }
}
