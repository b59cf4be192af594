// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An opened bundle: a private, staged copy of a bundle directory or zip. Every file was copied (never following
 * links) into a fresh directory readable only by this user, and hashed while it was copied; when the bundle was
 * opened verified, those hashes matched {@code manifest.json}. Load files from {@link #root()} or
 * {@link #resolve(String)}, never from the source, so what was verified is what is loaded.
 *
 * <pre>{@code
 * try (Bundle bundle = Bundles.open(Path.of("models/linear.zip"))) {
 *     Path model = bundle.resolve("model.onnx");
 *     String id = bundle.deliveryId();
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread safety: all methods may be called from any thread. {@link #close()} deletes the staged copy; the caller
 * must make sure nothing still reads from it.
 *
 * @since 0.1.0
 */
public final class Bundle implements AutoCloseable {
    private final Path source;
    private final StagingDir staging;
    private final Path root;
    private final Optional<Manifest> manifest;
    private final List<ManifestEntry> files;
    private final String deliveryId;
    private final Set<String> staged;
    private final Optional<BundleSignature> signature;
    private final AtomicBoolean closed = new AtomicBoolean();

    Bundle(Path source, StagingDir staging, Optional<Manifest> manifest, List<ManifestEntry> files,
            Set<String> stagedUnlisted, Optional<BundleSignature> signature) {
        this.source = source;
        this.staging = staging;
        this.root = staging.root();
        this.manifest = manifest;
        this.files = List.copyOf(files);
        this.deliveryId = Manifest.of(this.files).deliveryId();
        Set<String> paths = new HashSet<>(stagedUnlisted);
        for (ManifestEntry e : this.files) {
            paths.add(e.path());
        }
        this.staged = Set.copyOf(paths);
        this.signature = signature;
    }

    /** @return the directory or zip this bundle was opened from (read once, never again) */
    public Path source() {
        return source;
    }

    /**
     * Returns the staged copy's root directory.
     *
     * @return the private directory holding every file of the bundle; it no longer exists after {@link #close()}
     */
    public Path root() {
        return root;
    }

    /** @return whether every file was checked against {@code manifest.json} when the bundle was opened */
    public boolean isVerified() {
        return manifest.isPresent();
    }

    /**
     * Returns the manifest the bundle was verified against.
     *
     * @return the manifest, or empty when the bundle was opened unverified
     */
    public Optional<Manifest> manifest() {
        return manifest;
    }

    /**
     * Returns what the bundle's {@code manifest.sig} says and what of it was verified. For a reader with trusted keys
     * ({@link BundleReader.Builder#trust(TrustedKeys)}) an opened bundle always has a signature verified by one of
     * them; without, a present {@code manifest.sig} is checked for its format and its key ids reported, unverified.
     *
     * @return the signature, or empty when the bundle has no {@code manifest.sig} or was opened unverified
     * @since 0.2.0
     */
    public Optional<BundleSignature> signature() {
        return signature;
    }

    /**
     * Returns the delivery id of the staged files, computed from the bytes actually copied (see {@link Manifest}). For
     * a verified bundle it is the manifest's; for an unverified one it is the id {@code pack} would give the bundle.
     *
     * @return {@code "sha256:"} and 64 lower-case hexadecimal characters
     */
    public String deliveryId() {
        return deliveryId;
    }

    /**
     * Lists the staged files with the hash and size of what was copied.
     *
     * @return every file but {@code manifest.json} and {@code manifest.sig}, in canonical order
     */
    public List<ManifestEntry> files() {
        return files;
    }

    /**
     * Tells whether the bundle holds a file.
     *
     * @param path a bundle-relative path such as {@code config.json}
     * @return {@code true} when it is a file of the bundle (including {@code manifest.json} and
     *     {@code manifest.sig})
     */
    public boolean contains(String path) {
        Objects.requireNonNull(path, "path");
        return staged.contains(path);
    }

    /**
     * Resolves a bundle-relative path, as {@code metadata.json} names files, to its staged copy.
     *
     * @param path a safe bundle-relative path such as {@code model.onnx}
     * @return the staged file, inside {@link #root()}
     * @throws InvalidBundleException when the path is unsafe (absolute, {@code ..}, backslash, ...) or names no file
     *     of the bundle
     * @throws IllegalStateException when the bundle is closed
     */
    public Path resolve(String path) {
        Objects.requireNonNull(path, "path");
        if (closed.get()) {
            throw new IllegalStateException("bundle " + source + " is closed");
        }
        String unsafe = SafePaths.problem(path).orElse(null);
        if (unsafe != null) {
            throw new InvalidBundleException(SafePaths.display(path), unsafe);
        }
        if (!staged.contains(path)) {
            throw new InvalidBundleException(SafePaths.display(path), "no such file in bundle " + source);
        }
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new InvalidBundleException(SafePaths.display(path), "resolves outside the bundle");
        }
        return resolved;
    }

    /**
     * Deletes the staged copy. Idempotent; never throws (a file that cannot be deleted is logged at WARN). A staged
     * copy not closed is deleted when the JVM shuts down (SIGTERM, {@code System.exit}), and one left by a process
     * that was killed is deleted by the next process that stages under the same root.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        staging.release();
    }

    @Override
    public String toString() {
        return "Bundle[" + source + ", " + deliveryId + (isVerified() ? ", verified" : ", unverified")
                + signature.map(g -> g.isVerified() ? ", signed by " + g.verifiedBy() : ", signature unverified").orElse("")
                + (closed.get() ? ", closed" : "") + "]";
    }
}
