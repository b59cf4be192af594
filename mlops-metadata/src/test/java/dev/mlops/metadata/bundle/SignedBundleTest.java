// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.UntrustedBundleException;
import dev.mlops.api.Violation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Signed bundles: {@code manifest.sig} written by {@code pack}, required by a reader that trusts keys. */
class SignedBundleTest {
    private static final SigningKey KEY = SigningKey.generate();
    private static final SigningKey OTHER = SigningKey.generate();

    @TempDir
    Path tmp;

    private Path dir;
    private BundleReader trusting;
    private BundleReader plain;

    @BeforeEach
    void setUp() throws IOException {
        dir = Fixtures.bundleDir(tmp.resolve("b"));
        trusting = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging"))
                .trust(TrustedKeys.of(KEY.publicKey())).build();
        plain = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build();
    }

    /** Opens the directory as it is, or a zip of it as it is. */
    enum Form {
        DIRECTORY, ZIP;

        Path of(Path dir, Path tmp) throws IOException {
            return this == DIRECTORY ? dir : Fixtures.zipAsIs(dir, tmp.resolve("as-is-" + System.nanoTime() + ".zip"));
        }
    }

    static Stream<Arguments> forms() {
        return Stream.of(Arguments.of(Form.DIRECTORY), Arguments.of(Form.ZIP));
    }

    @Test
    void open_acceptsBundleSignedByATrustedKey_directoryAndPackedZip() throws IOException {
        Path zip = tmp.resolve("dist/b.zip");
        Manifest m = Bundles.pack(dir, zip, KEY);
        assertThat(dir.resolve("manifest.sig")).isRegularFile();
        for (Path source : List.of(dir, zip)) {
            try (Bundle b = trusting.open(source)) {
                assertThat(b.deliveryId()).isEqualTo(m.deliveryId());
                assertThat(b.signature()).contains(new BundleSignature(List.of(KEY.keyId()), List.of(KEY.keyId())));
                assertThat(b.signature().orElseThrow().isVerified()).isTrue();
                assertThat(b.contains("manifest.sig")).isTrue();
                assertThat(b.root().resolve("manifest.sig")).hasSameBinaryContentAs(dir.resolve("manifest.sig"));
                assertThat(b.resolve("manifest.sig")).isRegularFile();
                assertThat(b.files()).extracting(ManifestEntry::path).doesNotContain("manifest.sig", "manifest.json");
                assertThat(b.toString()).contains("signed by [" + KEY.keyId() + "]");
            }
        }
        assertThat(Fixtures.list(tmp.resolve("staging"))).isEmpty();
    }

