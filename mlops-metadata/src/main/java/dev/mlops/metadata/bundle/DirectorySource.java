// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A bundle directory. Symbolic links, hard links ({@code unix:nlink > 1}, where the file system reports it) and
 * special files are refused. Where the platform offers a {@link SecureDirectoryStream} (Linux, macOS) every
 * directory and file is opened relative to its parent's open handle with {@code O_NOFOLLOW}, so swapping a directory
 * for a link while the bundle is read cannot redirect it; elsewhere each path component is checked before the file is
 * opened with {@link LinkOption#NOFOLLOW_LINKS}.
 */
final class DirectorySource implements BundleSource {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final Set<OpenOption> READ_NOFOLLOW = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

    private final Path root;
    private final String display;
    private final int maxEntries;
    private final @Nullable SecureDirectoryStream<Path> secureRoot;
    private final boolean hasUnixView;

    /**
     * Opens a directory.
     *
     * @param root the bundle directory (following a link at the root itself is the caller's choice)
     * @param maxEntries the most files and directories accepted
     * @param preferSecure whether to use a {@link SecureDirectoryStream} where one is available (tests turn it off)
     */
    DirectorySource(Path root, int maxEntries, boolean preferSecure) {
        this.root = root;
        this.display = root.toString();
        this.maxEntries = maxEntries;
        this.hasUnixView = root.getFileSystem().supportedFileAttributeViews().contains("unix");
        SecureDirectoryStream<Path> secure = null;
        if (preferSecure) {
            try {
                DirectoryStream<Path> ds = Files.newDirectoryStream(root);
                if (ds instanceof SecureDirectoryStream<Path> s) {
                    secure = s;
                } else {
                    ds.close();
                }
            } catch (IOException e) {
                throw new InvalidBundleException(display, "cannot read the bundle directory: " + e.getMessage(), e);
            }
        }
        this.secureRoot = secure;
    }

    @Override
    public List<Entry> files() {
        List<Entry> files = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        Problems problems = new Problems();
        try {
            if (secureRoot != null) {
                walkSecure(secureRoot, root, "", files, dirs, problems);
            } else {
                walkPlain(files, dirs, problems);
            }
        } catch (IOException e) {
            throw new InvalidBundleException(display, "cannot list the bundle directory: " + e.getMessage(), e);
        }
        problems.throwIfAny();
        TreeRules.check(files.stream().map(Entry::path).toList(), dirs, problems);
        problems.throwIfAny();
        files.sort((a, b) -> SafePaths.ORDER.compare(a.path(), b.path()));
        return List.copyOf(files);
    }

    private void walkSecure(SecureDirectoryStream<Path> ds, Path dirPath, String prefix, List<Entry> files,
            List<String> dirs, Problems problems) throws IOException {
        List<Path> names = new ArrayList<>();
        for (Path child : ds) {
            names.add(child.getFileName());
        }
        names.sort((a, b) -> SafePaths.ORDER.compare(a.toString(), b.toString()));
        for (Path name : names) {
            String rel = prefix.isEmpty() ? name.toString() : prefix + "/" + name;
            countEntry(files, dirs);
            BasicFileAttributes a;
            try {
                a = ds.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW).readAttributes();
            } catch (NoSuchFileException e) {
                continue; // removed while listing: it is not part of the bundle
            }
            if (!accept(rel, a, dirPath.resolve(name), problems)) {
                continue;
            }
            if (a.isDirectory()) {
                dirs.add(rel);
                try (SecureDirectoryStream<Path> sub = ds.newDirectoryStream(name, NOFOLLOW)) {
                    walkSecure(sub, dirPath.resolve(name), rel, files, dirs, problems);
                }
            } else {
                files.add(new Entry(rel, a.size()));
            }
        }
    }

    private void walkPlain(List<Entry> files, List<String> dirs, Problems problems) throws IOException {
        Files.walkFileTree(root, EnumSet.noneOf(java.nio.file.FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        String rel = relative(dir);
                        countEntry(files, dirs);
                        if (!accept(rel, attrs, dir, problems)) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        dirs.add(rel);
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        String rel = relative(file);
                        countEntry(files, dirs);
                        if (accept(rel, attrs, file, problems)) {
                            files.add(new Entry(rel, attrs.size()));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        if (e instanceof NoSuchFileException) {
                            return FileVisitResult.CONTINUE;
                        }
                        throw e;
                    }
                });
    }

    private String relative(Path p) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(p)) {
            parts.add(part.toString());
        }
        return String.join("/", parts);
    }

    private void countEntry(List<Entry> files, List<String> dirs) {
        if (files.size() + dirs.size() >= maxEntries) {
            throw new InvalidBundleException(display, "has more than " + maxEntries + " files and directories (the limit)");
        }
    }

    /** Applies the per-entry rules; returns whether the entry is a directory or regular file to keep. */
    private boolean accept(String rel, BasicFileAttributes a, Path path, Problems problems) {
        String unsafe = SafePaths.problem(rel).orElse(null);
        if (unsafe != null) {
            problems.add(rel, unsafe);
            return false;
        }
        if (a.isSymbolicLink()) {
            problems.add(rel, "is a symbolic link (a bundle may not contain links; copy the target instead)");
            return false;
        }
        if (a.isDirectory()) {
            return true;
        }
        if (!a.isRegularFile()) {
            problems.add(rel, "is not a regular file (a device, pipe or socket)");
            return false;
        }
        int links = linkCount(path);
        if (links > 1) {
            problems.add(rel, "has " + links + " hard links (a bundle may not contain hard links; copy the file instead)");
            return false;
        }
        return true;
    }

    private int linkCount(Path path) {
        if (!hasUnixView) {
            return 1;
        }
        try {
            Object n = Files.getAttribute(path, "unix:nlink", NOFOLLOW);
            return n instanceof Integer i ? i : 1;
        } catch (IOException | UnsupportedOperationException e) {
            return 1;
        }
    }

    @Override
    public InputStream open(Entry entry) throws IOException {
        String[] segments = entry.path().split("/");
        if (secureRoot == null) {
            Path p = root;
            for (int i = 0; i < segments.length - 1; i++) {
                p = p.resolve(segments[i]);
                if (!Files.isDirectory(p, NOFOLLOW)) {
                    throw new IOException(relativeOf(segments, i) + " is no longer a directory");
                }
            }
            Path file = p.resolve(segments[segments.length - 1]);
            // Checked before opening: opening a FIFO for reading blocks until a writer appears, and Java cannot
            // open with O_NONBLOCK. What remains is the instant between this check and the open.
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, NOFOLLOW);
            if (!a.isRegularFile()) {
                throw new IOException(notRegular(a));
            }
            return Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        }
        List<SecureDirectoryStream<Path>> opened = new ArrayList<>();
        try {
            SecureDirectoryStream<Path> dir = secureRoot;
            for (int i = 0; i < segments.length - 1; i++) {
                dir = dir.newDirectoryStream(root.getFileSystem().getPath(segments[i]), NOFOLLOW);
                opened.add(dir);
            }
            Path name = root.getFileSystem().getPath(segments[segments.length - 1]);
            BasicFileAttributes a = dir.getFileAttributeView(name, BasicFileAttributeView.class, NOFOLLOW)
                    .readAttributes();
            if (!a.isRegularFile()) {
                throw new IOException(notRegular(a));
            }
            SeekableByteChannel ch = dir.newByteChannel(name, READ_NOFOLLOW);
            return Channels.newInputStream(ch);
        } finally {
            for (SecureDirectoryStream<Path> d : opened) {
                try {
                    d.close();
                } catch (IOException ignored) {
                    // closing a directory handle we only read
                }
            }
        }
    }

    private static String notRegular(BasicFileAttributes a) {
        String kind = a.isSymbolicLink() ? "a symbolic link" : a.isDirectory() ? "a directory"
                : "a device, pipe or socket";
        return "is not a regular file (" + kind + "; it was replaced after the bundle was listed)";
    }

    private static String relativeOf(String[] segments, int last) {
        return String.join("/", java.util.Arrays.asList(segments).subList(0, last + 1));
    }

    @Override
    public void close() {
        if (secureRoot != null) {
            try {
                secureRoot.close();
            } catch (IOException ignored) {
                // a directory handle we only read: nothing was written, nothing is lost
            }
        }
    }
}
