// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.MlopsException;

/**
 * The CLI ran out of a resource (heap) on its input: exit 2, with the limit to raise, never "a case failed".
 */
final class ResourceLimitException extends MlopsException {
    private static final long serialVersionUID = 1L;

    ResourceLimitException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The exception for an {@link OutOfMemoryError} while the verb worked on {@code what}. */
    static ResourceLimitException outOfMemory(String what, OutOfMemoryError e) {
        long maxMib = Runtime.getRuntime().maxMemory() >> 20;
        return new ResourceLimitException(what + ": ran out of memory (" + e.getMessage() + ") with a maximum heap of "
                + maxMib + " MiB; raise it with -Xmx (for example java -Xmx" + Math.max(1, maxMib * 2 / 1024 + 1)
                + "g -jar mlops.jar, or JAVA_OPTS=-Xmx... for bin/mlops), or make the bundle's files (adequacy cases)"
                + " smaller", e);
    }
}
