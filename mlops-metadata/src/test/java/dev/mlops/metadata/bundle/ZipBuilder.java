// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives byte by byte, so tests can build what {@link java.util.zip.ZipOutputStream} refuses to:
 * duplicate names, symbolic-link entries, lying sizes, encrypted flags.
 */
final class ZipBuilder {
    private static final class Entry {
        final String name;
        final byte[] data;
        final boolean deflate;
        int versionMadeBy = 20;
        long externalAttributes;
        long declaredSize = -1;
        int flags = 0x0800;

        Entry(String name, byte[] data, boolean deflate) {
            this.name = name;
            this.data = data;
            this.deflate = deflate;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Adds a stored entry. */
    ZipBuilder add(String name, byte[] data) {
        entries.add(new Entry(name, data, false));
        return this;
    }

    ZipBuilder add(String name, String text) {
        return add(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Adds a deflated entry. */
    ZipBuilder deflated(String name, byte[] data) {
        entries.add(new Entry(name, data, true));
        return this;
    }

    /** Adds a directory entry. */
    ZipBuilder directory(String name) {
        return add(name.endsWith("/") ? name : name + "/", new byte[0]);
    }

    /** Adds a symbolic link entry as Info-ZIP writes it: Unix host, mode 0120777, the target as content. */
    ZipBuilder symlink(String name, String target) {
        add(name, target);
        Entry e = last();
        e.versionMadeBy = (3 << 8) | 20;
        e.externalAttributes = 0120777L << 16;
        return this;
    }

    /** Marks the last entry a regular Unix file with mode 0644 (what zip tools write). */
    ZipBuilder unixRegular() {
        last().versionMadeBy = (3 << 8) | 20;
        last().externalAttributes = 0100644L << 16;
        return this;
    }

    /** Makes the last entry claim another uncompressed size. */
    ZipBuilder declaredSize(long size) {
        last().declaredSize = size;
        return this;
    }

    /** Sets the encryption flag on the last entry. */
    ZipBuilder encrypted() {
        last().flags |= 1;
        return this;
    }

    private Entry last() {
        return entries.get(entries.size() - 1);
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream cen = new ByteArrayOutputStream();
        for (Entry e : entries) {
            byte[] name = e.name.getBytes(StandardCharsets.UTF_8);
            byte[] stored = e.deflate ? deflate(e.data) : e.data;
            CRC32 crc = new CRC32();
            crc.update(e.data);
            long size = e.declaredSize >= 0 ? e.declaredSize : e.data.length;
            int method = e.deflate ? 8 : 0;
            long offset = out.size();
            ByteBuffer loc = le(30 + name.length);
            loc.putInt(0x04034b50).putShort((short) 20).putShort((short) e.flags).putShort((short) method)
                    .putShort((short) 0).putShort((short) 0x21).putInt((int) crc.getValue())
                    .putInt(stored.length).putInt((int) size).putShort((short) name.length).putShort((short) 0)
                    .put(name);
            out.writeBytes(loc.array());
            out.writeBytes(stored);
            ByteBuffer c = le(46 + name.length);
            c.putInt(0x02014b50).putShort((short) e.versionMadeBy).putShort((short) 20).putShort((short) e.flags)
                    .putShort((short) method).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) crc.getValue()).putInt(stored.length).putInt((int) size)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt((int) e.externalAttributes).putInt((int) offset).put(name);
            cen.writeBytes(c.array());
        }
        long cenOffset = out.size();
        out.writeBytes(cen.toByteArray());
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(cen.size()).putInt((int) cenOffset).putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    Path write(Path file) throws IOException {
        Files.write(file, build());
        return file;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        d.end();
        return out.toByteArray();
    }
}
