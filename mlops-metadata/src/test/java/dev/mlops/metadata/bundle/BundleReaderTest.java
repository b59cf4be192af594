// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.StagingException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The reader's options and the staging root. */
class BundleReaderTest {
    @TempDir
    Path tmp;

    @Test
    void standard_usesDefaults() {
        BundleReader r = BundleReader.standard();
        assertThat(r.stagingRoot()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        assertThat(r.maxEntries()).isEqualTo(10_000);
        assertThat(r.maxTotalBytes()).isEqualTo(4L << 30);
        assertThat(r.maxCompressionRatio()).isEqualTo(100);
    }

    @Test
    void builder_rejectsSecondSetAndBadValues() {
        BundleReader.Builder b = BundleReader.newBuilder().maxEntries(5).stagingRoot(tmp);
        assertThatThrownBy(() -> b.maxEntries(6)).isInstanceOf(IllegalStateException.class)
                .hasMessage("maxEntries was already set to 5");
        assertThatThrownBy(() -> b.stagingRoot(tmp)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> b.maxTotalBytes(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.maxCompressionRatio(0)).isInstanceOf(IllegalArgumentException.class);
        BundleReader first = b.build();
        BundleReader second = b.maxTotalBytes(10).build();
        assertThat(first.maxTotalBytes()).isEqualTo(BundleReader.DEFAULT_MAX_TOTAL_BYTES);
        assertThat(second.maxTotalBytes()).isEqualTo(10);
        assertThat(second.maxEntries()).isEqualTo(5);
    }

    @Test
    void open_createsMissingStagingRoot() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Path root = tmp.resolve("deep/staging/root");
        try (Bundle b = BundleReader.newBuilder().stagingRoot(root).build().openUnverified(dir)) {
            assertThat(b.root().getParent()).isEqualTo(root);
            assertThat(b.root().getFileName().toString()).startsWith("mlops-bundle-");
        }
    }

    @Test
    void stamp_declaresTheDeliveryIdWithoutStaging_directoryAndZipAlike() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Path zip = tmp.resolve("b.zip");
        Manifest packed = Bundles.pack(dir, zip);
        BundleReader r = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build();
        assertThat(r.stamp(dir).map(BundleStamp::deliveryId)).contains(packed.deliveryId());
        assertThat(r.stamp(zip).map(BundleStamp::deliveryId)).contains(packed.deliveryId());
        assertThat(r.stamp(dir)).isEqualTo(r.stamp(dir));
        assertThat(r.stamp(zip)).isEqualTo(r.stamp(zip));
        assertThat(tmp.resolve("staging")).doesNotExist();
    }

    @Test
    void stamp_changesWhenAFileIsRewrittenEvenAtTheSameSize() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir);
        BundleReader r = BundleReader.standard();
        BundleStamp before = r.stamp(dir).orElseThrow();
        Path model = dir.resolve("model.onnx");
        FileTime written = Files.getLastModifiedTime(model);
        Files.write(model, Fixtures.bytes(4096, 2)); // same size, other bytes
        Files.setLastModifiedTime(model, FileTime.fromMillis(written.toMillis() + 1_000));
        BundleStamp after = r.stamp(dir).orElseThrow();
        assertThat(after.deliveryId()).isEqualTo(before.deliveryId()); // the manifest did not change
        assertThat(after.fingerprint()).isNotEqualTo(before.fingerprint());
        Files.writeString(dir.resolve("extra.txt"), "unlisted");
        assertThat(r.stamp(dir).orElseThrow().fingerprint()).isNotEqualTo(after.fingerprint());
    }

    @Test
    void stamp_isEmptyWithoutAWellFormedManifest() throws IOException {
        BundleReader r = BundleReader.standard();
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        assertThat(r.stamp(dir)).isEmpty();
        Fixtures.write(dir.resolve("manifest.json"), "{\"manifestVersion\": \"1.0\"");
        assertThat(r.stamp(dir)).isEmpty();
        assertThat(r.stamp(tmp.resolve("absent"))).isEmpty();
        assertThat(r.stamp(Files.writeString(tmp.resolve("notes.txt"), "x"))).isEmpty();
    }

    @Test
    void open_reportsUnwritableStagingAsEnvironmentFailure() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        BundleReader r = BundleReader.newBuilder().stagingRoot(notADirectory).build();
        assertThatThrownBy(() -> r.openUnverified(dir))
                .isInstanceOf(StagingException.class)
                .hasMessageContaining(notADirectory + ": cannot create a staging directory");
    }
}
