package dev.mlops.metadata.cases;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.bundle.Bundle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * {@code adequacy/cases.jsonl: line 3, column 62: inputs.x.data[2]: "abc" is not a float32}. Reading goes on after a
 * problem and stops after 20; all are listed in one {@link InvalidBundleException}.
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
     * Reads a case file, naming it in messages as {@code name}.
     *
     * @param file a {@code .jsonl} or {@code .csv} file
     * @param name how messages and {@link CaseLocation}s name it, for example the bundle-relative
     *     {@code adequacy/cases.jsonl}
     * @param metadata the model's metadata: declared inputs and outputs
     * @return the cases in file order
     * @throws InvalidBundleException when the file is missing, unreadable, of another type, or breaks the format
     */
    public static List<AdequacyCase> read(Path file, String name, ModelMetadata metadata) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metadata, "metadata");
        String lower = name.toLowerCase(Locale.ROOT);
        boolean jsonl = lower.endsWith(".jsonl");
        if (!jsonl && !lower.endsWith(".csv")) {
            throw new InvalidBundleException(name, "not a case file (expected a .jsonl or .csv file)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return jsonl ? new JsonlCases(name, metadata).read(in) : new CsvCases(name, metadata).read(in);
        } catch (IOException e) {
            throw new InvalidBundleException(name, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads prediction requests: JSONL lines that are cases ({@code expected} optional) or the inputs object alone
     * ({@code {"x": {"dtype": "float32", "shape": [1, 1], "data": [1.0]}}}), checked like case inputs.
     *
     * @param file a {@code .jsonl} file
     * @param name how messages name it
     * @param metadata the model's metadata
     * @return one case per request, in file order; ids default to {@code "line N"}
     * @throws InvalidBundleException naming file, line, column and field of every problem (up to 20)
     */
    public static List<AdequacyCase> readRequests(Path file, String name, ModelMetadata metadata) {
        Objects.requireNonNull(file, "file");
        try (InputStream in = Files.newInputStream(file)) {
            return new JsonlCases(name, Objects.requireNonNull(metadata, "metadata"), true).read(in);
        } catch (IOException e) {
            throw new InvalidBundleException(name, "cannot be read: " + e, e);
        }
    }

    /**
     * Reads the cases a bundle's metadata names in {@code adequacy.cases}, from the bundle's staged copy.
     *
     * @param bundle the opened bundle
     * @param metadata its metadata
     * @return the cases in file order; empty when the metadata declares no adequacy section
     * @throws InvalidBundleException when the named file is not in the bundle or breaks the format
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
}
