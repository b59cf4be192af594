// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Writes a file so that readers see either the old content or the whole new content: a temporary file in the same
 * directory, flushed to disk, then renamed over the target ({@code ATOMIC_MOVE}; a plain replacing move where the
 * file system cannot rename atomically). On failure the temporary file is removed and the target is untouched.
 * Stateless and thread-safe; internal to mlops-metadata.
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Writes the content of a file; must not close the stream it is given. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /** Prefix of every temporary file this class creates: a dot, so directory listings hide it. */
    public static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /**
     * Writes {@code target} atomically.
     *
     * @throws UncheckedIOException when the directory cannot be written or the rename fails
     */
    public static void write(Path target, Body body) {
        Path dir = Objects.requireNonNull(target.toAbsolutePath().getParent(), () -> target + " has no parent");
        Path tmp = null;
        boolean moved = false;
        try {
            tmp = createTemp(dir, target);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE);
                    OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e, e);
        } finally {
            if (!moved && tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the temporary name starts with a dot and ends in .tmp
                }
            }
        }
    }

    /** Creates the temporary file without explicit permissions, so the process umask applies as for any new file. */
    private static Path createTemp(Path dir, Path target) throws IOException {
        byte[] r = new byte[8];
        for (int attempt = 0; ; attempt++) {
            RANDOM.nextBytes(r);
            Path tmp = dir.resolve(tempPrefix(target) + HexFormat.of().formatHex(r) + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw e;
                }
            }
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can open or sync a directory (Windows); the rename itself is already done
        }
    }
}
