package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void declaredDeliveryId_readsOnlyTheManifest_directoryAndZipAlike() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Path zip = tmp.resolve("b.zip");
        Manifest packed = Bundles.pack(dir, zip);
        BundleReader r = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build();
        assertThat(r.declaredDeliveryId(dir)).contains(packed.deliveryId());
        assertThat(r.declaredDeliveryId(zip)).contains(packed.deliveryId());
        Files.write(dir.resolve("model.onnx"), Fixtures.bytes(4096, 2)); // the files are not read, only listed
        assertThat(r.declaredDeliveryId(dir)).contains(packed.deliveryId());
        assertThat(tmp.resolve("staging")).doesNotExist();
    }

    @Test
    void declaredDeliveryId_isEmptyWithoutAWellFormedManifest() throws IOException {
        BundleReader r = BundleReader.standard();
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        assertThat(r.declaredDeliveryId(dir)).isEmpty();
        Fixtures.write(dir.resolve("manifest.json"), "{\"manifestVersion\": \"1.0\"");
        assertThat(r.declaredDeliveryId(dir)).isEmpty();
        assertThat(r.declaredDeliveryId(tmp.resolve("absent"))).isEmpty();
        assertThat(r.declaredDeliveryId(Files.writeString(tmp.resolve("notes.txt"), "x"))).isEmpty();
    }

    @Test
    void open_reportsUnwritableStagingAsEnvironmentFailure() throws IOException {
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Path notADirectory = Files.writeString(tmp.resolve("file"), "x");
        BundleReader r = BundleReader.newBuilder().stagingRoot(notADirectory).build();
        assertThatThrownBy(() -> r.openUnverified(dir))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("cannot create a staging directory under " + notADirectory);
    }
}
