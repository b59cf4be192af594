// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

/**
 * How much a case file may hold: the readers refuse a file past these limits with an
 * {@link dev.mlops.api.InvalidBundleException} that names the file, the line, the limit and this class, instead of
 * running out of memory.
 *
 * <p>A reader holds one case at a time (see {@link CaseStream}), so {@link #maxCaseBytes()} bounds the memory a
 * reader needs; {@link #maxCases()} bounds the time a verification takes and the memory of the list-returning
 * {@code read} methods. Raise a limit with a with-er: {@code CaseLimits.DEFAULT.withMaxCases(1_000_000)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxCases the most cases (JSONL lines or CSV rows that hold a case) a file may hold, at least 1
 * @param maxCaseBytes the longest JSONL line or CSV record, in bytes, at least 1; reading stops at the limit, the
 *     rest of the line is never read
 * @since 0.2.0
 */
public record CaseLimits(int maxCases, int maxCaseBytes) {
    /**
     * The limits the readers apply unless told otherwise: {@value #DEFAULT_MAX_CASES} cases of at most
     * {@value #DEFAULT_MAX_CASE_BYTES} bytes (16 MiB) each.
     *
     * <p>Why: adequacy cases prove that a model computes what its bundle claims; a few hundred cases do that, and
     * 100,000 still run in minutes on a CPU, while a larger file is almost always training or evaluation data shipped
     * by mistake. 16 MiB per line holds one case of four million float32 elements (a 2048 x 2048 image) as JSON text,
     * and keeps a reader's memory in the tens of megabytes.
     */
    public static final CaseLimits DEFAULT = new CaseLimits(CaseLimits.DEFAULT_MAX_CASES,
            CaseLimits.DEFAULT_MAX_CASE_BYTES);

    /** {@link #maxCases()} of {@link #DEFAULT}. */
    public static final int DEFAULT_MAX_CASES = 100_000;
    /** {@link #maxCaseBytes()} of {@link #DEFAULT}: 16 MiB. */
    public static final int DEFAULT_MAX_CASE_BYTES = 16 << 20;

    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when a limit is below 1
     */
    public CaseLimits {
        if (maxCases < 1) {
            throw new IllegalArgumentException("maxCases: " + maxCases + " must be at least 1");
        }
        if (maxCaseBytes < 1) {
            throw new IllegalArgumentException("maxCaseBytes: " + maxCaseBytes + " must be at least 1");
        }
    }

    /**
     * Returns these limits with another case count.
     *
     * @param newMaxCases the most cases a file may hold, at least 1
     * @return the new limits
     * @throws IllegalArgumentException when {@code newMaxCases < 1}
     */
    public CaseLimits withMaxCases(int newMaxCases) {
        return new CaseLimits(newMaxCases, maxCaseBytes);
    }

    /**
     * Returns these limits with another case size.
     *
     * @param newMaxCaseBytes the longest line or record, in bytes, at least 1
     * @return the new limits
     * @throws IllegalArgumentException when {@code newMaxCaseBytes < 1}
     */
    public CaseLimits withMaxCaseBytes(int newMaxCaseBytes) {
        return new CaseLimits(maxCases, newMaxCaseBytes);
    }
}
