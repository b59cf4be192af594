// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A zipped bundle. The central directory is checked in full before any entry is read: names (absolute, {@code ..},
 * backslashes, drive letters, duplicates), links and special files (Unix mode), encryption, entry count, total
 * declared size and compression ratio. While an entry is read, its actual inflated size is held to what it declared
 * and to the ratio limit, so a lying header cannot inflate past them.
 */
final class ZipSource implements BundleSource {
    /** Inflated bytes an entry may produce before its compression ratio is held to the limit. */
    static final long RATIO_GRACE = 1 << 20;

    private final String display;
    private final ZipFile zip;
    private final List<Entry> files;
    private final Map<String, ZipCentralDirectory.Record> records = new HashMap<>();
    private final int maxRatio;

    ZipSource(Path file, int maxEntries, long maxTotalBytes, int maxRatio) {
        this.display = file.toString();
        this.maxRatio = maxRatio;
        List<ZipCentralDirectory.Record> all;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            all = ZipCentralDirectory.read(ch, display, maxEntries);
        } catch (IOException e) {
            throw new InvalidBundleException(display, "cannot be read: " + e.getMessage(), e);
        }
        Problems problems = new Problems();
        List<String> fileNames = new ArrayList<>();
        List<String> dirNames = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        long declaredTotal = 0;
        for (ZipCentralDirectory.Record r : all) {
            String name = r.isDirectory() ? r.name().substring(0, r.name().length() - 1) : r.name();
            String unsafe = SafePaths.problem(name).orElse(null);
            if (unsafe != null) {
                problems.add(r.name(), "zip entry refused: " + unsafe);
                continue;
            }
            if (r.isSymbolicLink()) {
                problems.add(name, "zip entry is a symbolic link (a bundle may not contain links)");
                continue;
            }
            if (r.isSpecial()) {
                problems.add(name, "zip entry is not a regular file or directory");
                continue;
            }
            if ((r.flags() & 1) != 0) {
                problems.add(name, "zip entry is encrypted (not supported)");
                continue;
            }
            if (r.method() != ZipEntry.STORED && r.method() != ZipEntry.DEFLATED) {
                problems.add(name, "zip entry uses compression method " + r.method() + " (only stored and deflated "
                        + "are supported)");
                continue;
            }
            if (r.isDirectory()) {
                if (r.size() != 0) {
                    problems.add(name, "zip directory entry has content");
                }
                dirNames.add(name);
                continue;
            }
            if (r.size() > RATIO_GRACE && r.size() > r.compressedSize() * maxRatio) {
                problems.add(name, "zip entry inflates " + r.compressedSize() + " bytes to " + r.size()
                        + ", a ratio above the limit of " + maxRatio + " (zip bomb)");
                continue;
            }
            declaredTotal += r.size();
            fileNames.add(name);
            entries.add(new Entry(name, r.size()));
            records.put(name, r);
        }
        problems.throwIfAny();
        TreeRules.check(fileNames, dirNames, problems);
        problems.throwIfAny();
        if (declaredTotal > maxTotalBytes) {
            throw new InvalidBundleException(display, "declares " + declaredTotal + " uncompressed bytes, more than the "
                    + "limit of " + maxTotalBytes);
        }
        entries.sort((a, b) -> SafePaths.ORDER.compare(a.path(), b.path()));
        this.files = List.copyOf(entries);
        try {
            this.zip = new ZipFile(file.toFile(), ZipFile.OPEN_READ, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidBundleException(display, "not a valid zip archive: " + e.getMessage(), e);
        }
        if (zip.size() != all.size()) {
            close();
            throw new InvalidBundleException(display, "not a valid zip archive: the central directory is inconsistent");
        }
    }

    @Override
    public List<Entry> files() {
        return files;
    }

    @Override
    public InputStream open(Entry entry) throws IOException {
        ZipCentralDirectory.Record r = records.get(entry.path());
        ZipEntry ze = zip.getEntry(entry.path());
        if (r == null || ze == null || ze.isDirectory() || ze.getSize() != r.size()) {
            throw new IOException("the zip entry does not match the central directory");
        }
        return new Bounded(zip.getInputStream(ze), entry.path(), r.size(), r.compressedSize());
    }

    /** Holds an entry to its declared size and to the compression-ratio limit while it is inflated. */
    private final class Bounded extends FilterInputStream {
        private final String name;
        private final long declared;
        private final long compressed;
        private long count;

        Bounded(InputStream in, String name, long declared, long compressed) {
            super(in);
            this.name = name;
            this.declared = declared;
            this.compressed = compressed;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
                if (count > declared) {
                    throw new InvalidBundleException(name, "zip entry inflates to more than its declared " + declared
                            + " bytes");
                }
                if (count > RATIO_GRACE && count > compressed * maxRatio) {
                    throw new InvalidBundleException(name, "zip entry inflates " + compressed + " bytes past "
                            + count + ", a ratio above the limit of " + maxRatio + " (zip bomb)");
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            throw new IOException("skip is not supported");
        }
    }

    @Override
    public void close() {
        try {
            if (zip != null) {
                zip.close();
            }
        } catch (IOException ignored) {
            // a file we only read
        }
    }
}
