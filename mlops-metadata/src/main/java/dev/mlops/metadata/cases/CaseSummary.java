// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

/**
 * What {@link CaseReader#scan} found in a case file that it checked whole.
 *
 * <p>Immutable and thread-safe.
 *
 * @param cases how many cases the file holds, all valid
 * @param rawCases how many of them are in the application's raw form ({@link AdequacyCase#raw()})
 * @since 0.2.0
 */
public record CaseSummary(int cases, int rawCases) {
    /**
     * Checks the counts.
     *
     * @throws IllegalArgumentException when a count is negative or {@code rawCases > cases}
     */
    public CaseSummary {
        if (cases < 0 || rawCases < 0 || rawCases > cases) {
            throw new IllegalArgumentException("cases: " + cases + ", rawCases: " + rawCases + " must satisfy "
                    + "0 <= rawCases <= cases");
        }
    }
}
