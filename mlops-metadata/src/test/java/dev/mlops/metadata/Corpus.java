// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The metadata.json corpus under {@code src/test/resources/corpus}, shared by the JSON Schema test and the Java
 * reader's test.
 *
 * <p>Three folders:
 * <ul>
 *   <li>{@value #VALID}: documents every reader must accept;</li>
 *   <li>{@value #INVALID}: documents that break exactly one rule the JSON Schema expresses;</li>
 *   <li>{@value #INVALID_SEMANTIC}: documents the JSON Schema accepts but the Java validator must reject
 *       (cross-field rules).</li>
 * </ul>
 * Every document in the two invalid folders has a sidecar {@code <name>.expected.txt} holding, on one line, the
 * JSON path the Java reader must report, e.g. {@code inputs[1].shape[0]}, {@code adequacy.perOutput.humidity};
 * an empty line means the document root.
 *
 * <p>Use it from a parameterized test:
 * <pre>{@code
 * static Stream<Named<Path>> invalid() {
 *     return Corpus.named(Corpus.INVALID);
 * }
 *
 * @ParameterizedTest
 * @MethodSource("invalid")
 * void read_rejectsInvalidDocument(Path document) throws IOException {
 *     String expectedPath = Corpus.expectedPath(document);
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class Corpus {
    /** Folder of documents every reader accepts. */
    public static final String VALID = "valid";
    /** Folder of documents that break one rule the JSON Schema expresses. */
    public static final String INVALID = "invalid";
    /** Folder of documents the JSON Schema accepts and the Java validator rejects. */
    public static final String INVALID_SEMANTIC = "invalid-semantic";

    private static final String DOCUMENT_SUFFIX = ".json";
    private static final String EXPECTED_SUFFIX = ".expected.txt";

    private Corpus() {
    }

    /**
     * Returns the corpus root directory, as found on the test class path.
     *
     * @return the directory holding the {@code valid}, {@code invalid} and {@code invalid-semantic} folders
     * @throws IllegalStateException if the corpus is not on the class path as a directory
     */
    public static Path root() {
        URL url = Corpus.class.getResource("/corpus");
        if (url == null) {
            throw new IllegalStateException("corpus not found on the test class path: /corpus");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("corpus is not a directory: " + url, e);
        }
    }

    /**
     * Lists the {@code .json} documents of one corpus folder, sorted by file name.
     *
     * @param folder {@link #VALID}, {@link #INVALID} or {@link #INVALID_SEMANTIC}
     * @return the documents, sorted; never empty
     * @throws IllegalStateException if the folder has no documents
     * @throws UncheckedIOException if the folder cannot be listed
     */
    public static Stream<Path> corpus(String folder) {
        Path dir = root().resolve(folder);
        List<Path> documents;
        try (Stream<Path> files = Files.list(dir)) {
            documents = files
                    .filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(DOCUMENT_SUFFIX))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        if (documents.isEmpty()) {
            throw new IllegalStateException("no documents in corpus folder " + dir);
        }
        return documents.stream();
    }

    /**
     * Lists the documents of one corpus folder as JUnit {@link Named} arguments, named by file name, for a
     * {@code @MethodSource}; the test method receives the {@link Path}.
     *
     * @param folder {@link #VALID}, {@link #INVALID} or {@link #INVALID_SEMANTIC}
     * @return the documents, sorted, each named by its file name
     */
    public static Stream<Named<Path>> named(String folder) {
        return corpus(folder).map(p -> Named.of(p.getFileName().toString(), p));
    }

    /**
     * Returns the sidecar file of a document: {@code name.json} to {@code name.expected.txt}.
     *
     * @param document a corpus document
     * @return the sidecar's path, which may not exist
     */
    public static Path expectedFile(Path document) {
        String file = document.getFileName().toString();
        String stem = file.endsWith(DOCUMENT_SUFFIX)
                ? file.substring(0, file.length() - DOCUMENT_SUFFIX.length())
                : file;
        return document.resolveSibling(stem + EXPECTED_SUFFIX);
    }

    /**
     * Reads the JSON path that the Java reader must report for an invalid document.
     *
     * @param document a document of {@link #INVALID} or {@link #INVALID_SEMANTIC}
     * @return the path, e.g. {@code inputs[1].shape[0]}; {@code ""} for the document root
     * @throws IllegalStateException if the sidecar is missing or holds more than one line
     * @throws UncheckedIOException if the sidecar cannot be read
     */
    public static String expectedPath(Path document) {
        Path sidecar = expectedFile(document);
        if (!Files.isRegularFile(sidecar)) {
            throw new IllegalStateException("missing " + sidecar.getFileName() + " for " + document);
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(sidecar, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + sidecar, e);
        }
        if (lines.size() > 1) {
            throw new IllegalStateException(sidecar + ": expected one line, found " + lines.size());
        }
        return lines.isEmpty() ? "" : lines.get(0).strip();
    }

    /**
     * Reads a document as UTF-8 text.
     *
     * @param document a corpus document
     * @return its text
     * @throws UncheckedIOException if it cannot be read
     */
    public static String read(Path document) {
        try {
            return Files.readString(document, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + document, e);
        }
    }
}
