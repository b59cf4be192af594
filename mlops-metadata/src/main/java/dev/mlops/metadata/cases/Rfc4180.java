// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 4180 tokenizer over a byte stream, one record at a time: fields separated by {@code ,}, records by
 * {@code CRLF} (a bare {@code LF} or {@code CR} is accepted too), fields optionally in double quotes with {@code ""}
 * for a quote; quoted fields may hold separators and line breaks. Empty physical lines between records are skipped.
 * A UTF-8 byte-order mark at the start is skipped.
 *
 * <p>The separators are ASCII, which never occurs inside a multi-byte UTF-8 sequence, so records are split on bytes
 * and each field is decoded on its own. A record longer than the limit is refused as soon as the limit is passed.
 */
final class Rfc4180 {
    /**
     * One record.
     *
     * @param line the 1-based line it starts on
     * @param fields its fields, unquoted
     */
    record Record(long line, List<String> fields) {
    }

    /** Refuses a record past the byte limit; throws. */
    interface TooLong {
        void refuse(long line);
    }

    private static final int EOF = -1;

    private final InputStream in;
    private final CaseErrors errors;
    private final int maxRecordBytes;
    private final TooLong tooLong;
    private final byte[] chunk = new byte[64 * 1024];
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private int pos;
    private int end;
    private boolean eof;
    private boolean started;
    private boolean ended;
    private long line = 1;
    private long recordLine;
    private long recordBytes;
    private byte[] field = new byte[256];
    private int fieldLength;
    /** Whether the field has a byte outside ASCII, and so needs the UTF-8 decoder. */
    private boolean fieldNonAscii;

    Rfc4180(InputStream in, CaseErrors errors, int maxRecordBytes, TooLong tooLong) {
        this.in = in;
        this.errors = errors;
        this.maxRecordBytes = maxRecordBytes;
        this.tooLong = tooLong;
    }

    /**
     * Returns the next well-formed record; a malformed one is reported and skipped, an unterminated quote ends the
     * input.
     *
     * @return the record, or {@code null} at the end of the input or once {@code errors} is full
     */
    @Nullable Record next() throws IOException {
        if (!started) {
            started = true;
            if (peek() == 0xef && fill(3) && (chunk[pos + 1] & 0xff) == 0xbb && (chunk[pos + 2] & 0xff) == 0xbf) {
                pos += 3;
            }
        }
        while (!ended && !errors.full()) {
            recordBytes = 0;
            int c = peek();
            if (c == EOF) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                skipBreak();
                line++;
                continue;
            }
            recordLine = line;
            List<String> fields = new ArrayList<>();
            boolean broken = false;
            while (true) {
                fieldLength = 0;
                fieldNonAscii = false;
                if (peek() == '"') {
                    take();
                    boolean closed = false;
                    int q;
                    while ((q = take()) != EOF) {
                        if (q == '"') {
                            if (peek() == '"') {
                                take();
                                append('"');
                                continue;
                            }
                            closed = true;
                            break;
                        }
                        if (q == '\n' || q == '\r' && peek() != '\n') {
                            line++;
                        }
                        append(q);
                    }
                    if (!closed) {
                        errors.add(recordLine, "", "", "field " + (fields.size() + 1) + ": a quote opened here is never "
                                + "closed");
                        ended = true;
                        return null;
                    }
                    int after = peek();
                    if (after != EOF && after != ',' && after != '\n' && after != '\r') {
                        errors.add(line, "", "", "field " + (fields.size() + 1) + ": unexpected "
                                + (after < 0x80 ? Values.quote(String.valueOf((char) after)) : "non-ASCII character")
                                + " after a closing quote (a quote inside a quoted field is written \"\")");
                        broken = true;
                    }
                } else {
                    int b;
                    while ((b = peek()) != EOF && b != ',' && b != '\n' && b != '\r') {
                        if (b == '"' && !broken) {
                            errors.add(line, "", "", "field " + (fields.size() + 1) + ": a quote inside an unquoted "
                                    + "field (quote the whole field and write the quote as \"\")");
                            broken = true;
                        }
                        append(take());
                    }
                }
                if (broken) {
                    int b;
                    while ((b = peek()) != EOF && b != '\n' && b != '\r') {
                        take();
                    }
                }
                if (!broken) {
                    try {
                        fields.add(fieldNonAscii ? utf8.decode(ByteBuffer.wrap(field, 0, fieldLength)).toString()
                                : new String(field, 0, fieldLength, StandardCharsets.ISO_8859_1));
                    } catch (CharacterCodingException e) {
                        errors.add(recordLine, "", "", "not valid UTF-8");
                        broken = true;
                        int b;
                        while ((b = peek()) != EOF && b != '\n' && b != '\r') {
                            take();
                        }
                    }
                }
                if (peek() == ',') {
                    take();
                    continue;
                }
                break;
            }
            if (peek() != EOF) {
                skipBreak();
                line++;
            }
            if (!broken) {
                return new Record(recordLine, List.copyOf(fields));
            }
        }
        return null;
    }

    private void append(int b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, (int) Math.min(Integer.MAX_VALUE - 8, field.length * 2L));
        }
        field[fieldLength++] = (byte) b;
        fieldNonAscii |= b >= 0x80;
    }

    private void skipBreak() throws IOException {
        if (take() == '\r' && peek() == '\n') {
            take();
        }
    }

    private int peek() throws IOException {
        if (pos == end && !fill(1)) {
            return EOF;
        }
        return chunk[pos] & 0xff;
    }

    /** Consumes one byte of the current record, refusing the record once it passes the limit. */
    private int take() throws IOException {
        int b = peek();
        if (b != EOF) {
            pos++;
            if (++recordBytes > maxRecordBytes) {
                tooLong.refuse(recordLine);
            }
        }
        return b;
    }

    /** Makes at least {@code n} bytes available from {@code pos} (n at most a few); returns false at the end. */
    private boolean fill(int n) throws IOException {
        if (end - pos >= n) {
            return true;
        }
        System.arraycopy(chunk, pos, chunk, 0, end - pos);
        end -= pos;
        pos = 0;
        while (end < n && !eof) {
            int r = in.read(chunk, end, chunk.length - end);
            if (r < 0) {
                eof = true;
            } else {
                end += r;
            }
        }
        return end >= n;
    }
}
