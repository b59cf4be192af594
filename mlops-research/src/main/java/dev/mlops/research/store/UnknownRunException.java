// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * No run has the id asked for. The message names the run and the store.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class UnknownRunException extends RunStoreException {
    private static final long serialVersionUID = 1L;

    /** The id asked for. */
    private final String runId;

    /**
     * Creates an exception.
     *
     * @param storeUrl the store's URL, password redacted
     * @param runId the id asked for
     * @since 0.2.0
     */
    public UnknownRunException(String storeUrl, String runId) {
        super(storeUrl, "no run has the id '" + runId + "'");
        this.runId = runId;
    }

    /**
     * Returns the id asked for.
     *
     * @return the run id
     * @since 0.2.0
     */
    public String runId() {
        return runId;
    }
}
