// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;
import dev.mlops.research.gate.GateResult;

/**
 * The {@code verify} task's metric gate did not pass: the candidate regressed, or cannot be compared with its baseline.
 * The message is the gate's report: each metric, the candidate's and the baseline's values and the allowed bound.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class GateFailedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable record of strings, numbers and lists
    private final GateResult result;

    GateFailedException(GateResult result) {
        super("metric gate: " + result.report());
        this.result = result;
    }

    /**
     * Returns the gate's result.
     *
     * @return a {@link GateResult.Regression} or {@link GateResult.NotComparable}
     * @since 0.2.0
     */
    public GateResult result() {
        return result;
    }
}
