package dev.mlops.metadata.cases;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Splits a byte stream at {@code \n} without ever holding more than one line (up to a cap) in memory. */
final class LineReader {
    /** One line that is too long: its first bytes are dropped, only its number is kept. */
    static final byte[] TOO_LONG = new byte[0];

    private final InputStream in;
    private final int maxLine;
    private final byte[] chunk = new byte[64 * 1024];
    private int pos;
    private int end;
    private boolean eof;

    LineReader(InputStream in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /**
     * Returns the next line without its {@code \n} (a {@code \r} before it is kept), {@link #TOO_LONG} for a line
     * past the cap, or {@code null} at the end.
     */
    byte[] next() throws IOException {
        byte[] line = new byte[256];
        int len = 0;
        boolean tooLong = false;
        while (true) {
            if (pos == end) {
                if (eof) {
                    break;
                }
                end = in.read(chunk);
                pos = 0;
                if (end < 0) {
                    end = 0;
                    eof = true;
                    break;
                }
                continue;
            }
            int start = pos;
            while (pos < end && chunk[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (!tooLong) {
                if (len + n > maxLine) {
                    tooLong = true;
                } else {
                    if (len + n > line.length) {
                        line = Arrays.copyOf(line, Math.max(len + n, Math.min(maxLine, line.length * 2)));
                    }
                    System.arraycopy(chunk, start, line, len, n);
                    len += n;
                }
            }
            if (pos < end) {
                pos++; // the '\n'
                return tooLong ? TOO_LONG : Arrays.copyOf(line, len);
            }
        }
        if (tooLong) {
            return TOO_LONG;
        }
        return len == 0 && eof ? null : Arrays.copyOf(line, len);
    }
}
