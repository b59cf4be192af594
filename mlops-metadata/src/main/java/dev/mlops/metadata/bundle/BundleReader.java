// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.MlopsException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Opens bundles into staged copies, with a chosen staging directory and limits.
 *
 * <pre>{@code
 * BundleReader reader = BundleReader.newBuilder()
 *         .stagingRoot(Path.of("/var/cache/models"))
 *         .maxTotalBytes(8L << 30)
 *         .build();
 * try (Bundle bundle = reader.open(Path.of("incoming/linear.zip"))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread safety: immutable; one reader may open bundles from many threads at once.
 *
 * @since 0.1.0
 */
public final class BundleReader {
    /** Default cap on files and directories in one bundle. */
    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    /** Default cap on the total uncompressed size of one bundle: 4 GiB. */
    public static final long DEFAULT_MAX_TOTAL_BYTES = 4L << 30;
    /** Default cap on a zip entry's uncompressed-to-compressed ratio (checked past its first MiB). */
    public static final int DEFAULT_MAX_COMPRESSION_RATIO = 100;

    private final Path stagingRoot;
    private final int maxEntries;
    private final long maxTotalBytes;
    private final int maxCompressionRatio;
    private final boolean secureDirectoryStreams;
    private final Optional<TrustedKeys> trust;

    private BundleReader(Builder b) {
        this.stagingRoot = b.stagingRoot != null ? b.stagingRoot : Path.of(System.getProperty("java.io.tmpdir"));
        this.maxEntries = b.maxEntries > 0 ? b.maxEntries : DEFAULT_MAX_ENTRIES;
        this.maxTotalBytes = b.maxTotalBytes > 0 ? b.maxTotalBytes : DEFAULT_MAX_TOTAL_BYTES;
        this.maxCompressionRatio = b.maxCompressionRatio > 0 ? b.maxCompressionRatio : DEFAULT_MAX_COMPRESSION_RATIO;
        this.secureDirectoryStreams = b.secureDirectoryStreams;
        this.trust = Optional.ofNullable(b.trust);
    }

    /**
     * Returns a reader with the defaults: staging under {@code java.io.tmpdir}, {@value #DEFAULT_MAX_ENTRIES} entries,
     * 4 GiB, ratio {@value #DEFAULT_MAX_COMPRESSION_RATIO}.
     *
     * @return the reader
     */
    public static BundleReader standard() {
        return newBuilder().build();
    }

    /** @return a builder with every option at its default */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Opens a bundle and verifies it against its {@code manifest.json}: every listed file present with its size and
     * SHA-256, no file unlisted (but {@code manifest.sig}). A file is never read past the size the manifest lists, and
     * only regular files are read (a FIFO or device in a bundle is refused, never opened).
     *
     * <p>With {@linkplain Builder#trust(TrustedKeys) trusted keys}, the bundle must also carry a {@code manifest.sig}
     * whose signature by a trusted key verifies over the exact bytes of {@code manifest.json}; this is checked after
     * {@code manifest.json} is staged and before it is parsed or any other file is copied. Without trusted keys, a
     * present {@code manifest.sig} is checked for its format and reported by {@link Bundle#signature()}.
     *
     * @param source a bundle directory or a {@code .zip} of one (a link at {@code source} itself is followed; links
     *     inside it are refused)
     * @return the staged, verified bundle; close it
     * @throws dev.mlops.api.UntrustedBundleException when the reader trusts keys and {@code manifest.sig} is missing,
     *     names no trusted key, or holds a signature by a trusted key that does not verify
     * @throws dev.mlops.api.IntegrityException when {@code manifest.json} is missing, when a listed file is missing
     *     or differs, or when a file is not listed; the exception names the first file at fault and its message lists
     *     every problem
     * @throws dev.mlops.api.IncompatibleSchemaException when {@code manifest.json} or {@code manifest.sig} declares a
     *     newer major version than this release reads
     * @throws dev.mlops.api.InvalidMetadataException when {@code manifest.json} or {@code manifest.sig} is malformed
     * @throws dev.mlops.api.InvalidBundleException when the source is not a bundle, a name is unsafe, an entry is a
     *     link or a special file, a limit is passed, or a file cannot be read
     * @throws dev.mlops.api.StagingException when the staging directory cannot be created or written (disk full,
     *     read-only, no permission)
     */
    public Bundle open(Path source) {
        return new Stager(this).stage(Objects.requireNonNull(source, "source"), true);
    }

    /**
     * Opens a bundle without checking it against a manifest: for bundles that have none yet (before {@code pack}) and
     * for inspection. Names, links, special files and limits are checked as in {@link #open(Path)}; a
     * {@code manifest.json}, if present, is staged but neither read nor trusted.
     *
     * @param source a bundle directory or a {@code .zip} of one
     * @return the staged bundle, {@link Bundle#isVerified()} false; close it
     * @throws dev.mlops.api.InvalidBundleException as for {@link #open(Path)}, but never for a manifest mismatch
     *     or a signature (trusted keys do not apply: the bundle is not verified, {@link Bundle#signature()} is empty)
     * @throws dev.mlops.api.StagingException when the staging directory cannot be created or written
     */
    public Bundle openUnverified(Path source) {
        return new Stager(this).stage(Objects.requireNonNull(source, "source"), false);
    }

    /**
     * Stamps a bundle without hashing its content: reads its {@code manifest.json} for the declared delivery id and
     * fingerprints the listing (each file's path, size, modification time, change time where the file system has a
     * {@code unix} view, and file key; for a zip, the zip file's). The change time ({@code ctime}) is set by the
     * kernel on every write and cannot be set back, so a file rewritten to the same size with its modification time
     * restored still changes the stamp.
     * For finding a bundle that was already verified and is still untouched (a cache); never as proof of what the
     * files hold. Costs a listing and one small read, where {@link #open(Path)} copies and hashes every byte.
     *
     * @param source a bundle directory or a {@code .zip} of one
     * @return the stamp; empty when the source is not a bundle or has no well-formed manifest (opening it will say
     *     why); never blocks on a FIFO or device, which is no bundle file
     */
    public Optional<BundleStamp> stamp(Path source) {
        Objects.requireNonNull(source, "source");
        try (BundleSource src = Stager.openSource(source, this)) {
            MessageDigest fingerprint = Digests.sha256();
            boolean zip = !Files.isDirectory(source);
            if (zip) {
                fingerprint.update(describe("", source).getBytes(StandardCharsets.UTF_8));
            }
            String deliveryId = null;
            for (BundleSource.Entry e : src.files()) {
                if (!zip) {
                    fingerprint.update(describe(e.path(), source.resolve(e.path())).getBytes(StandardCharsets.UTF_8));
                }
                if (e.path().equals(SafePaths.MANIFEST) && e.declaredSize() <= ManifestCodec.MAX_BYTES) {
                    try (InputStream in = src.open(e)) {
                        byte[] json = in.readNBytes(ManifestCodec.MAX_BYTES + 1);
                        if (json.length <= ManifestCodec.MAX_BYTES) {
                            deliveryId = Manifest.parse(json).deliveryId();
                        }
                    }
                }
            }
            return deliveryId == null ? Optional.empty()
                    : Optional.of(new BundleStamp(deliveryId, HexFormat.of().formatHex(fingerprint.digest())));
        } catch (MlopsException | IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** One line of a fingerprint: a path and what the file system says of the file, links not followed. */
    private static String describe(String path, Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return path + "\t" + a.size() + "\t" + a.lastModifiedTime().toInstant() + "\t" + changeTime(file) + "\t"
                + a.fileKey() + "\n";
    }

    /** The inode change time, or {@code "-"} where the file system has no {@code unix} attribute view. */
    private static String changeTime(Path file) throws IOException {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            return "-";
        }
        try {
            Object ctime = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
            return ctime instanceof FileTime t ? t.toInstant().toString() : "-";
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return "-";
        }
    }

    /** @return the directory under which each opened bundle gets its private staging directory */
    public Path stagingRoot() {
        return stagingRoot;
    }

    /** @return the most files and directories a bundle may hold */
    public int maxEntries() {
        return maxEntries;
    }

    /** @return the most bytes a bundle's files may hold together */
    public long maxTotalBytes() {
        return maxTotalBytes;
    }

    /** @return the highest compression ratio a zip entry may have */
    public int maxCompressionRatio() {
        return maxCompressionRatio;
    }

    /**
     * Returns the keys whose signature {@link #open(Path)} requires.
     *
     * @return the trusted keys, or empty when signatures are checked for their format only
     * @since 0.2.0
     */
    public Optional<TrustedKeys> trust() {
        return trust;
    }

    boolean secureDirectoryStreams() {
        return secureDirectoryStreams;
    }

    @Override
    public String toString() {
        return "BundleReader[stagingRoot=" + stagingRoot + ", maxEntries=" + maxEntries + ", maxTotalBytes="
                + maxTotalBytes + ", maxCompressionRatio=" + maxCompressionRatio
                + trust.map(t -> ", trust=" + t.keyIds()).orElse("") + "]";
    }

    /**
     * Builds a {@link BundleReader}. Each option may be set once; {@link #build()} leaves the builder usable.
     *
     * <p>Thread safety: not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {
        private @Nullable Path stagingRoot;
        private int maxEntries;
        private long maxTotalBytes;
        private int maxCompressionRatio;
        private boolean secureDirectoryStreams = true;
        private boolean secureSet;
        private @Nullable TrustedKeys trust;

        private Builder() {
        }

        /**
         * Requires every bundle that {@link BundleReader#open(Path)} opens to be signed by one of these keys: its
         * {@code manifest.sig} must hold a signature by a trusted key that verifies over {@code manifest.json}.
         * Default: no keys, signatures are not required.
         *
         * @param keys the trusted keys
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder trust(TrustedKeys keys) {
            Objects.requireNonNull(keys, "keys");
            if (trust != null) {
                throw new IllegalStateException("trust was already set to " + trust.keyIds());
            }
            trust = keys;
            return this;
        }

        /**
         * Sets the directory under which bundles are staged (created if missing). Default: {@code java.io.tmpdir}.
         * Put it on the same disk as where models are loaded from, with room for the largest bundle.
         *
         * @param dir the staging root
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder stagingRoot(Path dir) {
            Objects.requireNonNull(dir, "dir");
            if (stagingRoot != null) {
                throw new IllegalStateException("stagingRoot was already set to " + stagingRoot);
            }
            stagingRoot = dir;
            return this;
        }

        /**
         * Sets the most files and directories a bundle may hold. Default {@value #DEFAULT_MAX_ENTRIES}.
         *
         * @param n at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code n < 1}
         * @throws IllegalStateException when already set
         */
        public Builder maxEntries(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxEntries: " + n + " must be at least 1");
            }
            if (maxEntries != 0) {
                throw new IllegalStateException("maxEntries was already set to " + maxEntries);
            }
            maxEntries = n;
            return this;
        }

        /**
         * Sets the most bytes a bundle's files may hold together (uncompressed). Default 4 GiB.
         *
         * @param bytes at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code bytes < 1}
         * @throws IllegalStateException when already set
         */
        public Builder maxTotalBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxTotalBytes: " + bytes + " must be at least 1");
            }
            if (maxTotalBytes != 0) {
                throw new IllegalStateException("maxTotalBytes was already set to " + maxTotalBytes);
            }
            maxTotalBytes = bytes;
            return this;
        }

        /**
         * Sets the highest uncompressed-to-compressed ratio of a zip entry, checked once an entry has inflated past
         * 1 MiB. Default {@value #DEFAULT_MAX_COMPRESSION_RATIO}.
         *
         * @param ratio at least 1
         * @return this builder
         * @throws IllegalArgumentException when {@code ratio < 1}
         * @throws IllegalStateException when already set
         */
        public Builder maxCompressionRatio(int ratio) {
            if (ratio < 1) {
                throw new IllegalArgumentException("maxCompressionRatio: " + ratio + " must be at least 1");
            }
            if (maxCompressionRatio != 0) {
                throw new IllegalStateException("maxCompressionRatio was already set to " + maxCompressionRatio);
            }
            maxCompressionRatio = ratio;
            return this;
        }

        /** Turns off {@link java.nio.file.SecureDirectoryStream} use, to test the portable path. */
        Builder secureDirectoryStreams(boolean on) {
            if (secureSet) {
                throw new IllegalStateException("secureDirectoryStreams was already set");
            }
            secureSet = true;
            secureDirectoryStreams = on;
            return this;
        }

        /** @return a reader with the options set so far */
        public BundleReader build() {
            return new BundleReader(this);
        }
    }
}
