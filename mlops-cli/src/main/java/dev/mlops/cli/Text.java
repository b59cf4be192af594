// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Escaping of text the CLI prints, so that what a bundle says cannot steer a terminal or forge a line in a CI log.
 *
 * <p>Unsafe are the control characters (C0, DEL, C1), format characters (among them the bidi controls
 * U+202A..U+202E and U+2066..U+2069, zero-width characters and the BOM) and the Unicode line and paragraph
 * separators. They are printed as {@code \n}, {@code \r}, {@code \t} or {@code \}{@code uXXXX}, which is also a
 * valid JSON escape, so JSON output stays parseable and round-trips. A backslash is left as it is.
 */
final class Text {
    private Text() {
    }

    /** Whether a character must not reach a terminal raw. */
    static boolean unsafe(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }

    /**
     * Escapes a value quoted from a bundle (a name, version, path, id, value) so it prints on one line.
     *
     * @param value the value; {@code null} prints as {@code null}
     * @return the value with every unsafe character, line breaks and tabs included, escaped
     */
    static String escape(Object value) {
        String s = String.valueOf(value);
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (unsafe(c)) {
                if (sb == null) {
                    sb = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                appendEscape(sb, c);
            } else if (sb != null) {
                sb.append(c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    /**
     * Escapes a message of one or more lines (an exception message, a warning) that may quote bundle text: each line
     * is escaped, and a line after the first that does not already start with a blank is indented, so no line of
     * the message can pass for a line of the CLI's own (such as {@code verified: ...}).
     *
     * @param message the message; {@code null} prints as {@code null}
     * @return the escaped message, lines separated by {@code \n}
     */
    static String message(@Nullable Object message) {
        StringBuilder sb = new StringBuilder();
        String[] lines = String.valueOf(message).split("\r\n|\r|\n|\u0085|\u2028|\u2029", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = escape(lines[i]);
            if (i > 0) {
                sb.append('\n');
                if (line.isEmpty() || !Character.isWhitespace(line.charAt(0))) {
                    sb.append("  ");
                }
            }
            sb.append(line);
        }
        return sb.toString();
    }

    private static void appendEscape(StringBuilder sb, char c) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            default -> sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        }
    }

    /**
     * The output boundary: a writer that escapes every unsafe character but the line break, the tab and the
     * platform line separator, whatever printed it. Values from a bundle are escaped before they are printed
     * ({@link #escape}, {@link #message}); this writer keeps what was missed from reaching the terminal raw. Not
     * thread-safe, like the writer it wraps.
     */
    static final class SafeWriter extends FilterWriter {
        /** A carriage return not yet written: raw when a line feed follows (the Windows line separator). */
        private boolean pendingReturn;

        SafeWriter(Writer out) {
            super(out);
        }

        @Override
        public void write(int c) throws IOException {
            StringBuilder sb = new StringBuilder(8);
            append(sb, (char) c);
            out.write(sb.toString());
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            StringBuilder sb = new StringBuilder(len + 16);
            for (int i = off; i < off + len; i++) {
                append(sb, cbuf[i]);
            }
            out.write(sb.toString());
        }

        @Override
        public void write(String str, int off, int len) throws IOException {
            StringBuilder sb = new StringBuilder(len + 16);
            for (int i = off; i < off + len; i++) {
                append(sb, str.charAt(i));
            }
            out.write(sb.toString());
        }

        private void append(StringBuilder sb, char c) {
            if (pendingReturn) {
                pendingReturn = false;
                sb.append(c == '\n' ? "\r" : "\\r");
            }
            if (c == '\r') {
                pendingReturn = true;
            } else if (c == '\n' || c == '\t' || !unsafe(c)) {
                sb.append(c);
            } else {
                appendEscape(sb, c);
            }
        }

        @Override
        public void flush() throws IOException {
            if (pendingReturn) {
                pendingReturn = false;
                out.write("\\r");
            }
            out.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
            out.close();
        }
    }
}
