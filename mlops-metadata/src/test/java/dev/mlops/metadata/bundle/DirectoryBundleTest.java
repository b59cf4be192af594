// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Directory bundles: links and special files refused (RELIABILITY.md cases 8, 9), the staged private copy (case 13).
 * Link tests run both through {@link java.nio.file.SecureDirectoryStream} and the portable fallback.
 */
class DirectoryBundleTest {
    @TempDir
    Path tmp;

    private Path staging;
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        staging = tmp.resolve("staging");
        dir = Fixtures.bundleDir(tmp.resolve("bundle"));
    }

    private BundleReader reader(boolean secure) {
        return BundleReader.newBuilder().stagingRoot(staging).secureDirectoryStreams(secure).build();
    }

    private static void symlinkOrSkip(Path link, Path target) throws IOException {
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | FileSystemException e) {
            assumeTrue(false, "this file system does not allow symbolic links: " + e);
        }
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void open_rejectsSymlinkInDirectory(boolean secure) throws IOException {
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        symlinkOrSkip(dir.resolve("data.bin"), outside);
        assertThatThrownBy(() -> reader(secure).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("data.bin: is a symbolic link (a bundle may not contain links; copy the target instead)");
        assertThat(Fixtures.everything(staging)).isEmpty();
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void open_rejectsSymlinkedSubdirectory(boolean secure) throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("x"), "x");
        symlinkOrSkip(dir.resolve("sub"), outside);
        assertThatThrownBy(() -> reader(secure).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("sub: is a symbolic link");
    }

    @ParameterizedTest(name = "secure directory stream: {0}")
    @ValueSource(booleans = {true, false})
    void open_rejectsHardLinkToOutsideFile(boolean secure) throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("unix"), "no unix:nlink here");
        Path outside = Files.writeString(tmp.resolve("secret.txt"), "secret");
        try {
            Files.createLink(dir.resolve("weights.bin"), outside);
        } catch (UnsupportedOperationException | FileSystemException e) {
            assumeTrue(false, "this file system does not allow hard links: " + e);
        }
        assertThatThrownBy(() -> reader(secure).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("weights.bin: has 2 hard links (a bundle may not contain hard links; copy the file instead)");
    }

    @Test
    void open_rejectsFifo() throws Exception {
        Path fifo = dir.resolve("pipe");
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (IOException e) {
            assumeTrue(false, "no mkfifo here");
            return;
        }
        assumeTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo failed");
        assertThatThrownBy(() -> reader(true).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("pipe: is not a regular file (a device, pipe or socket)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.pkl", "sub/state.PT", "weights.joblib", "lib/native.so", "arr.npy"})
    void open_rejectsFormatsThatRunCode(String name) throws IOException {
        Fixtures.write(dir.resolve(name), "x");
        assertThatThrownBy(() -> reader(true).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith(name + ": file type '.")
                .hasMessageContaining("can run code when loaded");
    }

    @Test
    void open_rejectsNamesThatAreUnsafeOnOtherSystems() throws IOException {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"));
        Fixtures.write(dir.resolve("a\\b"), "x");
        assertThatThrownBy(() -> reader(true).openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage("a\\b: path contains a backslash (use '/' between segments)");
    }

    @Test
    void open_rejectsMissingSource() {
        Path missing = tmp.resolve("nope");
        assertThatThrownBy(() -> reader(true).open(missing))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(missing + ": no such bundle (expected a directory or a .zip file)");
    }

    @Test
    void open_rejectsDirectoryWithTooManyEntries() {
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxEntries(3).build();
        assertThatThrownBy(() -> small.openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(dir + ": has more than 3 files and directories (the limit)");
    }

    @Test
    void open_rejectsDirectoryOverTotalSize() throws IOException {
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxTotalBytes(1000).build();
        assertThatThrownBy(() -> small.openUnverified(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith(dir + ": holds more than the limit of 1000 bytes");
        assertThat(Fixtures.everything(staging)).isEmpty();
    }

    @Test
    void open_stagesPrivateCopyReadableOnlyByOwner() throws IOException {
        Bundles.pack(dir);
        try (Bundle b = reader(true).open(dir)) {
            assertThat(b.root()).startsWith(staging).isNotEqualTo(dir);
            assertThat(Files.readAllBytes(b.resolve("model.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("model.onnx")));
            assumeTrue(staging.getFileSystem().supportedFileAttributeViews().contains("posix"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.root()))).isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.root().resolve("adequacy"))))
                    .isEqualTo("rwx------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.resolve("model.onnx"))))
                    .isEqualTo("rw-------");
        }
    }

    @Test
    void open_isImmuneToSourceChangesAfterVerification() throws IOException {
        Bundles.pack(dir);
        try (Bundle b = reader(true).open(dir)) {
            byte[] verified = Files.readAllBytes(b.resolve("model.onnx"));
            Files.write(dir.resolve("model.onnx"), Fixtures.bytes(4096, 99));
            Files.delete(dir.resolve("vocab.txt"));
            assertThat(Files.readAllBytes(b.resolve("model.onnx"))).isEqualTo(verified);
            assertThat(b.resolve("vocab.txt")).exists();
        }
    }

    @Test
    void close_deletesStagingAndIsIdempotent() throws IOException {
        Bundles.pack(dir);
        Bundle b = reader(true).open(dir);
        Path root = b.root();
        b.close();
        b.close();
        assertThat(root).doesNotExist();
        assertThat(Fixtures.everything(staging)).isEmpty();
        assertThatThrownBy(() -> b.resolve("model.onnx")).isInstanceOf(IllegalStateException.class);
        assertThat(b.toString()).contains("closed");
    }

    @Test
    void resolve_returnsStagedFileInsideRoot() throws IOException {
        try (Bundle b = reader(true).openUnverified(dir)) {
            assertThat(b.resolve("adequacy/cases.jsonl")).startsWith(b.root()).isRegularFile();
            assertThat(b.contains("adequacy/cases.jsonl")).isTrue();
            assertThat(b.contains("nope.txt")).isFalse();
            assertThat(Files.isSymbolicLink(b.resolve("model.onnx"))).isFalse();
            assertThat(Files.exists(b.resolve("model.onnx"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"../bundle/model.onnx", "/etc/passwd", "a\\b", "C:x", "", "adequacy/../model.onnx", "./x"})
    void resolve_rejectsUnsafePaths(String path) throws IOException {
        try (Bundle b = reader(true).openUnverified(dir)) {
            assertThatThrownBy(() -> b.resolve(path)).isInstanceOf(InvalidBundleException.class);
        }
    }

    @Test
    void resolve_rejectsFileNotInBundle() throws IOException {
        try (Bundle b = reader(true).openUnverified(dir)) {
            assertThatThrownBy(() -> b.resolve("config.json"))
                    .isInstanceOf(InvalidBundleException.class)
                    .hasMessage("config.json: no such file in bundle " + dir);
        }
    }

    @Test
    void openUnverified_ignoresManifestButStagesIt() throws IOException {
        Bundles.pack(dir);
        Files.writeString(dir.resolve("extra.txt"), "not listed");
        try (Bundle b = reader(true).openUnverified(dir)) {
            assertThat(b.isVerified()).isFalse();
            assertThat(b.manifest()).isEmpty();
            assertThat(b.contains("manifest.json")).isTrue();
            assertThat(b.files()).extracting(ManifestEntry::path).contains("extra.txt").doesNotContain("manifest.json");
        }
    }
}
