// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.StagingException;
import dev.mlops.api.UntrustedBundleException;
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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

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
        try (BundleSource src = openSource(source, options)) {
            List<BundleSource.Entry> entries = src.files();
            StagingDir staging = StagingDir.create(options.stagingRoot());
            try {
                return stageInto(src, entries, source, staging, verify);
            } catch (RuntimeException | Error e) {
                staging.release();
                throw e;
            }
        }
    }

    private Bundle stageInto(BundleSource src, List<BundleSource.Entry> entries, Path source, StagingDir dir,
            boolean verify) {
        Path staging = dir.root();
        String display = source.toString();
        Map<String, BundleSource.Entry> present = new HashMap<>();
        for (BundleSource.Entry e : entries) {
            present.put(e.path(), e);
        }
        BundleSource.Entry manifestFile = present.remove(SafePaths.MANIFEST);
        BundleSource.Entry signatureFile = present.remove(SafePaths.SIGNATURE);
        if (verify && manifestFile == null) {
            throw new IntegrityException(SafePaths.MANIFEST, "missing from " + display + ": a verified bundle needs "
                    + "manifest.json listing every file with its SHA-256 (run `mlops pack`)");
        }
        Set<String> unlisted = new HashSet<>();
        long budget = options.maxTotalBytes();
        Optional<Manifest> manifest = Optional.empty();
        Optional<BundleSignature> signature = Optional.empty();
        byte[] manifestBytes = null;
        if (manifestFile != null) {
            long cap = Math.min(ManifestCodec.MAX_BYTES, budget);
            Digests.Result r = copy(src, manifestFile, staging, cap);
            if (r.overLimit()) {
                throw new InvalidBundleException(SafePaths.MANIFEST, "larger than the limit of " + cap + " bytes");
            }
            budget -= r.size();
            unlisted.add(SafePaths.MANIFEST);
            if (verify) {
                manifestBytes = readStaged(staging, SafePaths.MANIFEST);
            }
        }
        byte[] signatureBytes = null;
        if (signatureFile != null) {
            long cap = Math.min(SignatureFile.MAX_BYTES, budget);
            Digests.Result r = copy(src, signatureFile, staging, cap);
            if (r.overLimit()) {
                throw new InvalidBundleException(SafePaths.SIGNATURE, "larger than the limit of " + cap + " bytes");
            }
            budget -= r.size();
            unlisted.add(SafePaths.SIGNATURE);
            if (verify) {
                signatureBytes = readStaged(staging, SafePaths.SIGNATURE);
            }
        }
        if (manifestBytes != null) {
            // The signature is checked before the manifest is parsed and before any other file is copied.
            signature = checkSignature(display, signatureBytes, manifestBytes);
            manifest = Optional.of(ManifestCodec.parse(manifestBytes));
        }

        List<ManifestEntry> staged = new ArrayList<>();
        if (manifest.isEmpty()) {
            for (BundleSource.Entry e : entries) {
                if (e.path().equals(SafePaths.MANIFEST) || e.path().equals(SafePaths.SIGNATURE)) {
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
            return new Bundle(source, dir, Optional.empty(), staged, unlisted, Optional.empty());
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
        return new Bundle(source, dir, manifest, staged, unlisted, signature);
    }

    /**
     * Checks {@code manifest.sig} against the trusted keys, if the reader has any; otherwise checks its format only.
     *
     * @param signatureBytes the staged signature file, or {@code null} when the bundle has none
     * @param manifestBytes the staged {@code manifest.json}, exactly as signed
     */
    private Optional<BundleSignature> checkSignature(String display, byte @Nullable [] signatureBytes,
            byte[] manifestBytes) {
        Optional<TrustedKeys> trust = options.trust();
        List<String> trusted = trust.map(TrustedKeys::keyIds).orElse(List.of());
        if (signatureBytes == null) {
            if (trust.isPresent()) {
                throw new UntrustedBundleException(SafePaths.SIGNATURE, "missing from " + display + ": this reader "
                        + "accepts only bundles whose manifest.json is signed by a trusted key (sign with `mlops pack "
                        + "--sign KEY`)", List.of(), trusted);
            }
            return Optional.empty();
        }
        List<SignatureFile.Entry> entries = SignatureFile.parse(signatureBytes);
        List<String> ids = entries.stream().map(SignatureFile.Entry::keyId).toList();
        if (trust.isEmpty()) {
            return Optional.of(new BundleSignature(ids, List.of()));
        }
        List<String> verified = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (SignatureFile.Entry e : entries) {
            if (trust.get().key(e.keyId()).isPresent()) {
                (trust.get().verifies(e.keyId(), manifestBytes, e.signature()) ? verified : failed).add(e.keyId());
            }
        }
        if (!failed.isEmpty()) {
            throw new UntrustedBundleException(SafePaths.MANIFEST, "the signature in manifest.sig by trusted key "
                    + String.join(", ", failed) + " does not verify over manifest.json: the manifest, or the files it "
                    + "lists, changed after it was signed", ids, trusted);
        }
        if (verified.isEmpty()) {
            throw new UntrustedBundleException(SafePaths.SIGNATURE, "manifest.json is signed only by keys that are not "
                    + "trusted", ids, trusted);
        }
        return Optional.of(new BundleSignature(ids, verified));
    }

    /** Reads back a small staged file (its size was bounded as it was copied). */
    private static byte[] readStaged(Path staging, String rel) {
        Path file = staging.resolve(rel);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new StagingException(file.toString(), "cannot read back the staged copy: " + e, e);
        }
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
                return Digests.copy(SafePaths.display(e.path()), in, out, limit, buffer, null);
            } catch (IOException x) {
                throw new InvalidBundleException(SafePaths.display(e.path()), "cannot be read: " + x.getMessage(), x);
            } catch (UncheckedIOException x) {
                throw new StagingException(target.toString(), "cannot write the staged copy of "
                        + SafePaths.display(e.path()) + ": " + x.getCause(), Objects.requireNonNull(x.getCause()));
            }
        } catch (IOException x) {
            throw new StagingException(target.toString(), "cannot write the staged copy of "
                    + SafePaths.display(e.path()) + ": " + x, x);
        }
    }

    private static OutputStream createStagedFile(Path staging, Path target, String rel) throws IOException {
        boolean posix = staging.getFileSystem().supportedFileAttributeViews().contains("posix");
        Path parent = Objects.requireNonNull(target.getParent(), rel);
        if (!parent.equals(staging)) {
            if (posix) {
                Files.createDirectories(parent, ownerOnlyDirectory());
            } else {
                Files.createDirectories(parent);
            }
        }
        try {
            if (posix) {
                return Channels.newOutputStream(Files.newByteChannel(target, Set.of(
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
}
