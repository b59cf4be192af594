// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a zip's central directory itself, because {@link java.util.zip.ZipFile} hides what a safe reader must see:
 * every entry (duplicates included), the Unix mode in the external attributes (symbolic links) and the encryption flag.
 */
final class ZipCentralDirectory {
    private static final int EOCD_SIG = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIG = 0x07064b50;
    private static final int ZIP64_EOCD_SIG = 0x06064b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int EOCD_SIZE = 22;
    private static final int CEN_SIZE = 46;
    /** Largest central directory read into memory. */
    static final int MAX_CENTRAL_DIRECTORY = 64 << 20;

    private static final int HOST_UNIX = 3;
    private static final int HOST_OSX = 19;
    private static final int S_IFMT = 0xF000;
    private static final int S_IFLNK = 0xA000;
    private static final int S_IFREG = 0x8000;
    private static final int S_IFDIR = 0x4000;

    private ZipCentralDirectory() {
    }

    /**
     * One central directory record.
     *
     * @param name the entry name as stored (directories end with {@code /})
     * @param method the compression method
     * @param compressedSize the stored size
     * @param size the declared uncompressed size
     * @param flags the general-purpose flags
     * @param versionMadeBy the "version made by" field: the host system in the high byte
     * @param externalAttributes the external attributes: the Unix mode in the high 16 bits on Unix hosts
     */
    record Record(String name, int method, long compressedSize, long size, int flags, int versionMadeBy,
            long externalAttributes) {
        boolean isDirectory() {
            return name.endsWith("/");
        }

        /** @return the Unix file type bits, or 0 when the entry carries none */
        int unixType() {
            int host = versionMadeBy >>> 8;
            if (host != HOST_UNIX && host != HOST_OSX) {
                return 0;
            }
            return (int) (externalAttributes >>> 16) & S_IFMT;
        }

        boolean isSymbolicLink() {
            return unixType() == S_IFLNK;
        }

        boolean isSpecial() {
            int t = unixType();
            return t != 0 && t != S_IFREG && t != S_IFDIR && t != S_IFLNK;
        }
    }

