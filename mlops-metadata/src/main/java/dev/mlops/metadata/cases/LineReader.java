// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Splits a byte stream at {@code \n} without ever holding more than one line (up to a cap) in memory.
 *
 * <p>A line past the cap is reported as soon as the cap is passed: its rest is read (and dropped) only when the caller
 * asks for the next line, so a caller that stops at an over-long line never reads it whole.
 */
final class LineReader {
    /** One line that is too long: its first bytes are dropped, only its number is kept. */
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int end;
    private boolean eof;
    /** Whether the rest of an over-long line is still to be skipped. */
    private boolean skipping;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * Returns the next line without its {@code \n} (a {@code \r} before it is kept), {@link #TOO_LONG} for a line
     * past the cap, or {@code null} at the end.
     */
    byte @Nullable [] next() throws IOException {
        if (skipping && !skipRest()) {
            return null;
        }
        byte[] line = new byte[256];
        int len = 0;
        while (true) {
            if (pos == end && !fill()) {
                break;
            }
            int start = pos;
            while (pos < end && chunk[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (len + n > maxLine) {
                skipping = true;
                return TOO_LONG;
            }
            if (len + n > line.length) {
                line = Arrays.copyOf(line, Math.max(len + n, (int) Math.min(maxLine, line.length * 2L)));
            }
            System.arraycopy(chunk, start, line, len, n);
            len += n;
            if (pos < end) {
                pos++; // the '\n'
                return Arrays.copyOf(line, len);
            }
        }
        return len == 0 ? null : Arrays.copyOf(line, len);
    }

    /** Drops the rest of an over-long line; returns whether anything follows it. */
    private boolean skipRest() throws IOException {
        while (true) {
            if (pos == end && !fill()) {
                skipping = false;
                return false;
            }
            while (pos < end && chunk[pos] != '\n') {
                pos++;
            }
            if (pos < end) {
                pos++;
                skipping = false;
                return true;
            }
        }
    }

    /** Reads the next chunk; returns false at the end of the stream. */
    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(chunk);
        pos = 0;
        end = Math.max(n, 0);
        eof = n < 0;
        return n > 0 || !eof && fill();
    }
}
