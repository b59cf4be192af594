// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.Objects;

/**
 * The local environment failed while a bundle was staged: the staging directory cannot be created or written (disk
 * full, read-only, no permission). The bundle itself may be fine; opening it again where there is room can succeed.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class StagingException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final String path;

    /**
     * Creates the exception.
     *
     * @param path the local path that could not be written (the staging root, or a file inside it)
     * @param message what failed, for example {@code "cannot create a staging directory: No space left on device"}
     * @param cause the underlying failure
     */
    public StagingException(String path, String message, Throwable cause) {
        super(Objects.requireNonNull(path, "path") + ": " + Objects.requireNonNull(message, "message"), cause);
        this.path = path;
    }

    /**
     * Returns the path that could not be written.
     *
     * @return the local path at fault
     */
    public String path() {
        return path;
    }
}