    static List<Record> read(FileChannel ch, String display, int maxEntries) throws IOException {
        long fileSize = ch.size();
        if (fileSize < EOCD_SIZE) {
            throw notZip(display, "too short");
        }
        int tailLength = (int) Math.min(fileSize, EOCD_SIZE + 0xFFFF);
        ByteBuffer tail = readAt(ch, fileSize - tailLength, tailLength);
        int eocd = -1;
        for (int i = tailLength - EOCD_SIZE; i >= 0; i--) {
            if (tail.getInt(i) == EOCD_SIG && i + EOCD_SIZE + u16(tail, i + 20) == tailLength) {
                eocd = i;
                break;
            }
        }
        if (eocd < 0) {
            throw notZip(display, "no end-of-central-directory record");
        }
        long eocdPos = fileSize - tailLength + eocd;
        int disk = u16(tail, eocd + 4);
        int cenDisk = u16(tail, eocd + 6);
        long entriesOnDisk = u16(tail, eocd + 8);
        long total = u16(tail, eocd + 10);
        long cenSize = u32(tail, eocd + 12);
        long cenOffset = u32(tail, eocd + 16);
        long cenEnd = eocdPos;
        if (total == 0xFFFF || cenSize == 0xFFFFFFFFL || cenOffset == 0xFFFFFFFFL) {
            if (eocdPos < 20 + 56) {
                throw notZip(display, "ZIP64 end record missing");
            }
            ByteBuffer loc = readAt(ch, eocdPos - 20, 20);
            if (loc.getInt(0) != ZIP64_LOCATOR_SIG) {
                throw notZip(display, "ZIP64 locator missing");
            }
            long z64Pos = eocdPos - 20 - 56;
            ByteBuffer z64 = readAt(ch, z64Pos, 56);
            if (z64.getInt(0) != ZIP64_EOCD_SIG) {
                z64Pos = loc.getLong(8);
                if (z64Pos < 0 || z64Pos > eocdPos - 20 - 56) {
                    throw notZip(display, "ZIP64 end record out of place");
                }
                z64 = readAt(ch, z64Pos, 56);
                if (z64.getInt(0) != ZIP64_EOCD_SIG) {
                    throw notZip(display, "ZIP64 end record missing");
                }
            }
            disk = z64.getInt(16);
            cenDisk = z64.getInt(20);
            entriesOnDisk = z64.getLong(24);
            total = z64.getLong(32);
            cenSize = z64.getLong(40);
            cenEnd = z64Pos;
        }
        if (disk != 0 || cenDisk != 0 || entriesOnDisk != total) {
            throw new InvalidBundleException(display, "multi-volume zip archives are not supported");
        }
        if (total < 0 || total > maxEntries) {
            throw new InvalidBundleException(display, "has " + Long.toUnsignedString(total)
                    + " entries, more than the limit of " + maxEntries);
        }
        if (cenSize < 0 || cenSize > MAX_CENTRAL_DIRECTORY || cenSize > cenEnd) {
            throw notZip(display, "central directory size out of range");
        }
        ByteBuffer cen = readAt(ch, cenEnd - cenSize, (int) cenSize);
        List<Record> records = new ArrayList<>((int) total);
        int pos = 0;
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        for (long i = 0; i < total; i++) {
            if (pos + CEN_SIZE > cenSize || cen.getInt(pos) != CEN_SIG) {
                throw notZip(display, "central directory record " + i + " is malformed");
            }
            int versionMadeBy = u16(cen, pos + 4);
            int flags = u16(cen, pos + 8);
            int method = u16(cen, pos + 10);
            long csize = u32(cen, pos + 20);
            long size = u32(cen, pos + 24);
            int nameLen = u16(cen, pos + 28);
            int extraLen = u16(cen, pos + 30);
            int commentLen = u16(cen, pos + 32);
            long external = u32(cen, pos + 38);
            long localOffset = u32(cen, pos + 42);
            int next = pos + CEN_SIZE + nameLen + extraLen + commentLen;
            if (next > cenSize) {
                throw notZip(display, "central directory record " + i + " runs past the directory");
            }
            byte[] nameBytes = new byte[nameLen];
            cen.get(pos + CEN_SIZE, nameBytes);
            String name;
            try {
                name = decoder.decode(ByteBuffer.wrap(nameBytes)).toString();
            } catch (CharacterCodingException e) {
                throw new InvalidBundleException(display, "zip entry " + i + " has a name that is not valid UTF-8");
            }
            if (size == 0xFFFFFFFFL || csize == 0xFFFFFFFFL || localOffset == 0xFFFFFFFFL) {
                long[] z = zip64Sizes(cen, pos + CEN_SIZE + nameLen, extraLen, size == 0xFFFFFFFFL,
                        csize == 0xFFFFFFFFL, localOffset == 0xFFFFFFFFL);
                if (z == null) {
                    throw notZip(display, "zip entry \"" + SafePaths.display(name) + "\" lacks its ZIP64 sizes");
                }
                size = z[0] >= 0 ? z[0] : size;
                csize = z[1] >= 0 ? z[1] : csize;
                if (size < 0 || csize < 0) {
                    throw notZip(display, "zip entry \"" + SafePaths.display(name) + "\" has a negative size");
                }
            }
            records.add(new Record(name, method, csize, size, flags, versionMadeBy, external));
            pos = next;
        }
        if (pos != cenSize) {
            throw notZip(display, "the central directory holds more records than the end record counts");
        }
        return records;
    }

    /** Returns {size, csize} from the ZIP64 extra field (-1 where not present), or null when it is missing. */
    private static long @Nullable [] zip64Sizes(ByteBuffer cen, int start, int length, boolean needSize, boolean needCsize,
            boolean needOffset) {
        int p = start;
        int end = start + length;
        while (p + 4 <= end) {
            int id = u16(cen, p);
            int len = u16(cen, p + 2);
            if (p + 4 + len > end) {
                return null;
            }
            if (id == 0x0001) {
                long[] out = {-1, -1};
                int q = p + 4;
                if (needSize) {
                    if (q + 8 > p + 4 + len) {
                        return null;
                    }
                    out[0] = cen.getLong(q);
                    q += 8;
                }
                if (needCsize) {
                    if (q + 8 > p + 4 + len) {
                        return null;
                    }
                    out[1] = cen.getLong(q);
                    q += 8;
                }
                if (needOffset && q + 8 > p + 4 + len) {
                    return null;
                }
                return out;
            }
            p += 4 + len;
        }
        return null;
    }

    private static ByteBuffer readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
        return buf.flip();
    }

    private static int u16(ByteBuffer b, int at) {
        return Short.toUnsignedInt(b.getShort(at));
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    private static InvalidBundleException notZip(String display, String why) {
        return new InvalidBundleException(display, "not a valid zip archive: " + why);
    }
}
