// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens and packs bundles with the default settings; see {@link BundleReader} to choose the staging directory and
 * limits.
 *
 * <pre>{@code
 * Manifest m = Bundles.pack(Path.of("export/linear"), Path.of("dist/linear.zip"));
 * try (Bundle bundle = Bundles.open(Path.of("dist/linear.zip"))) {
 *     assert bundle.deliveryId().equals(m.deliveryId());
 * }
 * }</pre>
 *
 * <p>Thread safety: every method is thread-safe; packing the same directory from two threads at once is not
 * meaningful.
 *
 * @since 0.1.0
 */
public final class Bundles {
    private Bundles() {
    }

    /**
     * Opens and verifies a bundle, staged under {@code java.io.tmpdir}: {@code BundleReader.standard().open(source)}.
     *
     * @param source a bundle directory or a {@code .zip} of one
     * @return the staged, verified bundle; close it
     * @throws dev.mlops.api.IntegrityException when the manifest is missing or does not match the files
     * @throws dev.mlops.api.IncompatibleSchemaException when the manifest or its signature file has a newer major
     *     version
     * @throws dev.mlops.api.InvalidBundleException when the source is not a safe, readable bundle
     * @throws dev.mlops.api.StagingException when the staging directory cannot be written
     * @see BundleReader#open(Path)
     */
    public static Bundle open(Path source) {
        return BundleReader.standard().open(source);
    }

    /**
     * Opens a bundle without checking it against a manifest: {@code BundleReader.standard().openUnverified(source)}.
     *
     * @param source a bundle directory or a {@code .zip} of one
     * @return the staged, unverified bundle; close it
     * @throws dev.mlops.api.InvalidBundleException when the source is not a safe, readable bundle
     * @throws dev.mlops.api.StagingException when the staging directory cannot be written
     * @see BundleReader#openUnverified(Path)
     */
    public static Bundle openUnverified(Path source) {
        return BundleReader.standard().openUnverified(source);
    }

    /**
     * Writes {@code manifest.json} into a bundle directory, listing every other file with its SHA-256 and size. The
     * manifest is written atomically (a temporary file in the directory, then a rename), so a reader never sees a
     * partial one; an existing manifest is replaced. An existing {@code manifest.sig} is kept when the new manifest is
     * byte for byte the one it signed, and removed otherwise (to sign, use {@link #pack(Path, SigningKey)}).
     *
     * @param dir the bundle directory
     * @return the manifest written
     * @throws dev.mlops.api.InvalidBundleException when {@code dir} is not a directory, or holds a symbolic link, a
     *     hard link, a special file, an unsafe name or a forbidden file type (nothing is written then)
     * @throws java.io.UncheckedIOException when the manifest cannot be written
     */
    public static Manifest pack(Path dir) {
        return new Packer().pack(Objects.requireNonNull(dir, "dir"), Optional.empty());
    }

    /**
     * Writes {@code manifest.json} into a bundle directory, as {@link #pack(Path)}, then a zip of the directory. The
     * zip is reproducible (entries in canonical order, stored uncompressed so the bytes do not depend on the zlib
     * version, every timestamp 1980-01-01T00:00) and written atomically: {@code zipOut} either keeps its old content
     * or gets the whole new archive. Each file is hashed again as it is zipped; one that changed since the manifest
     * was written fails the pack.
     *
     * @param dir the bundle directory
     * @param zipOut the zip to write, outside {@code dir}; missing parent directories are created
     * @return the manifest written
     * @throws IllegalArgumentException when {@code zipOut} is inside {@code dir}
     * @throws dev.mlops.api.InvalidBundleException as for {@link #pack(Path)}, or when a file changed while packing
     * @throws java.io.UncheckedIOException when the manifest or the zip cannot be written
     */
    public static Manifest pack(Path dir, Path zipOut) {
        return new Packer().pack(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(zipOut, "zipOut"),
                Optional.empty());
    }

    /**
     * Writes {@code manifest.json} into a bundle directory, as {@link #pack(Path)}, then signs it: {@code manifest.sig}
     * gets an Ed25519 signature by {@code key} over the exact bytes of {@code manifest.json} (format in
     * {@code docs/signing.md}). Both files are written atomically, the signature after the manifest; an existing
     * {@code manifest.sig} is replaced.
     *
     * @param dir the bundle directory
     * @param key the key to sign with
     * @return the manifest written and signed
     * @throws dev.mlops.api.InvalidBundleException as for {@link #pack(Path)}
     * @throws java.io.UncheckedIOException when the manifest or the signature cannot be written
     * @since 0.2.0
     */
    public static Manifest pack(Path dir, SigningKey key) {
        return new Packer().pack(Objects.requireNonNull(dir, "dir"), Optional.of(Objects.requireNonNull(key, "key")));
    }

    /**
     * Writes and signs {@code manifest.json} as {@link #pack(Path, SigningKey)}, then a zip of the directory as
     * {@link #pack(Path, Path)}, holding {@code manifest.sig} too.
     *
     * @param dir the bundle directory
     * @param zipOut the zip to write, outside {@code dir}; missing parent directories are created
     * @param key the key to sign with
     * @return the manifest written and signed
     * @throws IllegalArgumentException when {@code zipOut} is inside {@code dir}
     * @throws dev.mlops.api.InvalidBundleException as for {@link #pack(Path)}, or when a file changed while packing
     * @throws java.io.UncheckedIOException when the manifest, the signature or the zip cannot be written
     * @since 0.2.0
     */
    public static Manifest pack(Path dir, Path zipOut, SigningKey key) {
        return new Packer().pack(Objects.requireNonNull(dir, "dir"), Objects.requireNonNull(zipOut, "zipOut"),
                Optional.of(Objects.requireNonNull(key, "key")));
    }
}
