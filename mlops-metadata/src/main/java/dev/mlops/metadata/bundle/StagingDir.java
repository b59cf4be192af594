// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.StagingException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One private staging directory, {@code STAGING_ROOT/mlops-bundle-HEX/}, and its lock file beside it,
 * {@code STAGING_ROOT/mlops-bundle-HEX.lock}, held locked ({@link FileChannel#tryLock()}) until the directory is
 * released. The lock tells other processes the directory is in use: one that can take the lock of a directory not
 * its own knows its owner died (SIGKILL, crash, power loss) and deletes it. Only names of exactly this form are
 * touched; a staging directory without a lock file (written by 0.1.0, or by another tool) is left alone.
 *
 * <p>Every directory not yet released is deleted by a shutdown hook (SIGTERM, {@code System.exit}), registered once.
 * Within this JVM a directory is never reclaimed (its lock is never even opened twice, since closing any channel to a
 * file releases the process's POSIX locks on it). Thread-safe.
 */
final class StagingDir {
    private static final Logger LOG = LoggerFactory.getLogger(StagingDir.class);
    static final String PREFIX = "mlops-bundle-";
    static final String LOCK_SUFFIX = ".lock";
    private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "[0-9a-f]{16}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Directories of this JVM, from before their files exist until they are deleted: never reclaimed. */
    private static final Set<Path> CLAIMED = ConcurrentHashMap.newKeySet();
    /** Directories not yet released, for the shutdown hook. */
    private static final Set<StagingDir> LIVE = ConcurrentHashMap.newKeySet();
    /** Staging roots already searched for the directories of dead processes. */
    private static final Set<Path> RECLAIMED = ConcurrentHashMap.newKeySet();
    private static final AtomicBoolean HOOKED = new AtomicBoolean();
    private static volatile boolean shuttingDown;

    private final Path root;
    private final Path lockFile;
    private final FileChannel channel;
    private final AtomicBoolean released = new AtomicBoolean();

    private StagingDir(Path root, Path lockFile, FileChannel channel) {
        this.root = root;
        this.lockFile = lockFile;
        this.channel = channel;
    }

    /** @return the staged copy's directory */
    Path root() {
        return root;
    }

    /**
     * Creates a fresh staging directory under a root (created if missing), first reclaiming, once per root and JVM,
     * the directories that dead processes left there.
     *
     * @throws StagingException when the root or the directory cannot be created
     */
    static StagingDir create(Path stagingRoot) {
        Path base;
        try {
            Files.createDirectories(stagingRoot);
            base = stagingRoot.toAbsolutePath().normalize();
        } catch (IOException | RuntimeException e) {
            throw new StagingException(stagingRoot.toString(), "cannot create a staging directory: " + e, e);
        }
        if (RECLAIMED.add(base)) {
            reclaim(base);
        }
        hookOnce();
        boolean posix = base.getFileSystem().supportedFileAttributeViews().contains("posix");
        byte[] r = new byte[8];
        for (int attempt = 0; ; attempt++) {
            RANDOM.nextBytes(r);
            String name = PREFIX + HexFormat.of().formatHex(r);
            Path dir = base.resolve(name);
            Path lock = base.resolve(name + LOCK_SUFFIX);
            Path pending = base.resolve("." + name + LOCK_SUFFIX + ".tmp");
            if (!CLAIMED.add(dir)) {
                continue;
            }
            @Nullable FileChannel ch = null;
            boolean movedLock = false;
            boolean madeDir = false;
            boolean done = false;
            try {
                // Locked under a name reclaim ignores, then renamed: no other process ever sees it unlocked.
                Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                ch = posix ? FileChannel.open(pending, options, ownerOnly("rw-------")) : FileChannel.open(pending, options);
                if (ch.tryLock() == null) {
                    throw new IOException("cannot lock " + pending);
                }
                try {
                    Files.move(pending, lock, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(pending, lock);
                }
                movedLock = true;
                if (posix) {
                    Files.createDirectory(dir, ownerOnly("rwx------"));
                } else {
                    Files.createDirectory(dir);
                }
                madeDir = true;
                StagingDir s = new StagingDir(dir, lock, ch);
                LIVE.add(s);
                done = true;
                if (shuttingDown) {
                    s.release();
                    throw new StagingException(dir.toString(), "the JVM is shutting down", new IllegalStateException());
                }
                return s;
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) {
                    throw new StagingException(base.toString(), "cannot create a staging directory: " + e, e);
                }
            } catch (IOException | RuntimeException e) {
                if (e instanceof StagingException s) {
                    throw s;
                }
                throw new StagingException(base.toString(), "cannot create a staging directory: " + e, e);
            } finally {
                if (!done) {
                    if (madeDir) {
                        deleteQuietly(dir);
                    }
                    if (movedLock) {
                        deleteQuietly(lock);
                    } else if (ch != null) {
                        deleteQuietly(pending);
                    }
                    closeQuietly(ch);
                    CLAIMED.remove(dir);
                }
            }
        }
    }

    private static FileAttribute<?> ownerOnly(String perms) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms));
    }

    /**
     * Deletes the directory and its lock file, then releases the lock. Idempotent; never throws. The lock file stays
     * when the directory could not be deleted in full, so that a later process reclaims what is left.
     */
    void release() {
        if (!released.compareAndSet(false, true)) {
            return;
        }
        try {
            deleteTree(root);
            if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
                deleteQuietly(lockFile);
            }
        } finally {
            closeQuietly(channel);
            LIVE.remove(this);
            CLAIMED.remove(root);
        }
    }

    private static void hookOnce() {
        if (HOOKED.compareAndSet(false, true)) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(StagingDir::releaseAll, "mlops-staging-cleanup"));
            } catch (IllegalStateException e) {
                shuttingDown = true; // the JVM is already shutting down
            }
        }
    }

    private static void releaseAll() {
        shuttingDown = true;
        for (StagingDir s : List.copyOf(LIVE)) {
            s.release();
        }
    }

    /** Deletes the staging directories under {@code base} whose owner died, with their lock files. */
    static void reclaim(Path base) {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(base, PREFIX + "*" + LOCK_SUFFIX)) {
            for (Path lock : ds) {
                String file = lock.getFileName().toString();
                String name = file.substring(0, file.length() - LOCK_SUFFIX.length());
                Path dir = base.resolve(name);
                if (!NAME.matcher(name).matches() || CLAIMED.contains(dir)
                        || !Files.isRegularFile(lock, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                reclaimOne(lock, dir);
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not search {} for stale staging directories: {}", base, e.toString());
        }
    }

    private static void reclaimOne(Path lock, Path dir) {
        try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            FileLock held = ch.tryLock();
            if (held == null) {
                return; // its owner is alive
            }
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                LOG.info("deleting staging directory {} left by a process that ended without cleaning up", dir);
                deleteTree(dir);
            }
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                Files.deleteIfExists(lock);
            }
        } catch (OverlappingFileLockException e) {
            // locked in this JVM by a copy of this class from another class loader: in use
        } catch (IOException | RuntimeException e) {
            LOG.debug("could not reclaim staging directory {}: {}", dir, e.toString());
        }
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

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException ignored) {
            // best effort while undoing a failed creation
        }
    }

    private static void closeQuietly(@Nullable FileChannel ch) {
        if (ch == null) {
            return;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // releasing the lock of a directory already deleted
        }
    }

    @Override
    public String toString() {
        return "StagingDir[" + root + (released.get() ? ", released" : "") + "]";
    }
}
