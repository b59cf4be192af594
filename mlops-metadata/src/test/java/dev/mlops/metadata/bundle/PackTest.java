// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pack}: the manifest and the zip, atomic and reproducible (RELIABILITY.md cases 3, 25). */
class PackTest {
    @TempDir
    Path tmp;

    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Fixtures.bundleDir(tmp.resolve("bundle"));
    }

    @Test
    void pack_writesManifestListingEveryOtherFile() throws IOException {
        Manifest m = Bundles.pack(dir);
        assertThat(m.files()).extracting(ManifestEntry::path)
                .containsExactly("adequacy/cases.jsonl", "metadata.json", "model.onnx", "vocab.txt");
        assertThat(Manifest.read(dir.resolve("manifest.json"))).isEqualTo(m);
        assertThat(Files.readString(dir.resolve("manifest.json"))).isEqualTo(m.toJson());
    }

    @Test
    void pack_replacesStaleManifestAndLeavesNoTemporaryFile() throws IOException {
        Files.writeString(dir.resolve("manifest.json"), "stale, not even JSON");
        Manifest m = Bundles.pack(dir);
        assertThat(Manifest.read(dir.resolve("manifest.json"))).isEqualTo(m);
        assertThat(Fixtures.list(dir)).containsExactly("adequacy/cases.jsonl", "manifest.json", "metadata.json",
                "model.onnx", "vocab.txt");
    }

    @Test
    void pack_zipIsReproducible() throws IOException {
        Manifest m1 = Bundles.pack(dir, tmp.resolve("out/one.zip"));
        Manifest m2 = Bundles.pack(dir, tmp.resolve("out/two.zip"));
        assertThat(m2).isEqualTo(m1);
        assertThat(Files.readAllBytes(tmp.resolve("out/two.zip"))).isEqualTo(Files.readAllBytes(tmp.resolve("out/one.zip")));

        // The same content created in another order, with other timestamps, gives the same bytes.
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        List<String> files = new ArrayList<>(Fixtures.list(dir));
        files.remove("manifest.json");
        Collections.reverse(files);
        for (String f : files) {
            Files.createDirectories(copy.resolve(f).getParent());
            Files.copy(dir.resolve(f), copy.resolve(f));
            Files.setLastModifiedTime(copy.resolve(f), FileTime.fromMillis(1_000_000_000_000L));
        }
        Bundles.pack(copy, tmp.resolve("out/three.zip"));
        assertThat(Files.readAllBytes(tmp.resolve("out/three.zip"))).isEqualTo(Files.readAllBytes(tmp.resolve("out/one.zip")));
    }

    @Test
    void pack_zipHasSortedStoredEntriesWithFixedTimestamps() throws IOException {
        Path zip = tmp.resolve("b.zip");
        Bundles.pack(dir, zip);
        List<String> names = new ArrayList<>();
        try (ZipFile zf = new ZipFile(zip.toFile())) {
            for (ZipEntry e : Collections.list(zf.entries())) {
                names.add(e.getName());
                assertThat(e.getMethod()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getTimeLocal()).isEqualTo(LocalDateTime.of(1980, 1, 1, 0, 0));
            }
        }
        assertThat(names).containsExactly("adequacy/cases.jsonl", "manifest.json", "metadata.json", "model.onnx",
                "vocab.txt");
        // ZipInputStream checks every CRC and size.
        try (InputStream in = Files.newInputStream(zip); ZipInputStream zis = new ZipInputStream(in)) {
            int count = 0;
            while (zis.getNextEntry() != null) {
                zis.readAllBytes();
                count++;
            }
            assertThat(count).isEqualTo(5);
        }
    }

    @Test
    void pack_zipOpensVerifiedWithTheSameDeliveryId() throws IOException {
        Path zip = tmp.resolve("b.zip");
        Manifest m = Bundles.pack(dir, zip);
        BundleReader reader = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build();
        try (Bundle b = reader.open(zip)) {
            assertThat(b.deliveryId()).isEqualTo(m.deliveryId());
            assertThat(Files.readAllBytes(b.resolve("model.onnx"))).isEqualTo(Files.readAllBytes(dir.resolve("model.onnx")));
        }
    }

    @Test
    void pack_failedZipWriteLeavesNoFileBehind() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Path blocker = Files.createDirectories(out.resolve("b.zip"));
        Files.writeString(blocker.resolve("keep"), "a directory where the zip should go");
        assertThatThrownBy(() -> Bundles.pack(dir, blocker)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("b.zip");
        try (var s = Files.list(out)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("b.zip");
        }
        assertThat(blocker.resolve("keep")).exists();
    }

    @Test
    void pack_replacesOldZipWhole() throws IOException {
        Path zip = tmp.resolve("b.zip");
        Files.writeString(zip, "old content");
        Manifest m = Bundles.pack(dir, zip);
        try (Bundle b = BundleReader.newBuilder().stagingRoot(tmp.resolve("s")).build().open(zip)) {
            assertThat(b.deliveryId()).isEqualTo(m.deliveryId());
        }
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList()).isEmpty();
        }
    }

    @Test
    void pack_refusesZipInsideTheBundle() {
        assertThatThrownBy(() -> Bundles.pack(dir, dir.resolve("self.zip")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inside the bundle directory");
        assertThat(dir.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void pack_refusesSymlink() throws IOException {
        try {
            Files.createSymbolicLink(dir.resolve("link.bin"), dir.resolve("model.onnx"));
        } catch (UnsupportedOperationException | FileSystemException e) {
            assumeTrue(false, "no symbolic links here");
        }
        assertThatThrownBy(() -> Bundles.pack(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("link.bin: is a symbolic link");
        assertThat(dir.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void pack_refusesHardLink() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("unix"));
        try {
            Files.createLink(dir.resolve("copy.onnx"), dir.resolve("model.onnx"));
        } catch (UnsupportedOperationException | FileSystemException e) {
            assumeTrue(false, "no hard links here");
        }
        assertThatThrownBy(() -> Bundles.pack(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("copy.onnx: has 2 hard links")
                .hasMessageContaining("model.onnx: has 2 hard links");
        assertThat(dir.resolve("manifest.json")).doesNotExist();
    }

    @Test
    void pack_refusesPickle() throws IOException {
        Files.writeString(dir.resolve("model.pkl"), "x");
        assertThatThrownBy(() -> Bundles.pack(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("model.pkl: file type '.pkl' is not allowed in a bundle");
    }

    @Test
    void pack_refusesNonDirectory() throws IOException {
        Path file = Files.writeString(tmp.resolve("f.txt"), "x");
        assertThatThrownBy(() -> Bundles.pack(file))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(file + ": not a directory");
    }
}
