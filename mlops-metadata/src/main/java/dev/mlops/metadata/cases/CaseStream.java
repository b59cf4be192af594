// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.InvalidBundleException;
import java.io.IOException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The cases of one file, read lazily one at a time: memory stays proportional to one case, whatever the file's size.
 *
 * <p>The file is opened once, when the stream is created, and read as cases are asked for. The first problem ends
 * the stream: {@link #hasNext()} or {@link #next()} throws an {@link InvalidBundleException} naming the file, the line
 * and, where it applies, the column and field, as {@link CaseReader#read(java.nio.file.Path, String,
 * dev.mlops.api.spec.ModelMetadata)} does; a file past its {@link CaseLimits} fails the same way, naming the limit. The
 * stream closes its file when it reaches the end or fails, and on {@link #close()}:
 *
 * <pre>{@code
 * try (CaseStream cases = CaseReader.stream(bundle, metadata, CaseLimits.DEFAULT)) {
 *     while (cases.hasNext()) {
 *         AdequacyCase c = cases.next();
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>To list every problem of a file (up to 20) before running any case, call {@link CaseReader#scan} first.
 *
 * <p>Not thread-safe: one thread reads a stream.
 *
 * @since 0.2.0
 */
public final class CaseStream implements Iterator<AdequacyCase>, AutoCloseable {
    private @Nullable CaseParser parser;
    private @Nullable AdequacyCase ahead;
    private final String file;
    private int read;

    CaseStream(@Nullable CaseParser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    /** @return a stream without cases, for metadata that declares no adequacy section */
    static CaseStream empty() {
        return new CaseStream(null, "");
    }

    /**
     * Reads ahead to the next case, if there is one.
     *
     * @return whether {@link #next()} returns a case
     * @throws InvalidBundleException at the first problem of the file, or when it cannot be read
     */
    @Override
    public boolean hasNext() {
        if (ahead != null) {
            return true;
        }
        CaseParser p = parser;
        if (p == null) {
            return false;
        }
        try {
            ahead = p.next();
            if (ahead == null) {
                p.errors.throwIfAny();
                close();
                return false;
            }
            return true;
        } catch (IOException e) {
            close();
            throw new InvalidBundleException(file, "cannot be read: " + e, e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /**
     * Returns the next case.
     *
     * @return the case, in file order
     * @throws NoSuchElementException when there is none left
     * @throws InvalidBundleException at the first problem of the file, or when it cannot be read
     */
    @Override
    public AdequacyCase next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no case left in " + (file.isEmpty() ? "the stream" : file));
        }
        AdequacyCase c = Objects.requireNonNull(ahead);
        ahead = null;
        read++;
        return c;
    }

    /** @return how many cases {@link #next()} has returned so far */
    public int casesRead() {
        return read;
    }

    /** Closes the file; idempotent, never throws. Cases already returned stay valid. */
    @Override
    public void close() {
        CaseParser p = parser;
        parser = null;
        ahead = null;
        if (p != null) {
            p.close();
        }
    }
}
