// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import dev.mlops.api.MlopsException;

/**
 * Two task providers have the same name; the message names both classes.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class DuplicateTaskException extends MlopsException {
    private static final long serialVersionUID = 1L;

    DuplicateTaskException(String task, String first, String second) {
        super("two tasks are named '" + task + "': " + first + " and " + second + "; rename one or remove its jar"
                + " from the class path");
    }
}
