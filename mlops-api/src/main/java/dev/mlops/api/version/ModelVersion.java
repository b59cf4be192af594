// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's version, {@code MAJOR.MINOR.PIPELINE}.
 *
 * <ul>
 *   <li>MAJOR: data or target changed incompatibly; consumers must adapt.</li>
 *   <li>MINOR: a better model with the same contract.</li>
 *   <li>PIPELINE: the training pipeline changed, the contract did not.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param major data/target incompatibility
 * @param minor better model
 * @param pipeline training pipeline changed
 * @since 0.1.0
 */
public record ModelVersion(int major, int minor, int pipeline) implements Comparable<ModelVersion> {
    /** The largest part, so that every version reads back from its text (at most nine digits). */
    public static final int MAX_PART = 999_999_999;

    private static final Pattern FORMAT =
            Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a part is negative or above {@link #MAX_PART}
     */
    public ModelVersion {
        if (major < 0 || minor < 0 || pipeline < 0 || major > MAX_PART || minor > MAX_PART || pipeline > MAX_PART) {
            throw new IllegalArgumentException("model version parts must be 0 to " + MAX_PART + ": "
                    + major + "." + minor + "." + pipeline);
        }
    }

    /**
     * Parses {@code MAJOR.MINOR.PIPELINE}.
     *
     * @param text for example {@code "1.4.2"}
     * @return the version
     * @throws IllegalArgumentException when the text is not three dot-separated non-negative integers
     */
    public static ModelVersion parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a model version (expected MAJOR.MINOR.PIPELINE, e.g. 1.0.0)");
        }
        return new ModelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)));
    }

    /**
     * Tells whether a consumer written for {@code other} can use this version: same major, not older.
     *
     * @param other the version the consumer was written for
     * @return {@code true} when the majors match and {@code this >= other}
     */
    public boolean isCompatibleWith(ModelVersion other) {
        return major == other.major && compareTo(other) >= 0;
    }

    /**
     * Tells whether this version is the same as or newer than another.
     *
     * @param other a version such as {@code "1.2.0"}
     * @return {@code true} when {@code this >= other}
     */
    public boolean isAtLeast(String other) {
        return compareTo(parse(other)) >= 0;
    }

    @Override
    public int compareTo(ModelVersion o) {
        int c = Integer.compare(major, o.major);
        if (c == 0) {
            c = Integer.compare(minor, o.minor);
        }
        return c != 0 ? c : Integer.compare(pipeline, o.pipeline);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + pipeline;
    }
}
