// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import java.util.Objects;

/**
 * Where a case was read from, for reports.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the case file as the reader was told to name it, for example {@code adequacy/cases.jsonl}
 * @param line the 1-based line the case starts on
 * @since 0.1.0
 */
public record CaseLocation(String file, long line) {
    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException when {@code line < 1}
     */
    public CaseLocation {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line: " + line + " must be at least 1");
        }
    }

    /** @return {@code file:line} */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
