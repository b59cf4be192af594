// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * A run is not in the state an operation needs: finishing a run that already finished, or starting a run whose id is
 * taken. A finished run is never changed. The message names the run, its status and the store.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class RunStateException extends RunStoreException {
    private static final long serialVersionUID = 1L;

    /** The run at fault. */
    private final String runId;

    /**
     * Creates an exception.
     *
     * @param storeUrl the store's URL, password redacted
     * @param runId the run at fault
     * @param detail what is wrong with its state
     * @since 0.2.0
     */
    public RunStateException(String storeUrl, String runId, String detail) {
        super(storeUrl, "run '" + runId + "' " + detail);
        this.runId = runId;
    }

    /**
     * Returns the run at fault.
     *
     * @return the run id
     * @since 0.2.0
     */
    public String runId() {
        return runId;
    }
}
