// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.version;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of the metadata schema a document follows, {@code MAJOR.MINOR}.
 *
 * <p>Readers accept every minor of a major they know; a newer major is refused. Application code gates newer
 * fields on it: {@code if (meta.schemaVersion().isAtLeast("1.1")) ...}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param major incompatible changes
 * @param minor compatible additions
 * @since 0.1.0
 */
public record SchemaVersion(int major, int minor) implements Comparable<SchemaVersion> {
    /** The version this release writes. */
    public static final SchemaVersion CURRENT = new SchemaVersion(1, 0);

    /** The largest part, so that every version reads back from its text (at most nine digits). */
    public static final int MAX_PART = 999_999_999;

    private static final Pattern FORMAT = Pattern.compile("(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when a part is negative or above {@link #MAX_PART}
     */
    public SchemaVersion {
        if (major < 0 || minor < 0 || major > MAX_PART || minor > MAX_PART) {
            throw new IllegalArgumentException("schema version parts must be 0 to " + MAX_PART + ": " + major + "."
                    + minor);
        }
    }

    /**
     * Parses {@code MAJOR.MINOR}.
     *
     * @param text for example {@code "1.0"}
     * @return the version
     * @throws IllegalArgumentException when the text is not {@code MAJOR.MINOR}
     */
    public static SchemaVersion parse(String text) {
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a schema version (expected MAJOR.MINOR, e.g. 1.0)");
        }
        return new SchemaVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Tells whether this version is the same as or newer than another.
     *
     * @param other a version such as {@code "1.1"}
     * @return {@code true} when {@code this >= other}
     */
    public boolean isAtLeast(String other) {
        return isAtLeast(parse(other));
    }

    /**
     * Tells whether this version is the same as or newer than another.
     *
     * @param other a version
     * @return {@code true} when {@code this >= other}
     */
    public boolean isAtLeast(SchemaVersion other) {
        return compareTo(other) >= 0;
    }

    @Override
    public int compareTo(SchemaVersion o) {
        int c = Integer.compare(major, o.major);
        return c != 0 ? c : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
