// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.util.Objects;

/**
 * Thrown by {@link Property} when a generated input breaks the property. The message names the property, the seed
 * (and how to replay it), the try that failed, the original and the shrunk input and the failure of the shrunk input;
 * that failure is also the {@linkplain #getCause() cause}.
 *
 * <p>Not serialized with its inputs (they are {@code transient}). Immutable once thrown; safe to read from any
 * thread.
 *
 * @since 0.1.0
 */
public final class PropertyFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final String property;
    private final long seed;
    private final int failedTry;
    private final int tries;
    private final int shrinkSteps;
    private final transient Object original;
    private final transient Object shrunk;

    PropertyFailure(String message, Throwable cause, String property, long seed, int failedTry, int tries,
            int shrinkSteps, Object original, Object shrunk) {
        super(message, cause);
        this.property = Objects.requireNonNull(property, "property");
        this.seed = seed;
        this.failedTry = failedTry;
        this.tries = tries;
        this.shrinkSteps = shrinkSteps;
        this.original = original;
        this.shrunk = shrunk;
    }

    /** @return the property's name */
    public String property() {
        return property;
    }

    /** @return the seed that replays this run, with {@code -Dmlops.seed=<seed>} or {@link Property#seed(long)} */
    public long seed() {
        return seed;
    }

    /** @return the 1-based number of the try that failed */
    public int failedTry() {
        return failedTry;
    }

    /** @return the number of tries the run was asked for */
    public int tries() {
        return tries;
    }

    /** @return how many times a simpler failing input was found */
    public int shrinkSteps() {
        return shrinkSteps;
    }

    /** @return the generated input that failed first */
    public Object original() {
        return original;
    }

    /** @return the simplest failing input found from the original */
    public Object shrunk() {
        return shrunk;
    }
}
