// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseLocation;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.metadata.cases.CaseStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The prediction requests of a JSONL file, one line at a time, each parsed on its own: a malformed line is reported
 * with its line number and reading goes on with the next one ({@link CaseReader#streamRequests} stops at the first).
 *
 * <p>Each line is copied into a scratch file of this reader, without being held in memory here, and parsed there with
 * {@link CaseReader#streamRequests}, so it is checked exactly as {@code predict} always checked it (against the
 * model's declared inputs; a line longer than {@link CaseLimits#maxCaseBytes()} is refused). Messages are moved to
 * the line's place in the requests file; a request without an {@code id} gets {@code "line N"}, N its line in the
 * file; an id used twice is refused, naming the line it was first used on (a 64-bit digest of each id, and its
 * line, are kept for that check). More than {@link CaseLimits#maxCases()} requests end the file with an {@link InvalidInputException}. The
 * scratch file is deleted on {@link #close()}.
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

    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final ModelMetadata metadata;
    private final CaseLimits limits;
    private final InputStream in;
    private final Path scratch;
    private final byte[] chunk = new byte[64 * 1024];
    private final Map<Long, Long> ids = new HashMap<>();
    private final MessageDigest sha256;
    private int pos;
    private int end;
    private boolean eof;
    private long lineNo;
    private long requests;

    private RequestLines(String name, ModelMetadata metadata, CaseLimits limits, InputStream in, Path scratch) {
        this.name = name;
        this.metadata = metadata;
        this.limits = limits;
        this.in = in;
        this.scratch = scratch;
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
        Path scratch;
        try {
            scratch = Files.createTempFile("mlops-request-", ".jsonl");
        } catch (IOException e) {
            closeQuietly(in);
            throw new UncheckedIOException("cannot create a scratch file for the requests of " + name, e);
        }
        return new RequestLines(name, metadata, limits, in, scratch);
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

    /** Parses the line in the scratch file; empty when it is blank. */
    private Optional<Line> parse() {
        AdequacyCase parsed;
        try (CaseStream one = CaseReader.streamRequests(scratch, name, metadata, limits)) {
            if (!one.hasNext()) {
                return Optional.empty();
            }
            parsed = one.next();
        } catch (InvalidBundleException e) {
            return Optional.of(new Malformed(lineNo, new InvalidInputException(relocate(String.valueOf(e.getMessage())))));
        }
        boolean defaultId = parsed.id().equals("line 1") && !hasId();
        String id = defaultId ? "line " + lineNo : parsed.id();
        Long usedOn = ids.putIfAbsent(key(id), lineNo);
        if (usedOn != null) {
            return Optional.of(malformed("id: " + Output.compact(TextNode.valueOf(id)) + " is already used on line "
                    + usedOn + (defaultId ? " (give this request an id)" : "")));
        }
        return Optional.of(new Request(lineNo, new AdequacyCase(id, parsed.inputs(), parsed.expected(),
                parsed.tolerance(), Optional.of(new CaseLocation(name, lineNo)), parsed.raw())));
    }

    /** Moves a message about line 1 of the scratch file to this line of the requests file. */
    private String relocate(String message) {
        String prefix = name + ": line 1";
        if (message.startsWith(prefix) && message.length() > prefix.length()
                && (message.charAt(prefix.length()) == ',' || message.charAt(prefix.length()) == ':')) {
            return name + ": line " + lineNo + message.substring(prefix.length());
        }
        String rest = message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message;
        return name + ": line " + lineNo + ": " + rest;
    }

    /** Whether the line in the scratch file gives an {@code id} itself (it parsed as a request). */
    private boolean hasId() {
        try (JsonParser p = JSON.createParser(scratch.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if (p.currentName().equals("id")) {
                    return true;
                }
                p.nextToken();
                p.skipChildren();
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read back " + scratch, e);
        }
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

    /** Copies the next line, without its {@code \n}, into the scratch file, up to the limit; skips the rest. */
    private Copied copyLine() throws IOException {
        if (pos == end && !fill()) {
            return Copied.END;
        }
        long length = 0;
        boolean tooLong = false;
        try (OutputStream line = Files.newOutputStream(scratch, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (pos < end || fill()) {
                int start = pos;
                while (pos < end && chunk[pos] != '\n') {
                    pos++;
                }
                int n = pos - start;
                if (!tooLong && length + n > limits.maxCaseBytes()) {
                    tooLong = true;
                }
                if (!tooLong) {
                    line.write(chunk, start, n);
                    length += n;
                }
                if (pos < end) {
                    pos++; // the '\n'
                    break;
                }
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

    /** Closes the file and deletes the scratch file; never throws. */
    @Override
    public void close() {
        closeQuietly(in);
        try {
            Files.deleteIfExists(scratch);
        } catch (IOException e) {
            scratch.toFile().deleteOnExit();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // nothing was written: nothing is lost
        }
    }
}
