// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Where a bundle's files come from: a directory or a zip. Lists and validates first, then opens one file at a time. */
interface BundleSource extends Closeable {
    /**
     * A regular file of the source.
     *
     * @param path the safe bundle-relative path
     * @param declaredSize the size the source claims before reading (directory attributes, zip central directory)
     */
    record Entry(String path, long declaredSize) {
    }

    /**
     * Lists every regular file, in canonical order, after checking every name and type.
     *
     * @return the files
     * @throws dev.mlops.api.InvalidBundleException when a name is unsafe or repeats, an entry is a link or a special
     *     file, or a limit is passed
     */
    List<Entry> files();

    /**
     * Opens one listed file for reading.
     *
     * @param entry an entry of {@link #files()}
     * @return its bytes
     * @throws IOException when it cannot be opened
     */
    InputStream open(Entry entry) throws IOException;

    @Override
    void close();
}
