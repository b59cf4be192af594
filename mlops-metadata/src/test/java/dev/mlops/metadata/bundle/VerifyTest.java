// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidMetadataException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Manifest verification (RELIABILITY.md cases 1-5, 7), on directories and on zips of them. */
class VerifyTest {
    /** The two forms a bundle comes in. */
    enum Form {
        DIRECTORY, ZIP
    }

    @TempDir
    Path tmp;

    private Path staging;
    private Path dir;
    private BundleReader reader;

    @BeforeEach
    void setUp() throws IOException {
        staging = tmp.resolve("staging");
        dir = Fixtures.bundleDir(tmp.resolve("bundle"));
        reader = BundleReader.newBuilder().stagingRoot(staging).build();
    }

    /** The bundle as it is now, in the given form (a zip is made of the directory as is, tampering included). */
    private Path source(Form form) throws IOException {
        return form == Form.DIRECTORY ? dir : Fixtures.zipAsIs(dir, tmp.resolve("bundle.zip"));
    }

    private IntegrityException integrityFailure(Form form) throws IOException {
        Path src = source(form);
        IntegrityException e = catchThrowableOfType(IntegrityException.class, () -> reader.open(src));
        assertThat(e).as("expected an IntegrityException").isNotNull();
        assertThat(Fixtures.everything(staging)).as("staging cleaned after a failure").isEmpty();
        return e;
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_acceptsPackedBundle(Form form) throws IOException {
        Manifest m = Bundles.pack(dir);
        try (Bundle b = reader.open(source(form))) {
            assertThat(b.isVerified()).isTrue();
            assertThat(b.manifest()).contains(m);
            assertThat(b.deliveryId()).isEqualTo(m.deliveryId());
            assertThat(b.files()).isEqualTo(m.files());
            assertThat(b.contains("manifest.json")).isTrue();
        }
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsBundleWithoutManifest(Form form) throws IOException {
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("manifest.json");
        assertThat(e.getMessage()).contains("a verified bundle needs manifest.json").contains("mlops pack");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void openUnverified_acceptsBundleWithoutManifestAndPredictsDeliveryId(Form form) throws IOException {
        String id;
        try (Bundle b = reader.openUnverified(source(form))) {
            assertThat(b.isVerified()).isFalse();
            assertThat(b.manifest()).isEmpty();
            id = b.deliveryId();
        }
        assertThat(Bundles.pack(dir).deliveryId()).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsBundleWithMissingFile(Form form) throws IOException {
        Bundles.pack(dir);
        Files.delete(dir.resolve("vocab.txt"));
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("vocab.txt");
        assertThat(e).hasMessage("vocab.txt: listed in manifest.json but missing from the bundle");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsBundleWithChangedFile(Form form) throws IOException {
        Manifest m = Bundles.pack(dir);
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        model[1234] ^= 0x10;
        Files.write(dir.resolve("model.onnx"), model);
        String expected = m.entry("model.onnx").orElseThrow().sha256();
        String actual = java.util.HexFormat.of().formatHex(Digests.sha256().digest(model));
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("model.onnx");
        assertThat(e).hasMessage("model.onnx: changed: expected sha256 " + expected + ", actual " + actual);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsBundleWithUnlistedFile(Form form) throws IOException {
        Bundles.pack(dir);
        Files.writeString(dir.resolve("adequacy/extra.csv"), "x,y\n");
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("adequacy/extra.csv");
        assertThat(e).hasMessage("adequacy/extra.csv: present in the bundle but not listed in manifest.json");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsTruncatedFile(Form form) throws IOException {
        Bundles.pack(dir);
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        Files.write(dir.resolve("model.onnx"), Arrays.copyOf(model, 1000));
        IntegrityException e = integrityFailure(form);
        assertThat(e).hasMessage("model.onnx: expected 4096 bytes, found 1000 (truncated or partial copy)");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsFileLargerThanListed(Form form) throws IOException {
        Bundles.pack(dir);
        Files.write(dir.resolve("model.onnx"), new byte[10], java.nio.file.StandardOpenOption.APPEND);
        IntegrityException e = integrityFailure(form);
        assertThat(e).hasMessage("model.onnx: expected 4096 bytes, found 4106 (larger than manifest.json lists)");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_listsEveryProblemAndNamesTheFirst(Form form) throws IOException {
        Bundles.pack(dir);
        Files.delete(dir.resolve("vocab.txt"));
        Files.writeString(dir.resolve("metadata.json"), "{\"schemaVersion\": \"1.0\", \"name\": \"LINEAR\"}\n");
        Files.writeString(dir.resolve("b-unlisted.txt"), "?");
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("b-unlisted.txt");
        assertThat(e.getMessage())
                .startsWith("b-unlisted.txt: present in the bundle but not listed in manifest.json\n  and 2 more problems:")
                .contains("\n  - metadata.json: changed: expected sha256 ")
                .contains("\n  - vocab.txt: listed in manifest.json but missing from the bundle");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsTamperedManifest(Form form) throws IOException {
        Manifest m = Bundles.pack(dir);
        Path manifest = dir.resolve("manifest.json");
        String forged = Files.readString(manifest).replace(m.entry("model.onnx").orElseThrow().sha256(), "0".repeat(64));
        Files.writeString(manifest, forged);
        IntegrityException e = integrityFailure(form);
        assertThat(e.file()).contains("manifest.json");
        assertThat(e.getMessage()).startsWith("manifest.json: deliveryId " + m.deliveryId() + " does not match");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsManifestForgedWithConsistentDeliveryId(Form form) throws IOException {
        Manifest m = Bundles.pack(dir);
        ManifestEntry model = m.entry("model.onnx").orElseThrow();
        java.util.List<ManifestEntry> files = new java.util.ArrayList<>(m.files());
        files.set(files.indexOf(model), new ManifestEntry("model.onnx", "0".repeat(64), model.size()));
        Files.writeString(dir.resolve("manifest.json"), Manifest.of(files).toJson());
        IntegrityException e = integrityFailure(form);
        assertThat(e).hasMessage("model.onnx: changed: expected sha256 " + "0".repeat(64) + ", actual " + model.sha256());
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsMalformedManifestNamingItAndThePath(Form form) throws IOException {
        Bundles.pack(dir);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"size\": 4096", "\"size\": \"4096\""));
        Path src = source(form);
        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class, () -> reader.open(src));
        assertThat(e.file()).contains("manifest.json");
        assertThat(e.violations()).extracting(v -> v.path()).containsExactly("files[2].size");
        assertThat(e).hasMessage("manifest.json: files[2].size: \"4096\" is not a size (an integer >= 0)");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_rejectsOversizedManifestList(Form form) throws IOException {
        Bundles.pack(dir);
        BundleReader small = BundleReader.newBuilder().stagingRoot(staging).maxTotalBytes(2000).build();
        Path src = source(form);
        assertThatThrownBy(() -> small.open(src))
                .hasMessageContaining("more than the limit of 2000");
        assertThat(Fixtures.everything(staging)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void open_neverReadsPastListedSizeOfEndlessFile(Form form) throws IOException {
        Bundles.pack(dir);
        // A file far larger than listed: rejected from the declared size, before its content is read. In a directory
        // it is 64 GiB (a sparse file: no disk used), which reading whole would take far longer than the time allowed.
        long size = form == Form.DIRECTORY ? 64L << 30 : 3 << 20;
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("vocab.txt").toFile(), "rw")) {
            f.setLength(size);
        } catch (IOException e) {
            assumeTrue(false, "no sparse files here: " + e);
        }
        IntegrityException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> integrityFailure(form));
        assertThat(e.getMessage()).startsWith("vocab.txt: expected 11 bytes, found " + size);
        Files.delete(dir.resolve("vocab.txt"));
    }
}
