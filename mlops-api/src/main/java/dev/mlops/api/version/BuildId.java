// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.version;

import java.util.Objects;

/**
 * The parts of a build id, each already made safe by {@link #safe(String)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the model name
 * @param branch the source branch
 * @param commit the source commit
 * @param build the CI build number
 * @param trial the experiment trial
 * @since 0.1.0
 */
public record BuildId(String name, String branch, String commit, String build, String trial) {
    /**
     * Makes every part safe.
     *
     * @throws IllegalArgumentException when a part is empty once made safe
     */
    public BuildId {
        name = requireSafe("name", name);
        branch = requireSafe("branch", branch);
        commit = requireSafe("commit", commit);
        build = requireSafe("build", build);
        trial = requireSafe("trial", trial);
    }

    /**
     * Makes a value usable inside a build id: letters, digits, {@code .} and {@code -} only. Any other run of
     * characters ({@code /}, {@code _}, spaces) becomes one {@code -}; leading and trailing {@code -} go.
     * {@code "feature/x"} becomes {@code "feature-x"}, {@code "PR-203"} stays.
     *
     * @param value any text
     * @return the safe form, possibly empty
     */
    public static String safe(String value) {
        String s = Objects.requireNonNull(value, "value").replaceAll("[^A-Za-z0-9.-]+", "-")
                .replaceAll("-{2,}", "-");
        int from = 0;
        int to = s.length();
        while (from < to && s.charAt(from) == '-') {
            from++;
        }
        while (to > from && s.charAt(to - 1) == '-') {
            to--;
        }
        return s.substring(from, to);
    }

    private static String requireSafe(String field, String value) {
        String s = safe(value);
        if (s.isEmpty()) {
            throw new IllegalArgumentException("build id " + field + ": '" + value
                    + "' has no letter, digit, '.' or '-' to keep");
        }
        return s;
    }

    /**
     * Formats with the default template {@link BuildIdTemplate#DEFAULT}.
     *
     * @return for example {@code "weather__PR-203__a1b2c3__42__7"}
     */
    @Override
    public String toString() {
        return BuildIdTemplate.DEFAULT.format(this);
    }
}
