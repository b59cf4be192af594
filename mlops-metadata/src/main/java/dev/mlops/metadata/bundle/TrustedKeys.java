// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Ed25519 public keys whose signature a reader accepts: with {@link BundleReader.Builder#trust(TrustedKeys)},
 * {@link BundleReader#open(Path)} refuses a bundle that no key of this set signed.
 *
 * <pre>{@code
 * TrustedKeys keys = TrustedKeys.read(Path.of("keys/release.pub.pem"));
 * BundleReader reader = BundleReader.newBuilder().trust(keys).build();
 * }</pre>
 *
 * <p>Thread safety: immutable.
 *
 * @since 0.2.0
 */
public final class TrustedKeys {
    private final Map<String, PublicKey> byId;

    private TrustedKeys(Map<String, PublicKey> byId) {
        this.byId = Map.copyOf(byId);
    }

    /**
     * Trusts the given public keys.
     *
     * @param keys at least one Ed25519 public key (a key given twice counts once)
     * @return the set
     * @throws IllegalArgumentException when no key is given or a key is not Ed25519
     */
    public static TrustedKeys of(PublicKey... keys) {
        Objects.requireNonNull(keys, "keys");
        return of(List.of(keys));
    }

    /**
     * Trusts the given public keys.
     *
     * @param keys at least one Ed25519 public key (a key given twice counts once)
     * @return the set
     * @throws IllegalArgumentException when no key is given or a key is not Ed25519
     */
    public static TrustedKeys of(Collection<PublicKey> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("keys: at least one trusted key is needed");
        }
        Map<String, PublicKey> byId = new TreeMap<>();
        for (PublicKey k : keys) {
            Objects.requireNonNull(k, "keys element");
            if (!Pem.isEd25519(k)) {
                throw new IllegalArgumentException("keys: a " + k.getAlgorithm() + " key is not an Ed25519 key");
            }
            byId.put(Pem.keyId(k), k);
        }
        return new TrustedKeys(byId);
    }

    /**
     * Reads trusted public keys from X.509 PEM files ({@code -----BEGIN PUBLIC KEY-----}), as
     * {@code openssl pkey -in key.pem -pubout -out key.pub.pem} writes them.
     *
     * @param pems at least one public key file
     * @return the set
     * @throws IllegalArgumentException when no file is given
     * @throws dev.mlops.api.KeyFileException when a file cannot be read or holds no Ed25519 public key
     */
    public static TrustedKeys read(Path... pems) {
        Objects.requireNonNull(pems, "pems");
        if (pems.length == 0) {
            throw new IllegalArgumentException("pems: at least one trusted key file is needed");
        }
        List<PublicKey> keys = new ArrayList<>();
        for (Path p : pems) {
            keys.add(Pem.publicKey(Objects.requireNonNull(p, "pems element")));
        }
        return of(keys);
    }

    /**
     * Lists the trusted keys by id.
     *
     * @return the key ids ({@code "sha256:"} and 64 hexadecimal characters), sorted
     */
    public List<String> keyIds() {
        return List.copyOf(new TreeMap<>(byId).keySet());
    }

    /**
     * Finds a trusted key.
     *
     * @param keyId a key id as {@code manifest.sig} records it
     * @return the key, or empty when it is not trusted
     */
    public Optional<PublicKey> key(String keyId) {
        Objects.requireNonNull(keyId, "keyId");
        return Optional.ofNullable(byId.get(keyId));
    }

    /** Verifies an Ed25519 signature by a trusted key; false when the key is not trusted or it does not verify. */
    boolean verifies(String keyId, byte[] message, byte[] signature) {
        PublicKey k = byId.get(keyId);
        if (k == null) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(Pem.ALGORITHM);
            s.initVerify(k);
            s.update(message);
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with Ed25519 key " + keyId + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "TrustedKeys" + keyIds();
    }
}
