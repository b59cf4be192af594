// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.List;
import java.util.Objects;

/**
 * A fixed-bin histogram of a numeric feature: {@code k} bins between {@code k + 1} strictly ascending edges. Bin
 * {@code i} counts the values in {@code [edges[i], edges[i + 1])}, the last bin also its upper edge.
 *
 * <p>Immutable and thread-safe.
 *
 * @param edges the {@code k + 1} bin edges, finite and strictly ascending ({@code k >= 1})
 * @param counts the {@code k} bin counts, each {@code >= 0}
 * @since 0.2.0
 */
public record Histogram(List<Double> edges, List<Long> counts) {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException naming the part at fault: fewer than two edges, an edge not finite or not above
     *     the one before, not exactly one count fewer than edges, or a negative count
     */
    public Histogram {
        edges = List.copyOf(Objects.requireNonNull(edges, "edges"));
        counts = List.copyOf(Objects.requireNonNull(counts, "counts"));
        if (edges.size() < 2) {
            throw new IllegalArgumentException("histogram.edges: " + edges.size() + " edges; a histogram needs k + 1 "
                    + "edges for k >= 1 bins");
        }
        for (int i = 0; i < edges.size(); i++) {
            double e = edges.get(i);
            if (!Double.isFinite(e)) {
                throw new IllegalArgumentException("histogram.edges[" + i + "]: " + e + " is not a finite number");
            }
            if (i > 0 && e <= edges.get(i - 1)) {
                throw new IllegalArgumentException("histogram.edges[" + i + "]: " + e + " is not above the edge before"
                        + " it, " + edges.get(i - 1) + " (edges ascend strictly)");
            }
        }
        if (counts.size() != edges.size() - 1) {
            throw new IllegalArgumentException("histogram.counts: " + counts.size() + " counts for " + edges.size()
                    + " edges (expected " + (edges.size() - 1) + ", one per bin)");
        }
        for (int i = 0; i < counts.size(); i++) {
            if (counts.get(i) < 0) {
                throw new IllegalArgumentException("histogram.counts[" + i + "]: " + counts.get(i)
                        + " is not a count (expected >= 0)");
            }
        }
    }

    /** @return the number of bins, {@code k} */
    public int bins() {
        return counts.size();
    }
}
