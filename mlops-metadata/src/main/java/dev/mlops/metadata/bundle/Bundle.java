package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(Bundle.class);

    private final Path source;
    private final Path root;
    private final Optional<Manifest> manifest;
    private final List<ManifestEntry> files;
    private final String deliveryId;
    private final Set<String> staged;
    private final AtomicBoolean closed = new AtomicBoolean();

    Bundle(Path source, Path root, Optional<Manifest> manifest, List<ManifestEntry> files, boolean hasManifestFile) {
        this.source = source;
        this.root = root;
        this.manifest = manifest;
        this.files = List.copyOf(files);
        this.deliveryId = Manifest.of(this.files).deliveryId();
        Set<String> paths = new HashSet<>();
        for (ManifestEntry e : this.files) {
            paths.add(e.path());
        }
        if (hasManifestFile) {
            paths.add(SafePaths.MANIFEST);
        }
        this.staged = Set.copyOf(paths);
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
     * @return every file but {@code manifest.json}, in canonical order
     */
    public List<ManifestEntry> files() {
        return files;
    }

    /**
     * Tells whether the bundle holds a file.
     *
     * @param path a bundle-relative path such as {@code config.json}
     * @return {@code true} when it is a file of the bundle (including {@code manifest.json})
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
     * Deletes the staged copy. Idempotent; never throws (a file that cannot be deleted is logged at WARN).
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        deleteTree(root);
    }

    static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete staged bundle {}: {}", dir, e.toString());
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not delete staged file {}: {}", p, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Bundle[" + source + ", " + deliveryId + (isVerified() ? ", verified" : ", unverified")
                + (closed.get() ? ", closed" : "") + "]";
    }
}
