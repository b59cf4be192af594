package dev.mlops.metadata.bundle;

import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/** Copies a bundle source into a fresh private directory, hashing every file as it is written. */
final class Stager {
    private final BundleReader options;
    private final byte[] buffer = new byte[Digests.CHUNK];

    Stager(BundleReader options) {
        this.options = options;
    }

    static BundleSource openSource(Path source, BundleReader options) {
        String display = source.toString();
        if (Files.isDirectory(source)) {
            return new DirectorySource(source, options.maxEntries(), options.secureDirectoryStreams());
        }
        if (Files.isRegularFile(source)) {
            String name = source.getFileName() == null ? "" : source.getFileName().toString();
            if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
                return new ZipSource(source, options.maxEntries(), options.maxTotalBytes(),
                        options.maxCompressionRatio());
            }
            throw new InvalidBundleException(display, "not a bundle: expected a directory or a .zip file");
        }
        if (Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidBundleException(display, "not a bundle: expected a directory or a .zip file");
        }
        throw new InvalidBundleException(display, "no such bundle (expected a directory or a .zip file)");
    }

    Bundle stage(Path source, boolean verify) {
        Path staging;
        try (BundleSource src = openSource(source, options)) {
            List<BundleSource.Entry> entries = src.files();
            staging = createStagingDirectory(options.stagingRoot());
            try {
                return stageInto(src, entries, source, staging, verify);
            } catch (RuntimeException | Error e) {
                Bundle.deleteTree(staging);
                throw e;
            }
        }
    }

    private Bundle stageInto(BundleSource src, List<BundleSource.Entry> entries, Path source, Path staging,
            boolean verify) {
        String display = source.toString();
        Map<String, BundleSource.Entry> present = new HashMap<>();
        for (BundleSource.Entry e : entries) {
            present.put(e.path(), e);
        }
        BundleSource.Entry manifestFile = present.remove(SafePaths.MANIFEST);
        if (verify && manifestFile == null) {
            throw new IntegrityException(SafePaths.MANIFEST, "missing from " + display + ": a verified bundle needs "
                    + "manifest.json listing every file with its SHA-256 (run `mlops pack`)");
        }
        long budget = options.maxTotalBytes();
        Optional<Manifest> manifest = Optional.empty();
        if (manifestFile != null) {
            long cap = Math.min(ManifestCodec.MAX_BYTES, budget);
            Digests.Result r = copy(src, manifestFile, staging, cap);
            if (r.overLimit()) {
                throw new InvalidBundleException(SafePaths.MANIFEST, "larger than the limit of " + cap + " bytes");
            }
            budget -= r.size();
            if (verify) {
                manifest = Optional.of(ManifestCodec.read(staging.resolve(SafePaths.MANIFEST)));
            }
        }

        List<ManifestEntry> staged = new ArrayList<>();
        if (manifest.isEmpty()) {
            for (BundleSource.Entry e : entries) {
                if (e.path().equals(SafePaths.MANIFEST)) {
                    continue;
                }
                Digests.Result r = copy(src, e, staging, budget);
                if (r.overLimit()) {
                    throw new InvalidBundleException(display, "holds more than the limit of " + options.maxTotalBytes()
                            + " bytes (reading stopped in " + SafePaths.display(e.path()) + ")");
                }
                budget -= r.size();
                staged.add(new ManifestEntry(e.path(), r.sha256(), r.size()));
            }
            return new Bundle(source, staging, Optional.empty(), staged, manifestFile != null);
        }

        Manifest m = manifest.get();
        if (m.totalSize() > budget) {
            throw new InvalidBundleException(display, "manifest.json lists " + m.totalSize() + " bytes, more than the "
                    + "limit of " + options.maxTotalBytes());
        }
        Map<String, ManifestEntry> listed = new HashMap<>();
        for (ManifestEntry e : m.files()) {
            listed.put(e.path(), e);
        }
        TreeSet<String> all = new TreeSet<>(SafePaths.ORDER);
        all.addAll(present.keySet());
        all.addAll(listed.keySet());
        Problems problems = new Problems();
        for (String path : all) {
            BundleSource.Entry e = present.get(path);
            ManifestEntry want = listed.get(path);
            if (e == null) {
                problems.add(path, "listed in manifest.json but missing from the bundle");
                continue;
            }
            if (want == null) {
                problems.add(path, "present in the bundle but not listed in manifest.json");
                continue;
            }
            if (e.declaredSize() != want.size()) {
                problems.add(path, sizeProblem(want.size(), e.declaredSize()));
                continue;
            }
            Digests.Result r = copy(src, e, staging, want.size());
            if (r.overLimit()) {
                problems.add(path, "larger than the " + want.size() + " bytes manifest.json lists (reading stopped "
                        + "there)");
            } else if (r.size() != want.size()) {
                problems.add(path, sizeProblem(want.size(), r.size()));
            } else if (!r.sha256().equals(want.sha256())) {
                problems.add(path, "changed: expected sha256 " + want.sha256() + ", actual " + r.sha256());
            } else {
                staged.add(want);
            }
        }
        problems.throwIntegrityIfAny();
        return new Bundle(source, staging, manifest, staged, true);
    }

    private static String sizeProblem(long expected, long actual) {
        if (actual < expected) {
            return "expected " + expected + " bytes, found " + actual + " (truncated or partial copy)";
        }
        return "expected " + expected + " bytes, found " + actual + " (larger than manifest.json lists)";
    }

    /** Copies one file into the staging directory, hashing it, reading at most {@code limit + 1} bytes. */
    private Digests.Result copy(BundleSource src, BundleSource.Entry e, Path staging, long limit) {
        Path target = staging.resolve(e.path()).normalize();
        if (!target.startsWith(staging) || target.equals(staging)) {
            throw new InvalidBundleException(SafePaths.display(e.path()), "resolves outside the staging directory");
        }
        try (OutputStream out = createStagedFile(staging, target, e.path())) {
            InputStream in;
            try {
                in = src.open(e);
            } catch (IOException x) {
                throw new InvalidBundleException(SafePaths.display(e.path()), "cannot be read: " + x.getMessage(), x);
            }
            try (in) {
                return Digests.copy(SafePaths.display(e.path()), in, out, limit, buffer);
            } catch (IOException x) {
                throw new InvalidBundleException(SafePaths.display(e.path()), "cannot be read: " + x.getMessage(), x);
            }
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the staged copy of " + e.path() + " in " + staging + ": "
                    + x.getMessage(), x);
        }
    }

    private static OutputStream createStagedFile(Path staging, Path target, String rel) throws IOException {
        boolean posix = staging.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = target.getParent();
        if (!parent.equals(staging)) {
            if (posix) {
                Files.createDirectories(parent, ownerOnlyDirectory());
            } else {
                Files.createDirectories(parent);
            }
        }
        try {
            if (posix) {
                return Channels.newOutputStream(Files.newByteChannel(target, java.util.Set.of(
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))));
            }
            return Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException x) {
            throw new InvalidBundleException(SafePaths.display(rel), "collides with another file of the bundle on "
                    + "this file system (names that differ only in case or Unicode normalization)", x);
        }
    }

    private static FileAttribute<?> ownerOnlyDirectory() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }

    static Path createStagingDirectory(Path stagingRoot) {
        try {
            Files.createDirectories(stagingRoot);
            if (stagingRoot.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                return Files.createTempDirectory(stagingRoot, "mlops-bundle-", ownerOnlyDirectory());
            }
            return Files.createTempDirectory(stagingRoot, "mlops-bundle-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging directory under " + stagingRoot + ": "
                    + e.getMessage(), e);
        }
    }
}
