// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The prediction requests of a JSONL file, one line at a time, each parsed on its own: a malformed line is reported
 * with its line number and reading goes on with the next one ({@link CaseReader#streamRequests} stops at the first).
 *
 * <p>Each line is read into memory, up to {@link CaseLimits#maxCaseBytes()} bytes (a longer line is skipped and
 * reported), and parsed with {@link CaseReader#parseRequest}, so it is checked exactly as {@code predict} always
 * checked it (against the model's declared inputs). A request without an {@code id} gets {@code "line N"}, N its line
 * in the file; an id used twice is refused, naming the line it was first used on (a 64-bit digest of each id, and its
 * line, are kept for that check). More than {@link CaseLimits#maxCases()} requests end the file with an
 * {@link InvalidInputException}.
 *
 * <p>Not thread-safe: one thread reads it.
 */
final class RequestLines implements AutoCloseable {
    /** One non-blank line of the requests file: a request, or what is wrong with it. */
    sealed interface Line permits Request, Malformed {
        /** @return the 1-based line of the requests file */
        long line();
    }

    /** A line that holds a well-formed request. */
    record Request(long line, AdequacyCase request) implements Line {
    }

    /** A line that cannot be a request: not JSON, a field or tensor that does not fit the model, too long. */
    record Malformed(long line, InvalidInputException error) implements Line {
    }

    private final String name;
    private final ModelMetadata metadata;
    private final CaseLimits limits;
    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[64 * 1024];
    private final Map<Long, Long> ids = new HashMap<>();
    private final MessageDigest sha256;
    private int pos;
    private int end;
    private boolean eof;
    private long lineNo;
    private long requests;

    private RequestLines(String name, ModelMetadata metadata, CaseLimits limits, InputStream in) {
        this.name = name;
        this.metadata = metadata;
        this.limits = limits;
        this.in = in;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Opens a requests file.
     *
     * @param file the JSONL file
     * @param metadata the model's metadata, which every request is checked against
     * @param limits the size of one request, and how many the file may hold
     * @throws InvalidInputException when the file is missing or cannot be read
     */
    static RequestLines open(Path file, ModelMetadata metadata, CaseLimits limits) {
        String name = file.toString();
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(name + ": no such file");
        } catch (IOException e) {
            throw new InvalidInputException(name + ": cannot be read: " + e);
        }
        return new RequestLines(name, metadata, limits, in);
    }

    /**
     * Reads the next non-blank line.
     *
     * @return the line, a request or what is wrong with it; empty at the end of the file
     * @throws InvalidInputException when the file cannot be read, or holds more requests than the limit
     */
    Optional<Line> next() {
        while (true) {
            Copied copied;
            try {
                copied = copyLine();
            } catch (IOException e) {
                throw new InvalidInputException(name + ": line " + (lineNo + 1) + ": cannot be read: " + e);
            }
            if (copied == Copied.END) {
                return Optional.empty();
            }
            lineNo++;
            if (copied == Copied.TOO_LONG) {
                counted();
                return Optional.of(malformed("the line is longer than " + limits.maxCaseBytes() + " bytes, the limit "
                        + "for one request"));
            }
            Optional<Line> line = parse();
            if (line.isPresent()) {
                counted();
                return line;
            }
        }
    }

    private void counted() {
        if (++requests > limits.maxCases()) {
            throw new InvalidInputException(name + ": line " + lineNo + ": more than " + limits.maxCases()
                    + " requests, the limit for one file (split the file)");
        }
    }

    private Malformed malformed(String message) {
        return new Malformed(lineNo, new InvalidInputException(name + ": line " + lineNo + ": " + message));
    }

    /** Parses the line just read; empty when it is blank. */
    private Optional<Line> parse() {
        Optional<AdequacyCase> one;
        try {
            one = CaseReader.parseRequest(line.toByteArray(), lineNo, name, metadata, limits);
        } catch (InvalidBundleException e) {
            return Optional.of(new Malformed(lineNo, new InvalidInputException(String.valueOf(e.getMessage()))));
        }
        if (one.isEmpty()) {
            return Optional.empty();
        }
        AdequacyCase parsed = one.get();
        String id = parsed.id();
        boolean defaultId = id.equals("line " + lineNo);
        Long usedOn = ids.putIfAbsent(key(id), lineNo);
        if (usedOn != null) {
            return Optional.of(malformed("id: " + Output.compact(TextNode.valueOf(id)) + " is already used on line "
                    + usedOn + (defaultId ? " (give this request an id)" : "")));
        }
        return Optional.of(new Request(lineNo, parsed));
    }

    private long key(String id) {
        byte[] d = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = key << 8 | (d[i] & 0xffL);
        }
        return key;
    }

    private enum Copied { LINE, TOO_LONG, END }

    /** Reads the next line, without its {@code \n}, into {@link #line}, up to the limit; skips the rest. */
    private Copied copyLine() throws IOException {
        if (pos == end && !fill()) {
            return Copied.END;
        }
        line.reset();
        boolean tooLong = false;
        while (pos < end || fill()) {
            int start = pos;
            while (pos < end && chunk[pos] != '\n') {
                pos++;
            }
            int n = pos - start;
            if (!tooLong && (long) line.size() + n > limits.maxCaseBytes()) {
                tooLong = true;
                line.reset();
            }
            if (!tooLong) {
                line.write(chunk, start, n);
            }
            if (pos < end) {
                pos++; // the '\n'
                break;
            }
        }
        return tooLong ? Copied.TOO_LONG : Copied.LINE;
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n;
        do {
            n = in.read(chunk);
        } while (n == 0);
        pos = 0;
        end = Math.max(n, 0);
        eof = n < 0;
        return n > 0;
    }

    /** Closes the file; never throws. */
    @Override
    public void close() {
        closeQuietly(in);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written: nothing is lost
        }
    }
}
