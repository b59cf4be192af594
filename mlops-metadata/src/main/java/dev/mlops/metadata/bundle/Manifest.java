// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The integrity manifest of a bundle, {@code manifest.json}: every other file with its SHA-256 and size, and the
 * delivery id derived from them.
 *
 * <p>The delivery id is {@code "sha256:"} followed by the lower-case hexadecimal SHA-256 of the canonical file list:
 * one line {@code path + "\t" + sha256 + "\t" + size + "\n"} per file ({@code size} in decimal, no padding), in
 * canonical order, encoded as UTF-8. Canonical order compares paths by Unicode code point, which is the byte order of
 * their UTF-8 encoding (Python's {@code sorted()} on {@code str} gives the same order); it differs from
 * {@link String#compareTo} only for characters outside the Basic Multilingual Plane. Two bundles with the same files
 * and bytes have the same id whatever order the files were listed or created in; flipping any byte of any file
 * changes it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param manifestVersion the format version, {@value #VERSION}
 * @param files the listed files in canonical order, paths unique, never {@code manifest.json} itself
 * @param deliveryId the delivery id, which must be the one {@code files} gives
 * @since 0.1.0
 */
public record Manifest(String manifestVersion, List<ManifestEntry> files, String deliveryId) {
    /** The manifest format version this release reads and writes. */
    public static final String VERSION = "1";
    /** The manifest's file name, at the bundle root. */
    public static final String FILE_NAME = SafePaths.MANIFEST;

    /**
     * Checks the components and puts {@code files} in canonical order.
     *
     * @throws IllegalArgumentException when the version is not {@value #VERSION}, a path repeats, the sizes add up past
     *     {@link Long#MAX_VALUE}, {@code manifest.sig} is listed, the manifest lists
     *     itself, or {@code deliveryId} is not the one the files give
     */
    public Manifest {
        Objects.requireNonNull(manifestVersion, "manifestVersion");
        Objects.requireNonNull(deliveryId, "deliveryId");
        if (!VERSION.equals(manifestVersion)) {
            throw new IllegalArgumentException("manifestVersion: \"" + SafePaths.display(manifestVersion)
                    + "\" is not supported (this release supports \"" + VERSION + "\")");
        }
        files = canonical(files);
        String computed = computeDeliveryId(files);
        if (!computed.equals(deliveryId)) {
            throw new IllegalArgumentException("deliveryId: \"" + SafePaths.display(deliveryId)
                    + "\" is not the one the listed files give (" + computed + ")");
        }
    }

    /**
     * Creates the manifest of a set of files, computing the delivery id.
     *
     * @param files the files, in any order
     * @return the manifest
     * @throws IllegalArgumentException when a path repeats or is {@code manifest.json} or {@code manifest.sig}, or
     *     the sizes add up past {@link Long#MAX_VALUE}
     */
    public static Manifest of(Collection<ManifestEntry> files) {
        List<ManifestEntry> sorted = canonical(files);
        return new Manifest(VERSION, sorted, computeDeliveryId(sorted));
    }

    /**
     * Reads a manifest document strictly: unknown or duplicate keys, wrong types, malformed hashes, unsafe paths and
     * trailing content are refused.
     *
     * @param file the {@code manifest.json} to read
     * @return the manifest
     * @throws dev.mlops.api.InvalidMetadataException when the document breaks the manifest format (every violation
     *     listed with its JSON path)
     * @throws dev.mlops.api.IncompatibleSchemaException when {@code manifestVersion} is a newer major than
     *     {@value #VERSION}
     * @throws dev.mlops.api.IntegrityException when the delivery id is not the one the listed files give
     * @throws dev.mlops.api.InvalidBundleException when the file is not a regular file or cannot be read
     */
    public static Manifest read(Path file) {
        return ManifestCodec.read(file);
    }

    /**
     * Parses a manifest document, with the checks of {@link #read(Path)}.
     *
     * @param json the document's bytes, UTF-8
     * @return the manifest
     * @throws dev.mlops.api.InvalidMetadataException when the document breaks the manifest format
     * @throws dev.mlops.api.IncompatibleSchemaException when {@code manifestVersion} is a newer major than
     *     {@value #VERSION}
     * @throws dev.mlops.api.IntegrityException when the delivery id is not the one the listed files give
     */
    public static Manifest parse(byte[] json) {
        return ManifestCodec.parse(json);
    }

    /**
     * Renders this manifest as {@code manifest.json} is written: two-space indentation, one file a line, {@code \n}
     * line ends, a final newline. The same manifest always gives the same text.
     *
     * @return the JSON document
     */
    public String toJson() {
        return ManifestCodec.toJson(this);
    }

    /**
     * Finds a listed file.
     *
     * @param path the bundle-relative path
     * @return its entry, or empty when not listed
     */
    public Optional<ManifestEntry> entry(String path) {
        Objects.requireNonNull(path, "path");
        for (ManifestEntry e : files) {
            if (e.path().equals(path)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** @return the sum of the listed files' sizes, in bytes (never more than {@link Long#MAX_VALUE}: checked) */
    public long totalSize() {
        long total = 0;
        for (ManifestEntry e : files) {
            total += e.size();
        }
        return total;
    }

    private static List<ManifestEntry> canonical(Collection<ManifestEntry> files) {
        List<ManifestEntry> sorted = new ArrayList<>(files);
        for (ManifestEntry e : sorted) {
            Objects.requireNonNull(e, "files element");
        }
        sorted.sort((a, b) -> SafePaths.ORDER.compare(a.path(), b.path()));
        long total = 0;
        for (int i = 0; i < sorted.size(); i++) {
            String path = sorted.get(i).path();
            long size = sorted.get(i).size();
            if (total > Long.MAX_VALUE - size) {
                throw new IllegalArgumentException("files: the sizes add up past " + Long.MAX_VALUE + " bytes at "
                        + SafePaths.display(path));
            }
            total += size;
            if (path.equals(FILE_NAME)) {
                throw new IllegalArgumentException("files: " + FILE_NAME + " must not list itself");
            }
            if (path.equals(SafePaths.SIGNATURE)) {
                throw new IllegalArgumentException("files: " + SafePaths.SIGNATURE + " must not be listed (it is the "
                        + "signature over " + FILE_NAME + ")");
            }
            if (i > 0 && sorted.get(i - 1).path().equals(path)) {
                throw new IllegalArgumentException("files: " + path + " is listed twice");
            }
        }
        return List.copyOf(sorted);
    }

    static String computeDeliveryId(List<ManifestEntry> sortedFiles) {
        MessageDigest md = Digests.sha256();
        for (ManifestEntry e : sortedFiles) {
            md.update(e.canonicalLine().getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }
}
