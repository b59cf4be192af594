// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.StagingException;
import dev.mlops.api.Violation;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regressions of issue 8: special files, size overflow, newer manifests, the stamp's fingerprint, staging errors. */
class BundleHardeningTest {
    private static final Duration NO_HANG = Duration.ofSeconds(20);
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path tmp;

    private final List<Path> fifos = new ArrayList<>();

    /** Creates a FIFO, or skips the test where mkfifo is missing. */
    private Path fifo(Path at) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", at.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            System.out.println("BundleHardeningTest: skipped, mkfifo is not available: " + e.getMessage());
            Assumptions.abort("mkfifo is not available");
            throw e;
        }
        boolean made = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        if (!made) {
            System.out.println("BundleHardeningTest: skipped, mkfifo failed for " + at);
        }
        Assumptions.assumeTrue(made, "mkfifo failed");
        fifos.add(at);
        return at;
    }

    /** Releases any reader a failed test left blocked in open(): opening a FIFO read-write never blocks on Linux. */
    @AfterEach
    void unblockFifos() {
        for (Path f : fifos) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.size();
            } catch (IOException | RuntimeException ignored) {
                // gone with the temporary directory, or nobody was blocked
            }
        }
    }

    private BundleReader reader() {
        return BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build();
    }

    @Test
    void stage_refusesFifoInPlaceOfModelFile() throws Exception {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        Files.delete(dir.resolve("model.onnx"));
        fifo(dir.resolve("model.onnx"));
        for (BundleReader r : List.of(reader(), BundleReader.newBuilder().stagingRoot(tmp.resolve("s2"))
                .secureDirectoryStreams(false).build())) {
            assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> r.open(dir))
                    .isInstanceOf(InvalidBundleException.class)
                    .hasMessageContaining("model.onnx")
                    .hasMessageContaining("not a regular file"));
            assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> r.openUnverified(dir))
                    .isInstanceOf(InvalidBundleException.class).hasMessageContaining("not a regular file"));
            assertTimeoutPreemptively(NO_HANG, () -> assertThat(r.stamp(dir)).isEmpty());
        }
        assertThat(Fixtures.everything(tmp.resolve("staging"))).isEmpty();
    }

    @Test
    void stage_refusesFifoSwappedInAfterListing_portablePath() throws Exception {
        refusesFifoSwappedInAfterListing(false);
    }

    @Test
    void stage_refusesFifoSwappedInAfterListing_secureDirectoryStreams() throws Exception {
        refusesFifoSwappedInAfterListing(true);
    }

    private void refusesFifoSwappedInAfterListing(boolean secure) throws Exception {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        try (DirectorySource src = new DirectorySource(dir, 100, secure)) {
            BundleSource.Entry model = src.files().stream().filter(e -> e.path().equals("model.onnx")).findFirst()
                    .orElseThrow();
            Files.delete(dir.resolve("model.onnx"));
            fifo(dir.resolve("model.onnx"));
            assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> src.open(model).close())
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("is not a regular file (a device, pipe or socket"));
        }
    }

    @Test
    void stamp_andManifestRead_doNotBlockOnFifoManifest() throws Exception {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        Files.delete(dir.resolve("manifest.json"));
        Path fifo = fifo(dir.resolve("manifest.json"));
        assertTimeoutPreemptively(NO_HANG, () -> assertThat(reader().stamp(dir)).isEmpty());
        assertTimeoutPreemptively(NO_HANG, () -> assertThatThrownBy(() -> Manifest.read(fifo))
                .isInstanceOf(InvalidBundleException.class).hasMessageContaining("not a regular file"));
    }

    @Test
    void open_refusesManifestSizeBeyondALong() throws IOException {
        Path dir = tmp.resolve("b");
        Fixtures.write(dir.resolve("manifest.json"), "{\"manifestVersion\": \"1\", \"files\": [{\"path\": \"m\", "
                + "\"sha256\": \"" + A + "\", \"size\": 99999999999999999999}], \"deliveryId\": \"sha256:" + A + "\"}");
        InvalidMetadataException e = (InvalidMetadataException) catchThrowable(() -> reader().open(dir));
        assertThat(e.file()).contains("manifest.json");
        assertThat(e.violations()).extracting(Violation::path).contains("files[0].size");
    }

    @Test
    void open_refusesManifestSizesWhoseSumOverflowsALong() throws IOException {
        Path dir = tmp.resolve("b");
        String id = "sha256:" + sha256(sortedLines("huge", A, Long.MAX_VALUE, "more", B, 1));
        Fixtures.write(dir.resolve("manifest.json"), "{\"manifestVersion\": \"1\", \"files\": ["
                + "{\"path\": \"huge\", \"sha256\": \"" + A + "\", \"size\": " + Long.MAX_VALUE + "}, "
                + "{\"path\": \"more\", \"sha256\": \"" + B + "\", \"size\": 1}], \"deliveryId\": \"" + id + "\"}");
        Throwable t = catchThrowable(() -> reader().open(dir));
        assertThat(t).isInstanceOf(InvalidMetadataException.class).hasMessageContaining("manifest.json")
                .hasMessageContaining("more");
        assertThat(((InvalidMetadataException) t).violations()).extracting(Violation::path)
                .containsExactly("files[1].size");
        assertThatThrownBy(() -> Manifest.of(List.of(new ManifestEntry("huge", A, Long.MAX_VALUE),
                new ManifestEntry("more", B, 1)))).isInstanceOf(IllegalArgumentException.class);
    }

    private static String sortedLines(String p1, String h1, long s1, String p2, String h2, long s2) {
        String l1 = p1 + "\t" + h1 + "\t" + s1 + "\n";
        String l2 = p2 + "\t" + h2 + "\t" + s2 + "\n";
        return p1.compareTo(p2) < 0 ? l1 + l2 : l2 + l1;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Throwable catchThrowable(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("nothing was thrown");
    }

    @Test
    void open_refusesNewerManifestMajorAsIncompatibleSchemaNamingBothVersions() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Fixtures.write(dir.resolve("manifest.json"), "{\"manifestVersion\": \"2\", \"files\": [], \"entries\": []}");
        Throwable t = catchThrowable(() -> reader().open(dir));
        assertThat(t).isInstanceOf(IncompatibleSchemaException.class).hasMessageContaining("manifest.json")
                .hasMessageContaining("\"1\"");
        IncompatibleSchemaException e = (IncompatibleSchemaException) t;
        assertThat(e.found()).isEqualTo("2");
        assertThat(e.supported()).contains("manifestVersion \"1\"");
        assertThat(e.file()).contains("manifest.json");
        assertThatThrownBy(() -> Manifest.parse("{\"manifestVersion\": \"3.1\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IncompatibleSchemaException.class);
    }

    @Test
    void stamp_changesWhenAFileIsRewrittenWithTheSameSizeAndItsModificationTimeSetBack() throws Exception {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("unix"),
                "needs the unix attribute view (ctime)");
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        BundleReader r = reader();
        BundleStamp before = r.stamp(dir).orElseThrow();
        Path model = dir.resolve("model.onnx");
        FileTime mtime = Files.getLastModifiedTime(model, LinkOption.NOFOLLOW_LINKS);
        Object inode = Files.readAttributes(model, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        Thread.sleep(50); // past the file system's timestamp granularity
        Files.write(model, Fixtures.bytes(4096, 2), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        Files.setLastModifiedTime(model, mtime);
        assertThat(Files.size(model)).isEqualTo(4096);
        assertThat(Files.getLastModifiedTime(model, LinkOption.NOFOLLOW_LINKS)).isEqualTo(mtime);
        assertThat(Files.readAttributes(model, java.nio.file.attribute.BasicFileAttributes.class).fileKey())
                .isEqualTo(inode);
        assertThat(r.stamp(dir).orElseThrow()).isNotEqualTo(before);
        assertThat(r.stamp(dir).orElseThrow()).isEqualTo(r.stamp(dir).orElseThrow());
    }

    @Test
    void open_reportsStagingRootThatIsAFileAsStagingException() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        BundleReader r = BundleReader.newBuilder().stagingRoot(notADirectory).build();
        for (Runnable open : List.<Runnable>of(() -> r.open(dir), () -> r.openUnverified(dir))) {
            Throwable t = catchThrowable(open);
            assertThat(t).isInstanceOf(StagingException.class)
                    .hasMessageContaining("cannot create a staging directory");
            assertThat(((StagingException) t).path()).isEqualTo(notADirectory.toString());
            assertThat(t.getCause()).isInstanceOf(IOException.class);
        }
    }

    @Test
    void open_reportsReadOnlyStagingRootAsStagingException() throws IOException {
        Assumptions.assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"), "needs POSIX");
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        Path readOnly = Files.createDirectory(tmp.resolve("ro"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
        try {
            if (Files.isWritable(readOnly)) {
                System.out.println("BundleHardeningTest: skipped open_reportsReadOnlyStagingRootAsStagingException: "
                        + "running as root (or with CAP_DAC_OVERRIDE), which ignores permissions");
                Assumptions.abort("permissions are not enforced for this user");
            }
            BundleReader r = BundleReader.newBuilder().stagingRoot(readOnly).build();
            assertThatThrownBy(() -> r.open(dir)).isInstanceOf(StagingException.class)
                    .hasMessageContaining(readOnly.toString());
            assertThat(Fixtures.everything(readOnly)).isEmpty();
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
        }
    }
}
