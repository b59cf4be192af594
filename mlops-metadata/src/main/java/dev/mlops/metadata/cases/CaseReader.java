// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.bundle.Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads adequacy cases, checked against the model's declared inputs and outputs.
 *
 * <p><b>{@code .jsonl}</b>: one case a line, {@code {"id": ..., "inputs": {name: tensor}, "expected": {name: tensor},
 * "tolerance": {"absolute": a, "relative": r}}}, a tensor being {@code {"dtype", "shape", "data"}} with {@code data}
 * the row-major flattening. Rules: every declared input is given, at least one declared output is expected, each
 * tensor's dtype is the declared one and its concrete shape fits the declared shape; {@code data} holds exactly as
 * many elements as the shape; floats are JSON numbers or the strings {@code "NaN"}, {@code "Infinity"},
 * {@code "-Infinity"}, and must be within the type's range; integers are JSON integers (int64 also as a decimal
 * string, for values beyond 2^53); bools are {@code true}/{@code false}; strings are strings. Unknown fields are
 * refused (a typo must not silently drop a check). {@code id} is optional and defaults to {@code "line N"}; ids must
 * be unique. {@code tolerance} may give one part only (see {@link CaseTolerance}). Blank lines are skipped, a UTF-8
 * byte-order mark and {@code CRLF} line ends are accepted.
 *
 * <p><b>{@code .csv}</b> (the seed's {@code adequacy_test.csv}): RFC 4180 with a header naming the columns after
 * inputs and outputs ({@code x,y}; {@code name[i]} for element {@code i} of one row of a {@code [-1, k]} tensor); one
 * case a row, with batch size 1, id {@code "row N"} (N counting data rows from 1). Numbers follow the JSON grammar in
 * {@link Locale#ROOT} (no hexadecimal, no {@code f}/{@code d} suffix, no surrounding whitespace, no decimal comma);
 * {@code NaN}, {@code nan}, {@code Infinity}, {@code inf}, {@code -Infinity}, {@code -inf} only in float columns;
 * bools are {@code true}/{@code false} (or {@code True}/{@code False}). A UTF-8 byte-order mark is stripped.
 *
 * <p>Every problem is reported with the file, the line and the column (a character column for JSONL, the column name
 * for CSV) and, for JSONL, the field's JSON path, for example
 * {@code adequacy/cases.jsonl: line 3, column 62: inputs.x.data[2]: "abc" is not a float32}. The list-returning
 * {@code read} methods and {@link #scan} go on after a problem and stop after 20; all are listed in one
 * {@link InvalidBundleException}. {@link #stream} stops at the first.
 *
 * <p><b>Memory.</b> Every method reads one case at a time and is bounded by {@link CaseLimits}: a line or record
 * longer than {@link CaseLimits#maxCaseBytes()} is refused when the limit is reached, without reading the rest, and a
 * file with more than {@link CaseLimits#maxCases()} cases is refused at the first case too many; both name the file,
 * the line and the limit. {@link #scan} and {@link #stream} hold one case at a time (and 16 bytes per case id, for the
 * uniqueness check); the {@code read} methods, which return every case, apply {@link CaseLimits#DEFAULT}. For a
 * large file, check it with {@link #scan} and then run its cases from {@link #stream}:
 *
 * <pre>{@code
 * CaseSummary summary = CaseReader.scan(bundle, metadata, CaseLimits.DEFAULT); // every problem, or the count
 * try (CaseStream cases = CaseReader.stream(bundle, metadata, CaseLimits.DEFAULT)) {
 *     cases.forEachRemaining(c -> run(c));
 * }
 * }</pre>
 *
 * <p>Thread safety: stateless; every method may be called from any thread.
 *
 * @since 0.1.0
 */
public final class CaseReader {
    private CaseReader() {
    }

    /**
     * Reads a case file, naming it in messages as given.
     *
     * @param file a {@code .jsonl} or {@code .csv} file
     * @param metadata the model's metadata: declared inputs and outputs
     * @return the cases in file order
     * @throws InvalidBundleException when the file is missing, unreadable, of another type, or breaks the format
     */
    public static List<AdequacyCase> read(Path file, ModelMetadata metadata) {
        Objects.requireNonNull(file, "file");
        return read(file, file.toString(), metadata);
    }

    /**
     * Reads a case file, naming it in messages as {@code name}, within {@link CaseLimits#DEFAULT}.
     *
     * @param file a {@code .jsonl} or {@code .csv} file
     * @param name how messages and {@link CaseSource}s name it, for example the bundle-relative
     *     {@code adequacy/cases.jsonl}
     * @param metadata the model's metadata: declared inputs and outputs
     * @return the cases in file order
     * @throws InvalidBundleException when the file is missing, unreadable, of another type, breaks the format or
     *     exceeds a limit
     */
    public static List<AdequacyCase> read(Path file, String name, ModelMetadata metadata) {
        return collect(open(file, name, metadata, CaseLimits.DEFAULT, false, CaseErrors.CAP), name);
    }

    /**
     * Reads prediction requests: JSONL lines that are cases ({@code expected} optional) or the inputs object alone
     * ({@code {"x": {"dtype": "float32", "shape": [1, 1], "data": [1.0]}}}), checked like case inputs, within
     * {@link CaseLimits#DEFAULT}.
     *
     * @param file a {@code .jsonl} file
     * @param name how messages name it
     * @param metadata the model's metadata
     * @return one case per request, in file order; ids default to {@code "line N"}
     * @throws InvalidBundleException naming file, line, column and field of every problem (up to 20), or the limit
     *     exceeded
     */
    public static List<AdequacyCase> readRequests(Path file, String name, ModelMetadata metadata) {
        return collect(open(file, name, metadata, CaseLimits.DEFAULT, true, CaseErrors.CAP), name);
    }

    /**
     * Reads the cases a bundle's metadata names in {@code adequacy.cases}, from the bundle's staged copy, within
     * {@link CaseLimits#DEFAULT}.
     *
     * @param bundle the opened bundle
     * @param metadata its metadata
     * @return the cases in file order; empty when the metadata declares no adequacy section
     * @throws InvalidBundleException when the named file is not in the bundle, breaks the format or exceeds a limit
     */
    public static List<AdequacyCase> read(Bundle bundle, ModelMetadata metadata) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(metadata, "metadata");
        Optional<AdequacySpec> adequacy = metadata.adequacy();
        if (adequacy.isEmpty()) {
            return List.of();
        }
        String name = adequacy.get().cases();
        return read(bundle.resolve(name), name, metadata);
    }

    /**
     * Reads every case of the file a bundle's metadata names in {@code adequacy.cases}, from the bundle's staged copy,
     * checked as {@link #scan(Bundle, ModelMetadata, CaseLimits)} checks them: for a file small enough to hold whole,
     * where scanning it and then streaming it would parse it twice. Memory grows with the file; for a large one,
     * {@link #scan} and then {@link #stream}.
     *
     * @param bundle the opened bundle
     * @param metadata its metadata
     * @param limits how many cases, of what size, the file may hold
     * @return the cases in file order; empty when the metadata declares no adequacy section
     * @throws InvalidBundleException when the named file is not in the bundle, or listing every problem (up to 20),
     *     or naming the limit exceeded, as {@link #scan} does
     * @since 0.2.0
     */
    public static List<AdequacyCase> read(Bundle bundle, ModelMetadata metadata, CaseLimits limits) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(limits, "limits");
        Optional<AdequacySpec> adequacy = metadata.adequacy();
        if (adequacy.isEmpty()) {
            return List.of();
        }
        String name = adequacy.get().cases();
        return collect(open(bundle.resolve(name), name, metadata, limits, false, CaseErrors.CAP), name);
    }

    /**
     * Streams the cases a bundle's metadata names in {@code adequacy.cases}, one at a time.
     *
     * @param bundle the opened bundle
     * @param metadata its metadata
     * @param limits how many cases, of what size, the file may hold
     * @return the cases in file order, read lazily; empty when the metadata declares no adequacy section. Close it.
     * @throws InvalidBundleException when the named file is missing or of another type; later, from the stream, at
     *     the first problem of the file
     * @since 0.2.0
     */
    public static CaseStream stream(Bundle bundle, ModelMetadata metadata, CaseLimits limits) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(limits, "limits");
        Optional<AdequacySpec> adequacy = metadata.adequacy();
        if (adequacy.isEmpty()) {
            return CaseStream.empty();
        }
        String name = adequacy.get().cases();
        return stream(bundle.resolve(name), name, metadata, limits);
    }

    /**
     * Streams a case file, one case at a time, naming it in messages as {@code name}.
     *
     * @param file a {@code .jsonl} or {@code .csv} file
     * @param name how messages and {@link CaseSource}s name it
     * @param metadata the model's metadata: declared inputs and outputs
     * @param limits how many cases, of what size, the file may hold
     * @return the cases in file order, read lazily. Close it.
     * @throws InvalidBundleException when the file is missing, unreadable or of another type; later, from the
     *     stream, at the first problem of the file
     * @since 0.2.0
     */
    public static CaseStream stream(Path file, String name, ModelMetadata metadata, CaseLimits limits) {
        return new CaseStream(open(file, name, metadata, limits, false, 1), name);
    }

    /**
     * Streams prediction requests (see {@link #readRequests}), one at a time.
     *
     * @param file a {@code .jsonl} file
     * @param name how messages name it
     * @param metadata the model's metadata
     * @param limits how many requests, of what size, the file may hold
     * @return one case per request, in file order, read lazily. Close it.
     * @throws InvalidBundleException when the file is missing or unreadable; later, from the stream, at the first
     *     problem of the file
     * @since 0.2.0
     */
    public static CaseStream streamRequests(Path file, String name, ModelMetadata metadata, CaseLimits limits) {
        return new CaseStream(open(file, name, metadata, limits, true, 1), name);
    }

    /**
     * Parses one line of a prediction-request file on its own, as {@link #streamRequests} parses each line: a tool
     * that reads a requests file line by line reports a malformed line and goes on with the next.
     *
     * @param line the line's bytes (UTF-8), without its line end; at most {@link CaseLimits#maxCaseBytes()} of them
     * @param lineNumber where the line is in its file, from 1: messages and the default id {@code "line N"} use it
     * @param name how messages name the file
     * @param metadata the model's metadata, which the request is checked against
     * @param limits the size of one request
     * @return the request; empty when the line is blank
     * @throws InvalidBundleException naming the file, line, column and field of the first problem
     * @since 0.2.0
     */
    public static Optional<AdequacyCase> parseRequest(byte[] line, long lineNumber, String name,
            ModelMetadata metadata, CaseLimits limits) {
        Objects.requireNonNull(line, "line");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(limits, "limits");
        if (lineNumber < 1) {
            throw new IllegalArgumentException("lineNumber: " + lineNumber + " must be at least 1");
        }
        JsonlCases parser = new JsonlCases(name, metadata, true, new java.io.ByteArrayInputStream(line), limits, 1);
        parser.numberFrom(lineNumber);
        try (CaseStream one = new CaseStream(parser, name)) {
            return one.hasNext() ? Optional.of(one.next()) : Optional.empty();
        }
    }

    /**
     * Checks every case of the file a bundle's metadata names in {@code adequacy.cases}, in memory bounded by one
     * case, and counts them.
     *
     * @param bundle the opened bundle
     * @param metadata its metadata
     * @param limits how many cases, of what size, the file may hold
     * @return the number of cases; none when the metadata declares no adequacy section
     * @throws InvalidBundleException listing every problem (up to 20), or naming the limit exceeded
     * @since 0.2.0
     */
    public static CaseSummary scan(Bundle bundle, ModelMetadata metadata, CaseLimits limits) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(limits, "limits");
        Optional<AdequacySpec> adequacy = metadata.adequacy();
        if (adequacy.isEmpty()) {
            return new CaseSummary(0, 0);
        }
        String name = adequacy.get().cases();
        return scan(bundle.resolve(name), name, metadata, limits);
    }

    /**
     * Checks every case of a case file, in memory bounded by one case, and counts them.
     *
     * @param file a {@code .jsonl} or {@code .csv} file
     * @param name how messages name it
     * @param metadata the model's metadata: declared inputs and outputs
     * @param limits how many cases, of what size, the file may hold
     * @return the number of cases
     * @throws InvalidBundleException listing every problem (up to 20), or naming the limit exceeded
     * @since 0.2.0
     */
    public static CaseSummary scan(Path file, String name, ModelMetadata metadata, CaseLimits limits) {
        try (CaseParser parser = open(file, name, metadata, limits, false, CaseErrors.CAP)) {
            int cases = 0;
            int raw = 0;
            AdequacyCase c;
            while ((c = parser.next()) != null) {
                cases++;
                raw += c.raw() ? 1 : 0;
            }
            parser.errors.throwIfAny();
            return new CaseSummary(cases, raw);
        } catch (IOException e) {
            throw new InvalidBundleException(name, "cannot be read: " + e, e);
        }
    }

    private static List<AdequacyCase> collect(CaseParser opened, String name) {
        try (CaseParser parser = opened) {
            List<AdequacyCase> cases = new ArrayList<>();
            AdequacyCase c;
            while ((c = parser.next()) != null) {
                cases.add(c);
            }
            parser.errors.throwIfAny();
            return cases;
        } catch (IOException e) {
            throw new InvalidBundleException(name, "cannot be read: " + e, e);
        }
    }

    /** Opens the file and the reader its type calls for; {@code cap} problems are collected before stopping. */
    private static CaseParser open(Path file, String name, ModelMetadata metadata, CaseLimits limits,
            boolean requests, int cap) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(limits, "limits");
        String lower = name.toLowerCase(Locale.ROOT);
        boolean jsonl = requests || lower.endsWith(".jsonl");
        if (!jsonl && !lower.endsWith(".csv")) {
            throw new InvalidBundleException(name, "not a case file (expected a .jsonl or .csv file)");
        }
        InputStream in;
        try {
            in = Files.newInputStream(file);
        } catch (IOException e) {
            throw new InvalidBundleException(name, "cannot be read: " + e, e);
        }
        return jsonl ? new JsonlCases(name, metadata, requests, in, limits, cap)
                : new CsvCases(name, metadata, in, limits, cap);
    }
}
