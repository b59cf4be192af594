// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file of a bundle as {@code manifest.json} lists it.
 *
 * <p>Immutable and thread-safe.
 *
 * @param path the bundle-relative path, {@code /}-separated and safe (see the package documentation)
 * @param sha256 the SHA-256 of the file's bytes, 64 lower-case hexadecimal characters
 * @param size the file's length in bytes, at least 0
 * @since 0.1.0
 */
public record ManifestEntry(String path, String sha256, long size) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks the components.
     *
     * @throws IllegalArgumentException naming the component that is malformed
     */
    public ManifestEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sha256, "sha256");
        SafePaths.problem(path).ifPresent(p -> {
            throw new IllegalArgumentException("path \"" + SafePaths.display(path) + "\": " + p);
        });
        if (!isSha256(sha256)) {
            throw new IllegalArgumentException("sha256 of " + path + ": \"" + SafePaths.display(sha256)
                    + "\" is not 64 lower-case hexadecimal characters");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size of " + path + ": " + size + " is negative");
        }
    }

    static boolean isSha256(String s) {
        return SHA256.matcher(s).matches();
    }

    /** @return the line this entry contributes to the canonical file list: {@code path\tsha256\tsize\n} */
    String canonicalLine() {
        return path + '\t' + sha256 + '\t' + size + '\n';
    }
}
