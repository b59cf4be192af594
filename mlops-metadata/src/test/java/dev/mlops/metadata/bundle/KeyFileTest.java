// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.KeyFileException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing and trusted key files: PEM as OpenSSL writes it. */
class KeyFileTest {
    @TempDir
    Path tmp;

    @Test
    void generate_write_read_roundTrips() throws IOException {
        SigningKey key = SigningKey.generate();
        Path priv = tmp.resolve("key.pem");
        Path pub = tmp.resolve("key.pub.pem");
        key.write(priv, pub);
        assertThat(Files.readString(priv)).startsWith("-----BEGIN PRIVATE KEY-----\n")
                .endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----\n")
                .endsWith("-----END PUBLIC KEY-----\n");
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(priv))).isEqualTo("rw-------");
        }
        SigningKey read = SigningKey.read(priv);
        assertThat(read.keyId()).isEqualTo(key.keyId());
        assertThat(read.publicKey()).isEqualTo(key.publicKey());
        assertThat(TrustedKeys.read(pub).keyIds()).containsExactly(key.keyId());
        assertThat(read.toString()).isEqualTo("SigningKey[Ed25519, " + key.keyId() + "]");
        assertThatThrownBy(() -> key.write(priv, tmp.resolve("other.pub.pem")))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(FileAlreadyExistsException.class);
        assertThatThrownBy(() -> key.write(tmp.resolve("other.pem"), pub))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(FileAlreadyExistsException.class);
        assertThat(tmp.resolve("other.pem")).doesNotExist();
    }

    @Test
    void read_refusesWhatIsNotAnEd25519KeyOfTheRightKind() throws Exception {
        SigningKey key = SigningKey.generate();
        Path priv = tmp.resolve("key.pem");
        Path pub = tmp.resolve("key.pub.pem");
        key.write(priv, pub);
        assertThatThrownBy(() -> SigningKey.read(pub)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("this is a public key");
        assertThatThrownBy(() -> TrustedKeys.read(priv)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("this is a private key");
        assertThatThrownBy(() -> SigningKey.read(tmp.resolve("absent.pem"))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("no such key file");
        Path garbage = Files.writeString(tmp.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\n!!!\n"
                + "-----END PUBLIC KEY-----\n");
        assertThatThrownBy(() -> TrustedKeys.read(garbage)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("garbage.pem");
        Path rsa = Files.writeString(tmp.resolve("rsa.pub.pem"), Pem.encode("PUBLIC KEY",
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded()));
        assertThatThrownBy(() -> TrustedKeys.read(rsa)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> TrustedKeys.of(KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(TrustedKeys::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(TrustedKeys::read).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean openssl(Path cwd, String... args) throws InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true)
                    .redirectOutput(cwd.resolve("openssl.log").toFile()).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void openSslKeys_signAndVerifyWithOurCode_andOurKeysWithOpenSsl() throws Exception {
        if (!openssl(tmp, "version")) {
            System.out.println("KeyFileTest: skipped the OpenSSL interoperability test: openssl is not on PATH");
            Assumptions.abort("openssl is not on PATH");
        }
        // A key made by OpenSSL signs with our code; its OpenSSL public key verifies.
        assertThat(openssl(tmp, "genpkey", "-algorithm", "ed25519", "-out", "key.pem")).isTrue();
        assertThat(openssl(tmp, "pkey", "-in", "key.pem", "-pubout", "-out", "key.pub.pem")).isTrue();
        assertThat(openssl(tmp, "pkey", "-pubin", "-in", "key.pub.pem", "-outform", "DER", "-out", "key.pub.der"))
                .isTrue();
        SigningKey key = SigningKey.read(tmp.resolve("key.pem"));
        String expectedId = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(tmp.resolve("key.pub.der"))));
        assertThat(key.keyId()).isEqualTo(expectedId);
        Path dir = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(dir, key);
        BundleReader reader = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging"))
                .trust(TrustedKeys.read(tmp.resolve("key.pub.pem"))).build();
        reader.open(dir).close();

        // OpenSSL verifies our signature, and a signature OpenSSL makes verifies with our code.
        byte[] ours = Base64.getDecoder().decode(Files.readString(dir.resolve("manifest.sig"))
                .replaceAll("(?s).*\"signature\": \"([^\"]+)\".*", "$1"));
        Files.write(tmp.resolve("ours.sig"), ours);
        assertThat(openssl(tmp, "pkeyutl", "-verify", "-pubin", "-inkey", "key.pub.pem", "-rawin", "-in",
                dir.resolve("manifest.json").toString(), "-sigfile", "ours.sig")).isTrue();
        assertThat(openssl(tmp, "pkeyutl", "-sign", "-inkey", "key.pem", "-rawin", "-in",
                dir.resolve("manifest.json").toString(), "-out", "theirs.sig")).isTrue();
        String theirs = Base64.getEncoder().encodeToString(Files.readAllBytes(tmp.resolve("theirs.sig")));
        Files.writeString(dir.resolve("manifest.sig"), "{\"signatureVersion\": \"1\", \"signatures\": [{\"algorithm\": "
                + "\"Ed25519\", \"keyId\": \"" + expectedId + "\", \"signature\": \"" + theirs + "\"}]}",
                StandardCharsets.UTF_8);
        try (Bundle b = reader.open(dir)) {
            assertThat(b.signature().orElseThrow().verifiedBy()).containsExactly(expectedId);
        }

        // OpenSSL reads the keys we write.
        SigningKey generated = SigningKey.generate();
        generated.write(tmp.resolve("our.pem"), tmp.resolve("our.pub.pem"));
        assertThat(openssl(tmp, "pkey", "-in", "our.pem", "-pubout", "-out", "derived.pub.pem")).isTrue();
        assertThat(tmp.resolve("derived.pub.pem")).hasSameTextualContentAs(tmp.resolve("our.pub.pem"));
    }
}
