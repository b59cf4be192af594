// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java half of the corpus test: the reader agrees with the JSON Schema on every document of the corpus, and
 * also rejects the documents that break cross-field rules the schema cannot express.
 */
class ReaderCorpusTest {

    static Stream<Named<Path>> valid() {
        return Corpus.named(Corpus.VALID);
    }

    static Stream<Named<Path>> invalid() {
        return Stream.concat(Corpus.named(Corpus.INVALID), Corpus.named(Corpus.INVALID_SEMANTIC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void read_acceptsEveryValidDocument(Path doc) {
        MetadataDocument read = Metadata.read(doc);
        assertThat(Metadata.parse(read.toJson()).metadata()).isEqualTo(read.metadata());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void read_rejectsEveryInvalidDocumentNamingThePath(Path doc) {
        String expected = Corpus.expectedPath(doc);
        if (doc.getFileName().toString().equals("schema-version-newer-major.json")) {
            assertThatThrownBy(() -> Metadata.read(doc)).isInstanceOf(IncompatibleSchemaException.class);
            return;
        }
        assertThatThrownBy(() -> Metadata.read(doc))
                .isInstanceOfSatisfying(InvalidMetadataException.class, e -> assertThat(e.violations())
                        .extracting(Violation::path).contains(expected))
                .hasMessageStartingWith(doc.getFileName().toString() + ": ");
    }
}
