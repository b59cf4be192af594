// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The case ids of one file seen so far, for the uniqueness check, in 16 bytes per id whatever its length.
 *
 * <p>An id is kept as the first 64 bits of its SHA-256 (with the line it was first used on), not as text: a file of
 * 100,000 cases with long ids needs a few megabytes instead of the ids' total length. Two different ids are taken for
 * the same one only when their digests share 64 bits, about one chance in 10^10 for a million ids; a crafted
 * collision would need a second preimage of SHA-256's prefix, and would cost its author only a false refusal.
 */
final class CaseIds {
    private long[] keys = new long[1024];
    private long[] lines = new long[1024];
    private int size;
    private final MessageDigest sha256;

    CaseIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Records an id.
     *
     * @return the line the id was first used on, or 0 when it is new
     */
    long putIfAbsent(String id, long line) {
        byte[] d = sha256.digest(id.getBytes(StandardCharsets.UTF_8));
        long key = 0;
        for (int i = 0; i < 8; i++) {
            key = key << 8 | (d[i] & 0xffL);
        }
        if (key == 0) {
            key = 1; // 0 marks a free slot
        }
        int mask = keys.length - 1;
        int slot = (int) (key ^ key >>> 32) & mask;
        while (keys[slot] != 0) {
            if (keys[slot] == key) {
                return lines[slot];
            }
            slot = slot + 1 & mask;
        }
        keys[slot] = key;
        lines[slot] = line;
        if (++size * 2 > keys.length) {
            grow();
        }
        return 0;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldLines = lines;
        keys = new long[oldKeys.length * 2];
        lines = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            long key = oldKeys[i];
            if (key != 0) {
                int slot = (int) (key ^ key >>> 32) & mask;
                while (keys[slot] != 0) {
                    slot = slot + 1 & mask;
                }
                keys[slot] = key;
                lines[slot] = oldLines[i];
            }
        }
    }
}
