// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.adequacy;

import java.util.Objects;

/**
 * Where an adequacy case was read from: its file in the bundle and its line.
 *
 * <p>Immutable and thread-safe.
 *
 * @param file the case file's path in the bundle, for example {@code adequacy/cases.jsonl}
 * @param line the line the case starts on, from 1
 * @since 0.2.0
 */
public record CaseSource(String file, long line) {
    /**
     * Checks the components.
     *
     * @throws NullPointerException when {@code file} is {@code null}
     * @throws IllegalArgumentException when {@code line < 1}
     */
    public CaseSource {
        Objects.requireNonNull(file, "file");
        if (line < 1) {
            throw new IllegalArgumentException("line: " + line + " must be at least 1");
        }
    }

    /**
     * Renders the source as {@code file:line}, for example {@code adequacy/cases.jsonl:3}.
     *
     * @return {@code file:line}
     */
    @Override
    public String toString() {
        return file + ":" + line;
    }
}
