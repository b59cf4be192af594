// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * The store could not be reached, opened or written: an unknown URL scheme, a missing directory, a read-only SQLite
 * file or directory, a PostgreSQL server that does not answer or refuses the credentials. The message names the store
 * (password redacted) and the cause.
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class StoreAccessException extends RunStoreException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param storeUrl the store's URL, password redacted
     * @param detail what went wrong
     * @since 0.2.0
     */
    public StoreAccessException(String storeUrl, String detail) {
        super(storeUrl, detail);
    }

    /**
     * Creates an exception with a cause.
     *
     * @param storeUrl the store's URL, password redacted
     * @param detail what went wrong
     * @param cause the underlying failure
     * @since 0.2.0
     */
    public StoreAccessException(String storeUrl, String detail, Throwable cause) {
        super(storeUrl, detail, cause);
    }
}
