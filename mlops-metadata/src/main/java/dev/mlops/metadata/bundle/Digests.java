// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.CRC32;
import org.jspecify.annotations.Nullable;

/** Streaming SHA-256 (and, for zips, CRC-32) of a file while it is copied, reading at most one byte past a limit. */
final class Digests {
    /** Read chunk: 1 MiB, as model_signing does. */
    static final int CHUNK = 1 << 20;

    private Digests() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256, which every Java platform must provide", e);
        }
    }

    /**
     * What a copy found.
     *
     * @param sha256 the hash of the bytes read, up to the limit
     * @param size the number of bytes read, up to the limit
     * @param overLimit whether the source held more than the limit (the excess is neither hashed nor written)
     */
    record Result(String sha256, long size, boolean overLimit) {
    }

    /**
     * Hashes a stream, optionally writing it to a sink; never asks the source for more than {@code limit + 1} bytes.
     * Each chunk is read once into {@code buffer}, and the bytes hashed are the bytes written.
     *
     * @param file the bundle-relative path, for messages
     * @param in the source; read failures become {@link InvalidBundleException} naming {@code file}
     * @param out the sink, or {@code null}; write failures become {@link UncheckedIOException}
     * @param limit the most bytes the file may hold
     * @param buffer a scratch buffer of {@link #CHUNK} bytes
     * @param crc a CRC-32 to update with the same bytes, or {@code null}: only a zip entry needs one, and staging
     *     skips the extra pass over every byte
     * @return the digest, the size and whether the limit was passed
     */
    static Result copy(String file, InputStream in, @Nullable OutputStream out, long limit, byte[] buffer,
            @Nullable CRC32 crc) {
        MessageDigest md = sha256();
        long total = 0;
        boolean over = false;
        while (true) {
            long remaining = limit - total;
            int want = remaining >= buffer.length ? buffer.length : (int) remaining + 1;
            int n;
            try {
                n = in.read(buffer, 0, want);
            } catch (IOException e) {
                throw new InvalidBundleException(file, "cannot be read: " + e.getMessage(), e);
            }
            if (n < 0) {
                break;
            }
            if (total + n > limit) {
                over = true;
                n = (int) (limit - total);
            }
            md.update(buffer, 0, n);
            if (crc != null) {
                crc.update(buffer, 0, n);
            }
            total += n;
            if (out != null && n > 0) {
                try {
                    out.write(buffer, 0, n);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the staged copy of " + file + ": " + e.getMessage(), e);
                }
            }
            if (over) {
                break;
            }
        }
        return new Result(HexFormat.of().formatHex(md.digest()), total, over);
    }
}
