// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.util.Objects;

/**
 * What a bundle declares and how its files look from outside, read without hashing any content: the delivery id
 * that its {@code manifest.json} declares, and a fingerprint of the path, size, modification time and file key of
 * every file (of the zip file itself, for a zip). Two equal stamps of one source mean that, as far as the file
 * system tells, nothing was written to it in between. A stamp is no proof of content: only
 * {@link BundleReader#open(Path)} verifies bytes.
 *
 * <p>Immutable and thread-safe.
 *
 * @param deliveryId the delivery id the manifest declares (checked against the manifest's own file list)
 * @param fingerprint a SHA-256, in hexadecimal, over the files' paths and attributes
 * @since 0.1.0
 */
public record BundleStamp(String deliveryId, String fingerprint) {
    /** Checks the components. */
    public BundleStamp {
        Objects.requireNonNull(deliveryId, "deliveryId");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }
}
