// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.KeyFileException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in PEM, as OpenSSL writes them: PKCS#8 {@code PRIVATE KEY} and X.509 {@code PUBLIC KEY}; and key ids.
 */
final class Pem {
    static final String ALGORITHM = "Ed25519";
    static final String PRIVATE_LABEL = "PRIVATE KEY";
    static final String PUBLIC_LABEL = "PUBLIC KEY";
    /** Largest key file read: a PEM Ed25519 key is about 120 bytes; room for comments and other text. */
    static final int MAX_BYTES = 64 * 1024;

    private Pem() {
    }

    /** @return {@code "sha256:"} and the hexadecimal SHA-256 of the key's X.509 SubjectPublicKeyInfo DER */
    static String keyId(PublicKey key) {
        return "sha256:" + HexFormat.of().formatHex(Digests.sha256().digest(key.getEncoded()));
    }

    /** @return the PEM text of {@code der} under {@code label}, 64 characters a line, {@code \n} line ends */
    static String encode(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** Reads the DER inside the one {@code label} block of a PEM file (text around the block is ignored). */
    static byte[] read(Path file, String label) {
        String display = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new KeyFileException(display, Files.exists(file) ? "not a regular file" : "no such key file");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new KeyFileException(display, "cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new KeyFileException(display, "larger than " + MAX_BYTES + " bytes: not a PEM key file");
        }
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        if (b < 0) {
            throw new KeyFileException(display, "no \"" + begin + "\" block" + hint(text, label));
        }
        if (text.indexOf(begin, b + begin.length()) >= 0) {
            throw new KeyFileException(display, "more than one \"" + begin + "\" block (expected one key)");
        }
        int e = text.indexOf(end, b);
        if (e < 0) {
            throw new KeyFileException(display, "no \"" + end + "\" line after \"" + begin + "\"");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e).strip());
        } catch (IllegalArgumentException x) {
            throw new KeyFileException(display, "the " + label + " block is not valid base64: " + x.getMessage(), x);
        }
    }

    private static String hint(String text, String label) {
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            return " (the key is encrypted; write it unencrypted, e.g. openssl pkey -in KEY -out PLAIN)";
        }
        if (label.equals(PUBLIC_LABEL) && text.contains("-----BEGIN " + PRIVATE_LABEL + "-----")) {
            return " (this is a private key; trust its public key: openssl pkey -in KEY -pubout -out KEY.pub.pem)";
        }
        if (label.equals(PRIVATE_LABEL) && text.contains("-----BEGIN " + PUBLIC_LABEL + "-----")) {
            return " (this is a public key; signing needs the private key)";
        }
        return " (expected an Ed25519 key in PEM, as openssl genpkey -algorithm ed25519 writes)";
    }

    static PrivateKey privateKey(Path file) {
        byte[] der = read(file, PRIVATE_LABEL);
        try {
            return keyFactory().generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyFileException(file.toString(), "not an " + ALGORITHM + " private key (PKCS#8): "
                    + e.getMessage(), e);
        }
    }

    static PublicKey publicKey(Path file) {
        byte[] der = read(file, PUBLIC_LABEL);
        try {
            return keyFactory().generatePublic(new X509EncodedKeySpec(der));
        } catch (InvalidKeySpecException | RuntimeException e) {
            throw new KeyFileException(file.toString(), "not an " + ALGORITHM + " public key (X.509): "
                    + e.getMessage(), e);
        }
    }

    static boolean isEd25519(PublicKey key) {
        return key instanceof EdECPublicKey ed && ed.getParams().getName().equalsIgnoreCase(ALGORITHM);
    }

    /**
     * Derives the public key of an Ed25519 private key. The JDK computes a public key only while generating a pair,
     * from the 32 random bytes it draws; drawing the private key's own seed makes it compute this key's public key.
     */
    static KeyPair pairOf(PrivateKey key) {
        if (!(key instanceof EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new IllegalArgumentException("not an Ed25519 private key with its seed: " + key.getAlgorithm());
        }
        byte[] seed = ed.getBytes().orElseThrow();
        if (seed.length != 32) {
            throw new IllegalArgumentException("not an Ed25519 private key: the seed has " + seed.length + " bytes");
        }
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = g.generateKeyPair();
            byte[] drawn = ((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow();
            if (!java.util.Arrays.equals(drawn, seed)) {
                throw new IllegalStateException("the JDK did not derive the Ed25519 key from the given seed");
            }
            return new KeyPair(pair.getPublic(), key);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("this JVM has no Ed25519, which Java 15 and later provide", e);
        }
    }

    static KeyFactory keyFactory() {
        try {
            return KeyFactory.getInstance(ALGORITHM);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no Ed25519, which Java 15 and later provide", e);
        }
    }

    /** Hands out one given seed; used only to derive a public key, never as a source of randomness. */
    private static final class SeedRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;
        private final byte[] seed;

        SeedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("expected a request for " + seed.length + " bytes, got " + bytes.length);
            }
            System.arraycopy(seed, 0, bytes, 0, bytes.length);
        }
    }
}
