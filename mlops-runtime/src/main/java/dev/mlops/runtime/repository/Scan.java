// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import java.util.List;

/** One scan of a repository: the listed entries (name ascending, version descending) and the skipped paths. */
record Scan(List<RepositoryEntry> entries, List<SkippedBundle> skipped) {
    static final Scan EMPTY = new Scan(List.of(), List.of());

    Scan {
        entries = List.copyOf(entries);
        skipped = List.copyOf(skipped);
    }
}
