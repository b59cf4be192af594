// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.MlopsException;

/**
 * An executor's copy of a bundle is not the delivery the driver read: another bundle, a tampered file, or a copy that
 * cannot be read. The task fails before any row is scored.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class DeliveryMismatchException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String location;

    /** A copy that holds another delivery, named in {@code message}. */
    DeliveryMismatchException(String location, String expected, String message) {
        super(text(location, expected, message));
        this.expected = expected;
        this.location = location;
    }

    /** A copy that fails verification: {@code cause} says which file and how. */
    DeliveryMismatchException(String location, String expected, String message, Throwable cause) {
        super(text(location, expected, message), cause);
        this.expected = expected;
        this.location = location;
    }

    private static String text(String location, String expected, String message) {
        return location + ": expected delivery " + expected + " (the one the driver read), but " + message;
    }

    /**
     * Returns the delivery id the driver read.
     *
     * @return the expected delivery id, {@code sha256:...}
     */
    public String expected() {
        return expected;
    }

    /**
     * Returns where the executor read its copy.
     *
     * @return the copy's location and host
     */
    public String location() {
        return location;
    }
}
