// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.util.List;
import java.util.Objects;

/**
 * What a bundle's {@code manifest.sig} says and what of it was verified: the key ids it names, and the trusted keys
 * whose signature over {@code manifest.json} verified. A reader without trusted keys
 * ({@link BundleReader.Builder#trust(TrustedKeys)}) checks the file's format only and verifies nothing, since a key
 * id alone cannot verify a signature: then {@link #verifiedBy()} is empty and {@link #keyIds()} are claims.
 *
 * <p>Immutable and thread-safe.
 *
 * @param keyIds the key ids {@code manifest.sig} names, in file order, at least one
 * @param verifiedBy the trusted key ids among them whose signature verified; empty when the reader trusts no key
 * @since 0.2.0
 */
public record BundleSignature(List<String> keyIds, List<String> verifiedBy) {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when {@code keyIds} is empty or {@code verifiedBy} names a key not in it
     */
    public BundleSignature {
        keyIds = List.copyOf(Objects.requireNonNull(keyIds, "keyIds"));
        verifiedBy = List.copyOf(Objects.requireNonNull(verifiedBy, "verifiedBy"));
        if (keyIds.isEmpty()) {
            throw new IllegalArgumentException("keyIds: a signature file names at least one key");
        }
        if (!keyIds.containsAll(verifiedBy)) {
            throw new IllegalArgumentException("verifiedBy: " + verifiedBy + " names keys not in keyIds " + keyIds);
        }
    }

    /** @return whether a trusted key's signature over {@code manifest.json} verified */
    public boolean isVerified() {
        return !verifiedBy.isEmpty();
    }
}
