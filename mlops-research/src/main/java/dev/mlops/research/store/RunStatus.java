// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.Locale;

/**
 * Where a run stands. A run is {@link #RUNNING} from {@link RunStore#start} until {@link RunStore#finish} makes it
 * {@link #SUCCEEDED} or {@link #FAILED}; a finished run never changes again.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum RunStatus {
    /** Started and not finished yet (or its process ended without finishing it). */
    RUNNING,
    /** Finished without error. */
    SUCCEEDED,
    /** Finished with an error, whose text the run record holds. */
    FAILED;

    /**
     * Returns the name stored in the {@code runs.status} column.
     *
     * @return {@code "running"}, {@code "succeeded"} or {@code "failed"}
     * @since 0.2.0
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Reads a stored status.
     *
     * @param wireName {@code "running"}, {@code "succeeded"} or {@code "failed"}
     * @return the status
     * @throws IllegalArgumentException naming the value and the three expected ones
     * @since 0.2.0
     */
    public static RunStatus fromWireName(String wireName) {
        for (RunStatus s : values()) {
            if (s.wireName().equals(wireName)) {
                return s;
            }
        }
        throw new IllegalArgumentException("run status '" + wireName + "': expected running, succeeded or failed");
    }
}
