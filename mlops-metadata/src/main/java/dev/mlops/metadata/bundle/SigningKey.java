// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.KeyFileException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Objects;
import java.util.Set;

/**
 * An Ed25519 private key that signs bundles: {@link Bundles#pack(Path, SigningKey)} writes {@code manifest.sig}, a
 * detached signature over {@code manifest.json} (see {@code docs/signing.md}). Keys are files interoperable with
 * OpenSSL: the private key in PKCS#8 PEM ({@code openssl genpkey -algorithm ed25519 -out key.pem}), the public key in
 * X.509 PEM ({@code openssl pkey -in key.pem -pubout -out key.pub.pem}).
 *
 * <pre>{@code
 * SigningKey.generate().write(Path.of("key.pem"), Path.of("key.pub.pem"));   // once
 * SigningKey key = SigningKey.read(Path.of("key.pem"));
 * Bundles.pack(Path.of("export/linear"), Path.of("dist/linear.zip"), key);
 * }</pre>
 *
 * <p>Thread safety: immutable; one key may sign from many threads at once. {@link #toString()} shows the key id only,
 * never the private key.
 *
 * @since 0.2.0
 */
public final class SigningKey {
    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    private SigningKey(KeyPair pair) {
        this.privateKey = pair.getPrivate();
        this.publicKey = pair.getPublic();
        this.keyId = Pem.keyId(publicKey);
    }

    /**
     * Generates a new random Ed25519 key with the JDK's default {@link java.security.SecureRandom}.
     *
     * @return the key; {@link #write(Path, Path)} saves it
     */
    public static SigningKey generate() {
        try {
            return new SigningKey(KeyPairGenerator.getInstance(Pem.ALGORITHM).generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519, which Java 15 and later provide", e);
        }
    }

    /**
     * Reads an Ed25519 private key from a PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}, unencrypted), as
     * {@code openssl genpkey -algorithm ed25519} writes it.
     *
     * @param pem the private key file
     * @return the key
     * @throws KeyFileException when the file cannot be read or holds no unencrypted Ed25519 private key
     */
    public static SigningKey read(Path pem) {
        Objects.requireNonNull(pem, "pem");
        PrivateKey key = Pem.privateKey(pem);
        try {
            return new SigningKey(Pem.pairOf(key));
        } catch (IllegalArgumentException e) {
            throw new KeyFileException(pem.toString(), String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * Writes this key as two new PEM files: the private key (PKCS#8; owner read and write only where the file system
     * has POSIX permissions) and its public key (X.509), to give to every reader that should trust it. Neither file
     * may exist yet: an existing key is never overwritten.
     *
     * @param privateKeyPem the private key file to create
     * @param publicKeyPem the public key file to create
     * @throws UncheckedIOException when a file exists already ({@link FileAlreadyExistsException} as the cause) or
     *     cannot be written; a private key file written before the failure is removed
     */
    public void write(Path privateKeyPem, Path publicKeyPem) {
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(publicKeyPem, "publicKeyPem");
        byte[] priv = Pem.encode(Pem.PRIVATE_LABEL, privateKey.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        byte[] pub = Pem.encode(Pem.PUBLIC_LABEL, publicKey.getEncoded()).getBytes(StandardCharsets.US_ASCII);
        try {
            if (Files.exists(publicKeyPem)) {
                throw new FileAlreadyExistsException(publicKeyPem.toString());
            }
            Set<StandardOpenOption> create = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            boolean posix = privateKeyPem.toAbsolutePath().getFileSystem().supportedFileAttributeViews()
                    .contains("posix");
            try (OutputStream out = Channels.newOutputStream(posix
                    ? Files.newByteChannel(privateKeyPem, create, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")))
                    : Files.newByteChannel(privateKeyPem, create))) {
                out.write(priv);
            }
            try {
                Files.write(publicKeyPem, pub, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (IOException e) {
                Files.deleteIfExists(privateKeyPem);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key pair " + privateKeyPem + ", " + publicKeyPem + ": "
                    + e, e);
        }
    }

    /**
     * Returns the public half of this key, to trust with {@link TrustedKeys#of(PublicKey...)}.
     *
     * @return the Ed25519 public key
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    /**
     * Returns the key id that {@code manifest.sig} records for this key.
     *
     * @return {@code "sha256:"} and the lower-case hexadecimal SHA-256 of the public key's X.509 SubjectPublicKeyInfo
     *     DER ({@code openssl pkey -pubin -in key.pub.pem -outform DER | sha256sum})
     */
    public String keyId() {
        return keyId;
    }

    /** Signs bytes with Ed25519 (deterministic: the same bytes always give the same signature). */
    byte[] sign(byte[] message) {
        try {
            Signature s = Signature.getInstance(Pem.ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with Ed25519 key " + keyId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[Ed25519, " + keyId + "]";
    }
}
