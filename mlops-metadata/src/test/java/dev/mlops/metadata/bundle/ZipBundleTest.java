// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Zip-specific attacks (RELIABILITY.md cases 11 and 12): every archive is built byte by byte in the test. */
class ZipBundleTest {
    @TempDir
    Path tmp;

    private Path staging;
    private BundleReader reader;

    @BeforeEach
    void setUp() {
        staging = tmp.resolve("staging");
        reader = BundleReader.newBuilder().stagingRoot(staging).build();
    }

    private InvalidBundleException rejected(ZipBuilder zip) throws IOException {
        Path file = zip.write(tmp.resolve("bundle.zip"));
        InvalidBundleException e = catchThrowableOfType(InvalidBundleException.class, () -> reader.openUnverified(file));
        assertThat(e).as("expected the zip to be refused").isNotNull();
        assertThat(Fixtures.everything(staging)).as("nothing staged after a refusal").isEmpty();
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "../evil            | path has a '..' segment (it would escape the bundle)",
        "a/../../evil       | path has a '..' segment (it would escape the bundle)",
        "/abs               | absolute path (paths are relative to the bundle root)",
        "..\\evil           | path contains a backslash (use '/' between segments)",
        "C:evil             | path contains a colon (drive letter or stream name)",
        "a//b               | path has an empty segment",
        "./a                | path has a '.' segment",
    })
    void open_rejectsZipEntryWithUnsafeName(String name, String reason) throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("model.onnx", "m").add(name, "evil"));
        assertThat(e.file()).contains(name);
        assertThat(e).hasMessage(name + ": zip entry refused: " + reason);
        assertThat(tmp.resolve("evil")).doesNotExist();
        assertThat(tmp.getParent().resolve("evil")).doesNotExist();
    }

    @Test
    void open_rejectsZipEntryWithParentSegment() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("../evil", "x"));
        assertThat(e.file()).contains("../evil");
        assertThat(e.getMessage()).contains("'..' segment");
    }

    @Test
    void open_rejectsZipEntryWithControlCharacter() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("a\nb", "x"));
        assertThat(e).hasMessage("a\\u000ab: zip entry refused: path contains a control character");
    }

    @Test
    void open_rejectsDuplicateZipEntries() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("model.onnx", "good").add("model.onnx", "evil"));
        assertThat(e).hasMessage("model.onnx: duplicate entry (the name appears twice)");
    }

    @Test
    void open_rejectsZipEntriesDifferingOnlyInCase() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("model.onnx", "good").add("MODEL.onnx", "evil"));
        assertThat(e.getMessage()).contains("only in letter case");
    }

    @Test
    void open_rejectsZipEntryThatIsBothFileAndDirectory() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("a", "file").add("a/b", "x"));
        assertThat(e).hasMessage("a: is a file, but \"a/b\" needs it to be a directory");
    }

    @Test
    void open_rejectsZipSymlinkEntry() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("model.onnx", "m").symlink("data.bin", "/etc/passwd"));
        assertThat(e).hasMessage("data.bin: zip entry is a symbolic link (a bundle may not contain links)");
    }

    @Test
    void open_acceptsUnixRegularFileEntries() throws IOException {
        Path file = new ZipBuilder().add("model.onnx", "m").unixRegular().directory("adequacy")
                .add("adequacy/cases.jsonl", "{}").unixRegular().write(tmp.resolve("ok.zip"));
        try (Bundle b = reader.openUnverified(file)) {
            assertThat(b.files()).extracting(ManifestEntry::path).containsExactly("adequacy/cases.jsonl", "model.onnx");
            assertThat(Files.readString(b.resolve("adequacy/cases.jsonl"))).isEqualTo("{}");
        }
    }

    @Test
    void open_rejectsEncryptedZipEntry() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("model.onnx", "m").encrypted());
        assertThat(e).hasMessage("model.onnx: zip entry is encrypted (not supported)");
    }

    @Test
    void open_rejectsZipWithTooManyEntries() throws IOException {
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxEntries(5).build();
        ZipBuilder zip = new ZipBuilder();
        for (int i = 0; i < 6; i++) {
            zip.add("f" + i, "x");
        }
        Path file = zip.write(tmp.resolve("many.zip"));
        assertThatThrownBy(() -> small.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(file + ": has 6 entries, more than the limit of 5");
    }

    @Test
    void open_rejectsZipPastDefaultEntryCap() throws IOException {
        ZipBuilder zip = new ZipBuilder();
        for (int i = 0; i <= BundleReader.DEFAULT_MAX_ENTRIES; i++) {
            zip.add("f" + i, new byte[0]);
        }
        Path file = zip.write(tmp.resolve("many.zip"));
        assertThatThrownBy(() -> reader.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("has 10001 entries, more than the limit of 10000");
    }

    @Test
    void open_rejectsZipBombByDeclaredRatio() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().deflated("model.onnx", new byte[8 << 20]));
        assertThat(e.file()).contains("model.onnx");
        assertThat(e.getMessage()).contains("a ratio above the limit of 100 (zip bomb)");
    }

    @Test
    void open_rejectsZipEntryInflatingPastItsDeclaredSize() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().deflated("model.onnx", new byte[4 << 20]).declaredSize(100));
        assertThat(e).hasMessage("model.onnx: zip entry inflates to more than its declared 100 bytes");
    }

    @Test
    void open_rejectsZipBombPastConfiguredRatio() throws IOException {
        BundleReader strict = BundleReader.newBuilder().stagingRoot(staging).maxCompressionRatio(2).build();
        Path file = new ZipBuilder().deflated("model.onnx", new byte[3 << 20]).write(tmp.resolve("r.zip"));
        assertThatThrownBy(() -> strict.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("(zip bomb)");
    }

    @Test
    void open_rejectsZipOverTotalSize() throws IOException {
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxTotalBytes(1000).build();
        Path file = new ZipBuilder().add("a", new byte[600]).add("b", new byte[600]).write(tmp.resolve("big.zip"));
        assertThatThrownBy(() -> small.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(file + ": declares 1200 uncompressed bytes, more than the limit of 1000");
    }

    @Test
    void open_rejectsZipThatUnderstatesSizesToPassTheTotalCap() throws IOException {
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxTotalBytes(1000).build();
        Path file = new ZipBuilder().add("a", new byte[600]).declaredSize(10).add("b", new byte[600]).declaredSize(10)
                .write(tmp.resolve("liar.zip"));
        assertThatThrownBy(() -> small.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("more than its declared 10 bytes");
    }

    @Test
    void open_rejectsFileThatIsNotAZip() throws IOException {
        Path file = Files.write(tmp.resolve("bundle.zip"), "not a zip at all".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> reader.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(file + ": not a valid zip archive: too short");
        Path longer = Files.write(tmp.resolve("b2.zip"), new byte[1000]);
        assertThatThrownBy(() -> reader.openUnverified(longer))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(longer + ": not a valid zip archive: no end-of-central-directory record");
    }

    @Test
    void open_rejectsFileWithoutZipExtension() throws IOException {
        Path file = new ZipBuilder().add("a", "x").write(tmp.resolve("bundle.tar"));
        assertThatThrownBy(() -> reader.openUnverified(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(file + ": not a bundle: expected a directory or a .zip file");
    }

    @Test
    void open_listsEveryUnsafeEntry() throws IOException {
        InvalidBundleException e = rejected(new ZipBuilder().add("../a", "x").add("/b", "x").add("C:c", "x"));
        assertThat(e.file()).contains("../a");
        assertThat(e.getMessage())
                .contains("and 2 more problems:")
                .contains("- /b: zip entry refused: absolute path")
                .contains("- C:c: zip entry refused: path contains a colon");
    }

    @Test
    void open_stagesZipIntoPrivateCopy() throws IOException {
        Path file = new ZipBuilder().add("model.onnx", "model-bytes").add("sub/data.bin", "data")
                .write(tmp.resolve("ok.zip"));
        try (Bundle b = reader.openUnverified(file)) {
            assertThat(b.root()).startsWith(staging);
            assertThat(Files.readString(b.resolve("model.onnx"))).isEqualTo("model-bytes");
            assertThat(Files.readString(b.resolve("sub/data.bin"))).isEqualTo("data");
            assertThat(b.isVerified()).isFalse();
        }
        assertThat(Fixtures.everything(staging)).isEmpty();
    }
}
