// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.MlopsException;
import java.util.List;

/**
 * A bundle failed its adequacy cases on an executor, so that executor scores no row. It carries the report as text:
 * a task's failure reaches the driver through Java serialization, which {@link AdequacyFailureException} does not
 * survive (its {@code AdequacyReport} is not serializable), so the executor throws this instead, with the report's
 * description in its message and the failed case ids, and without the original as its cause.
 *
 * <p>Thread safety: its fields are final and immutable; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class ExecutorAdequacyException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String location;
    private final String deliveryId;
    @SuppressWarnings("serial") // an immutable List.copyOf list of strings, which serializes
    private final List<String> failedCases;

    /** The executor's failure, as text; the original's stack trace is kept. */
    ExecutorAdequacyException(String location, String deliveryId, AdequacyFailureException failure) {
        super(location + ": delivery " + deliveryId + " fails its adequacy cases on this executor, so it scores"
                + " no row: " + failure.getMessage());
        this.location = location;
        this.deliveryId = deliveryId;
        this.failedCases = List.copyOf(failure.failedCases());
        setStackTrace(failure.getStackTrace());
    }

    /**
     * Returns where the executor read the bundle.
     *
     * @return the copy's location and host
     */
    public String location() {
        return location;
    }

    /**
     * Returns the delivery that failed.
     *
     * @return the delivery id, {@code sha256:...}
     */
    public String deliveryId() {
        return deliveryId;
    }

    /**
     * Returns the failed case ids.
     *
     * @return the ids of the cases that failed, in file order
     */
    public List<String> failedCases() {
        return failedCases;
    }
}
