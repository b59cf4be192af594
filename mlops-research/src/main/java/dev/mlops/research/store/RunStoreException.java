// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import dev.mlops.api.MlopsException;
import java.util.Objects;

/**
 * A run store failed: its message starts with {@code run store URL:} (the password redacted) and says what went
 * wrong. Subtypes tell the store could not be reached or written ({@link StoreAccessException}), its schema version
 * does not fit ({@link SchemaVersionException}), a run id is unknown ({@link UnknownRunException}) or a run is not in
 * the state an operation needs ({@link RunStateException}).
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public class RunStoreException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /** The store's URL, password redacted. */
    private final String storeUrl;

    /**
     * Creates an exception.
     *
     * @param storeUrl the store's URL with any password already redacted ({@link RunStore#redact(String)})
     * @param detail what went wrong
     * @since 0.2.0
     */
    public RunStoreException(String storeUrl, String detail) {
        super("run store " + Objects.requireNonNull(storeUrl, "storeUrl") + ": " + detail);
        this.storeUrl = storeUrl;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param storeUrl the store's URL with any password already redacted ({@link RunStore#redact(String)})
     * @param detail what went wrong
     * @param cause the underlying failure
     * @since 0.2.0
     */
    public RunStoreException(String storeUrl, String detail, Throwable cause) {
        super("run store " + Objects.requireNonNull(storeUrl, "storeUrl") + ": " + detail, cause);
        this.storeUrl = storeUrl;
    }

    /**
     * Returns the store's URL.
     *
     * @return the JDBC URL, any password replaced by {@code ***}
     * @since 0.2.0
     */
    public String storeUrl() {
        return storeUrl;
    }
}
