// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Reads one case file one case at a time, holding one case in memory: the engine under {@link CaseStream} and
 * {@link CaseReader}. Problems go to {@link #errors}; a limit exceeded throws at once.
 */
abstract class CaseParser implements Closeable {
    final CaseErrors errors;
    final CaseLimits limits;
    private final InputStream in;
    private int cases;

    CaseParser(InputStream in, CaseErrors errors, CaseLimits limits) {
        this.in = in;
        this.errors = errors;
        this.limits = limits;
    }

    /**
     * Reads on to the next valid case. An invalid case is recorded in {@link #errors} and skipped.
     *
     * @return the case, or {@code null} at the end of the file or once {@link #errors} is full
     * @throws dev.mlops.api.InvalidBundleException when a limit is exceeded
     */
    abstract @Nullable AdequacyCase next() throws IOException;

    /** Counts a case about to be read, starting on {@code line}; throws when it is one too many. */
    final void count(long line) {
        if (cases >= limits.maxCases()) {
            errors.fail(line, "more than " + limits.maxCases() + " cases, the limit (CaseLimits.maxCases; pass "
                    + "CaseLimits with a larger maxCases to read more)");
        }
        cases++;
    }

    /** Refuses the case starting on {@code line}: it is longer than the limit. */
    final void tooLong(long line, String what) {
        errors.fail(line, what + " longer than " + limits.maxCaseBytes() + " bytes, the limit for one case "
                + "(CaseLimits.maxCaseBytes; pass CaseLimits with a larger maxCaseBytes to read it)");
    }

    /** Closes the file; never throws. */
    @Override
    public final void close() {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written; a failure to release a read handle changes no result
        }
    }
}
