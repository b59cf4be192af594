// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.metadata.internal.AtomicFiles;
import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes {@code manifest.json} into a bundle directory, and optionally a reproducible zip of it. */
final class Packer {
    /** Every zip entry's timestamp, so that the same content always gives the same bytes. */
    static final LocalDateTime ZIP_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final byte[] buffer = new byte[Digests.CHUNK];

    /** What was written: the manifest, each file's CRC-32, and the bytes of manifest.json and manifest.sig. */
    private record Packed(Manifest manifest, Map<String, Long> crcs, byte[] manifestBytes,
            Optional<byte[]> signatureBytes) {
    }

    Manifest pack(Path dir, Optional<SigningKey> key) {
        return packDirectory(dir, key).manifest();
    }

    Manifest pack(Path dir, Path zipOut, Optional<SigningKey> key) {
        requireDirectory(dir);
        Path zip = zipOut.toAbsolutePath().normalize();
        Path parent = zip.getParent();
        if (parent == null || zip.getFileName() == null) {
            throw new IllegalArgumentException("zipOut: " + zipOut + " is not a file path");
        }
        try {
            Files.createDirectories(parent);
            Path realDir = dir.toRealPath();
            Path realZip = parent.toRealPath().resolve(zip.getFileName());
            if (realZip.startsWith(realDir)) {
                throw new IllegalArgumentException("zipOut: " + zipOut + " is inside the bundle directory " + dir
                        + " (it would pack itself)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + zipOut + ": " + e, e);
        }
        Packed packed = packDirectory(dir, key);
        List<String> order = new ArrayList<>();
        for (ManifestEntry e : packed.manifest().files()) {
            order.add(e.path());
        }
        order.add(SafePaths.MANIFEST);
        if (packed.signatureBytes().isPresent()) {
            order.add(SafePaths.SIGNATURE);
        }
        order.sort(SafePaths.ORDER);
        try (DirectorySource src = new DirectorySource(dir, Integer.MAX_VALUE, true)) {
            AtomicFiles.write(zip, out -> {
                ZipOutputStream zos = new ZipOutputStream(out, StandardCharsets.UTF_8);
                for (String path : order) {
                    if (path.equals(SafePaths.MANIFEST) || path.equals(SafePaths.SIGNATURE)) {
                        byte[] bytes = path.equals(SafePaths.MANIFEST) ? packed.manifestBytes()
                                : packed.signatureBytes().orElseThrow();
                        CRC32 crc = new CRC32();
                        crc.update(bytes);
                        zos.putNextEntry(storedEntry(path, bytes.length, crc.getValue()));
                        zos.write(bytes);
                        zos.closeEntry();
                        continue;
                    }
                    ManifestEntry want = packed.manifest().entry(path).orElseThrow();
                    long crc = Objects.requireNonNull(packed.crcs().get(path), path);
                    zos.putNextEntry(storedEntry(path, want.size(), crc));
                    Digests.Result r;
                    try (InputStream in = src.open(new BundleSource.Entry(path, want.size()))) {
                        r = Digests.copy(path, in, zos, want.size(), buffer, null); // the zip stream computes its own
                    }
                    if (r.overLimit() || r.size() != want.size() || !r.sha256().equals(want.sha256())) {
                        throw new InvalidBundleException(path, "changed while it was being packed; pack again");
                    }
                    zos.closeEntry();
                }
                zos.finish();
            });
        }
        return packed.manifest();
    }

    private static ZipEntry storedEntry(String path, long size, long crc) {
        ZipEntry e = new ZipEntry(path);
        e.setMethod(ZipEntry.STORED);
        e.setSize(size);
        e.setCompressedSize(size);
        e.setCrc(crc);
        e.setTimeLocal(ZIP_TIME);
        return e;
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir.toString(), "not a directory");
        }
    }

    private Packed packDirectory(Path dir, Optional<SigningKey> key) {
        requireDirectory(dir);
        List<ManifestEntry> entries = new ArrayList<>();
        Map<String, Long> crcs = new HashMap<>();
        Optional<byte[]> oldManifest = Optional.empty();
        Optional<byte[]> oldSignature = Optional.empty();
        boolean hadSignature = false;
        try (DirectorySource src = new DirectorySource(dir, Integer.MAX_VALUE, true)) {
            for (BundleSource.Entry e : src.files()) {
                if (e.path().equals(SafePaths.MANIFEST)) {
                    oldManifest = readSmall(src, e, ManifestCodec.MAX_BYTES);
                    continue;
                }
                if (e.path().equals(SafePaths.SIGNATURE)) {
                    oldSignature = readSmall(src, e, SignatureFile.MAX_BYTES);
                    hadSignature = true;
                    continue;
                }
                Digests.Result r;
                CRC32 crc = new CRC32();
                try (InputStream in = src.open(e)) {
                    r = Digests.copy(e.path(), in, null, Long.MAX_VALUE, buffer, crc);
                } catch (IOException x) {
                    throw new InvalidBundleException(SafePaths.display(e.path()), "cannot be read: " + x.getMessage(), x);
                }
                entries.add(new ManifestEntry(e.path(), r.sha256(), r.size()));
                crcs.put(e.path(), crc.getValue());
            }
        }
        Manifest manifest = Manifest.of(entries);
        byte[] bytes = manifest.toJson().getBytes(StandardCharsets.UTF_8);
        Path sigFile = dir.resolve(SafePaths.SIGNATURE);
        Optional<byte[]> signature;
        if (key.isPresent()) {
            signature = Optional.of(SignatureFile.toJson(List.of(
                    new SignatureFile.Entry(key.get().keyId(), key.get().sign(bytes)))));
        } else if (oldSignature.isPresent() && oldManifest.isPresent() && Arrays.equals(oldManifest.get(), bytes)) {
            signature = oldSignature; // the manifest it signs is unchanged: it still holds
        } else {
            signature = Optional.empty();
        }
        if (signature.isEmpty() && hadSignature) {
            // it signed the manifest being replaced; left in place it would only be refused
            try {
                Files.deleteIfExists(sigFile);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the outdated " + sigFile + ": " + e, e);
            }
        }
        AtomicFiles.write(dir.resolve(SafePaths.MANIFEST), out -> out.write(bytes));
        if (key.isPresent()) {
            byte[] sig = signature.orElseThrow();
            AtomicFiles.write(sigFile, out -> out.write(sig));
        }
        return new Packed(manifest, crcs, bytes, signature);
    }

    private static Optional<byte[]> readSmall(DirectorySource src, BundleSource.Entry e, int max) {
        if (e.declaredSize() > max) {
            return Optional.empty();
        }
        try (InputStream in = src.open(e)) {
            byte[] b = in.readNBytes(max + 1);
            return b.length > max ? Optional.empty() : Optional.of(b);
        } catch (IOException x) {
            throw new InvalidBundleException(SafePaths.display(e.path()), "cannot be read: " + x.getMessage(), x);
        }
    }
}