    @Test
    void signatureFile_hasTheDocumentedFormat() throws IOException {
        Bundles.pack(dir, KEY);
        byte[] manifest = Files.readAllBytes(dir.resolve("manifest.json"));
        String sig = Files.readString(dir.resolve("manifest.sig"));
        String b64 = Base64.getEncoder().encodeToString(KEY.sign(manifest));
        assertThat(sig).isEqualTo("{\n  \"signatureVersion\": \"1\",\n  \"signatures\": [\n    {\"algorithm\": "
                + "\"Ed25519\", \"keyId\": \"" + KEY.keyId() + "\", \"signature\": \"" + b64 + "\"}\n  ]\n}\n");
        assertThat(KEY.keyId()).matches("sha256:[0-9a-f]{64}");
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_withoutTrust_reportsTheSignatureUnverified(Form form) throws IOException {
        Bundles.pack(dir, KEY);
        try (Bundle b = plain.open(form.of(dir, tmp))) {
            assertThat(b.signature()).contains(new BundleSignature(List.of(KEY.keyId()), List.of()));
            assertThat(b.signature().orElseThrow().isVerified()).isFalse();
        }
        try (Bundle b = plain.openUnverified(form.of(dir, tmp))) {
            assertThat(b.signature()).isEmpty();
            assertThat(b.contains("manifest.sig")).isTrue();
            assertThat(b.files()).extracting(ManifestEntry::path).doesNotContain("manifest.sig");
        }
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_refusesFileChangedAfterSigning_rePackedWithoutKey(Form form) throws IOException {
        Bundles.pack(dir, KEY);
        Fixtures.write(dir.resolve("vocab.txt"), "alpha\nbeta\ngamma\n");
        Bundles.pack(dir); // a valid new delivery, but unsigned: the old signature is removed with the old manifest
        assertThat(dir.resolve("manifest.sig")).doesNotExist();
        Path source = form.of(dir, tmp);
        UntrustedBundleException e = catchThrowableOfType(UntrustedBundleException.class, () -> trusting.open(source));
        assertThat(e.file()).contains("manifest.sig");
        assertThat(e).hasMessageContaining("manifest.sig: missing").hasMessageContaining(KEY.keyId());
        assertThat(e.signedBy()).isEmpty();
        assertThat(e.trusted()).containsExactly(KEY.keyId());
        try (Bundle b = plain.open(source)) {
            assertThat(b.signature()).isEmpty();
        }
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_refusesFileChangedAfterSigning_oldSignatureCopiedBack(Form form) throws IOException {
        Bundles.pack(dir, KEY);
        byte[] oldSignature = Files.readAllBytes(dir.resolve("manifest.sig"));
        Files.write(dir.resolve("model.onnx"), Fixtures.bytes(4096, 99));
        Bundles.pack(dir);
        Files.write(dir.resolve("manifest.sig"), oldSignature);
        Path source = form.of(dir, tmp);
        UntrustedBundleException e = catchThrowableOfType(UntrustedBundleException.class, () -> trusting.open(source));
        assertThat(e.file()).contains("manifest.json");
        assertThat(e).hasMessageContaining("does not verify over manifest.json");
        assertThat(e.signedBy()).containsExactly(KEY.keyId());
        assertThat(Fixtures.list(tmp.resolve("staging"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_refusesManifestEditedAfterSigning(Form form) throws IOException {
        Bundles.pack(dir, KEY);
        Path manifest = dir.resolve("manifest.json");
        Files.writeString(manifest, Files.readString(manifest).replace("\"manifestVersion\": \"1\"",
                "\"manifestVersion\":  \"1\""));
        Path source = form.of(dir, tmp);
        assertThatThrownBy(() -> trusting.open(source)).isInstanceOf(UntrustedBundleException.class)
                .hasMessageContaining("does not verify");
        plain.open(source).close(); // still a valid, unsigned-in-effect bundle without trust
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_refusesBundleSignedOnlyByAnUntrustedKey(Form form) throws IOException {
        Bundles.pack(dir, OTHER);
        Path source = form.of(dir, tmp);
        UntrustedBundleException e = catchThrowableOfType(UntrustedBundleException.class, () -> trusting.open(source));
        assertThat(e.file()).contains("manifest.sig");
        assertThat(e).hasMessageContaining("signed only by keys that are not trusted")
                .hasMessageContaining(OTHER.keyId()).hasMessageContaining(KEY.keyId());
        assertThat(e.signedBy()).containsExactly(OTHER.keyId());
        BundleReader both = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging"))
                .trust(TrustedKeys.of(KEY.publicKey(), OTHER.publicKey())).build();
        try (Bundle b = both.open(source)) {
            assertThat(b.signature().orElseThrow().verifiedBy()).containsExactly(OTHER.keyId());
        }
    }

    @ParameterizedTest
    @MethodSource("forms")
    void open_refusesUnsignedBundleWhenKeysAreTrusted(Form form) throws IOException {
        Bundles.pack(dir);
        Path source = form.of(dir, tmp);
        assertThatThrownBy(() -> trusting.open(source)).isInstanceOf(UntrustedBundleException.class)
                .hasMessageStartingWith("manifest.sig: missing from ");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "{\"signatureVersion\": \"1\", \"signatures\": []}",
        "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": \"Ed25519\", \"keyId\": \"sha256:ab\", "
                + "\"signature\": \"AAAA\"}]}",
        "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": \"RSA\", \"keyId\": \"KEYID\", "
                + "\"signature\": \"SIG\"}]}",
        "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": \"Ed25519\", \"keyId\": \"KEYID\", "
                + "\"signature\": \"SIG\", \"comment\": \"x\"}]}",
        "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": \"Ed25519\", \"keyId\": \"KEYID\", "
                + "\"signature\": \"SIG\"}], \"signatureVersion\": \"1\"}",
        "{\"signatureVersion\": 1, \"signatures\": [{\"algorithm\": \"Ed25519\", \"keyId\": \"KEYID\", "
                + "\"signature\": \"SIG\"}]}",
        "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": \"Ed25519\", \"keyId\": \"KEYID\", "
                + "\"signature\": \"SIG\"}, {\"algorithm\": \"Ed25519\", \"keyId\": \"KEYID\", \"signature\": \"SIG\"}]}",
    })
    void open_refusesMalformedSignatureFileNamingIt_withAndWithoutTrust(String text) throws IOException {
        Bundles.pack(dir, KEY);
        String sig = Base64.getEncoder().encodeToString(KEY.sign(Files.readAllBytes(dir.resolve("manifest.json"))));
        Fixtures.write(dir.resolve("manifest.sig"), text.replace("KEYID", KEY.keyId()).replace("SIG", sig));
        for (Form form : Form.values()) {
            Path source = form.of(dir, tmp);
            for (BundleReader r : List.of(plain, trusting)) {
                InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class,
                        () -> r.open(source));
                assertThat(e).as(text).isNotNull();
                assertThat(e.file()).contains("manifest.sig");
                assertThat(e.getMessage()).startsWith("manifest.sig: ");
            }
        }
        assertThat(Fixtures.list(tmp.resolve("staging"))).isEmpty();
    }

    @Test
    void open_refusesNewerSignatureVersionNamingBoth() throws IOException {
        Bundles.pack(dir, KEY);
        Fixtures.write(dir.resolve("manifest.sig"), "{\"signatureVersion\": \"2\", \"whatever\": true}");
        for (BundleReader r : List.of(plain, trusting)) {
            IncompatibleSchemaException e = catchThrowableOfType(IncompatibleSchemaException.class, () -> r.open(dir));
            assertThat(e.file()).contains("manifest.sig");
            assertThat(e.found()).isEqualTo("2");
            assertThat(e.supported()).contains("\"1\"");
        }
    }

    @Test
    void pack_withoutKey_keepsTheSignatureOfAnUnchangedManifest_andDropsItOtherwise() throws IOException {
        Bundles.pack(dir, KEY);
        byte[] signature = Files.readAllBytes(dir.resolve("manifest.sig"));
        Path zip = tmp.resolve("b.zip");
        Bundles.pack(dir, zip);
        assertThat(dir.resolve("manifest.sig")).hasBinaryContent(signature);
        trusting.open(zip).close();
        Fixtures.write(dir.resolve("extra.txt"), "more");
        Bundles.pack(dir, zip);
        assertThat(dir.resolve("manifest.sig")).doesNotExist();
        assertThatThrownBy(() -> trusting.open(zip)).isInstanceOf(UntrustedBundleException.class);
    }

    @Test
    void open_stillRefusesOtherUnlistedFiles() throws IOException {
        Bundles.pack(dir, KEY);
        Fixtures.write(dir.resolve("manifest.sig.bak"), "x");
        assertThatThrownBy(() -> trusting.open(dir)).hasMessageContaining("manifest.sig.bak: present in the bundle "
                + "but not listed in manifest.json");
    }

    @Test
    void manifest_mayNotListTheSignatureFile() {
        String a = "a".repeat(64);
        assertThatThrownBy(() -> Manifest.of(List.of(new ManifestEntry("manifest.sig", a, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("manifest.sig");
        Manifest m = Manifest.of(List.of(new ManifestEntry("x", a, 1)));
        String json = m.toJson().replace("\"x\"", "\"manifest.sig\"");
        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class,
                () -> Manifest.parse(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(e.violations()).extracting(Violation::path).containsExactly("files[0].path");
    }

    @Test
    void builder_trustIsSetOnce_andReported() {
        TrustedKeys keys = TrustedKeys.of(KEY.publicKey());
        BundleReader.Builder b = BundleReader.newBuilder().trust(keys);
        assertThatThrownBy(() -> b.trust(keys)).isInstanceOf(IllegalStateException.class);
        assertThat(b.build().trust()).containsSame(keys);
        assertThat(BundleReader.standard().trust()).isEmpty();
        assertThat(b.build().toString()).contains(KEY.keyId());
    }

    @Test
    void bundleSignature_checksItsComponents() {
        assertThatThrownBy(() -> new BundleSignature(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BundleSignature(List.of("a"), List.of("b")))
                .isInstanceOf(IllegalArgumentException.class);
        Function<List<String>, BundleSignature> of = ids -> new BundleSignature(ids, List.of());
        assertThat(of.apply(List.of("a")).isVerified()).isFalse();
    }
}
