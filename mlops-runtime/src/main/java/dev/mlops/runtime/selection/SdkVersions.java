// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and compares SDK versions as the runtime's check of {@code runtime.minSdkVersion} does: up to three numeric
 * parts, a pre-release suffix ({@code -SNAPSHOT}) counting as that version. Thread-safe.
 */
final class SdkVersions {
    private static final Pattern VERSION =
            Pattern.compile("(\\d{1,9})(?:\\.(\\d{1,9}))?(?:\\.(\\d{1,9}))?(?:-[0-9A-Za-z.-]+)?");

    private SdkVersions() {
    }

    /** @return the numeric parts, missing ones 0; empty when the text is not a version */
    static Optional<long[]> parse(String text) {
        Matcher m = VERSION.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        long[] p = new long[3];
        for (int i = 0; i < 3; i++) {
            String g = m.group(i + 1);
            p[i] = g == null ? 0 : Long.parseLong(g);
        }
        return Optional.of(p);
    }

    static int compare(long[] a, long[] b) {
        for (int i = 0; i < 3; i++) {
            int c = Long.compare(a[i], b[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
