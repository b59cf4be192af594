// SPDX-License-Identifier: Apache-2.0
/**
 * Bundles on disk: the integrity manifest ({@code manifest.json}) and its optional Ed25519 signature
 * ({@code manifest.sig}), opening a directory or {@code .zip} into a private staged copy that is verified as it is
 * copied, and packing (and signing) a directory into a bundle.
 *
 * <p>Entry points: {@link dev.mlops.metadata.bundle.Bundles} for the defaults, {@link
 * dev.mlops.metadata.bundle.BundleReader} to choose the staging directory and limits. Every bundle-relative path is
 * {@code /}-separated and obeys the safe-path rule of {@code docs/metadata-json.md}: not empty, not absolute, no
 * {@code \}, no {@code :}, no {@code .}, {@code ..} or empty segment, no control character.
 *
 * <p>No method of this package accepts or returns {@code null}. Problems with a bundle surface as
 * {@link dev.mlops.api.InvalidBundleException} or one of its subtypes; failures of the local environment while staging
 * (the staging disk is full or read-only) as {@link dev.mlops.api.StagingException}; failures to write a bundle or a
 * key file while packing as {@link java.io.UncheckedIOException}. Signing keys: {@link
 * dev.mlops.metadata.bundle.SigningKey} and {@link dev.mlops.metadata.bundle.TrustedKeys}.
 */
@NullMarked
package dev.mlops.metadata.bundle;

import org.jspecify.annotations.NullMarked;
