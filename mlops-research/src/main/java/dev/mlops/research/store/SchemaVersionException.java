// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * The store's schema version is not this SDK's: older (and the caller did not ask to migrate; the message says how) or
 * newer (never downgraded; the message names both versions).
 *
 * <p>Thread safety: instances are immutable once thrown.
 *
 * @since 0.2.0
 */
public final class SchemaVersionException extends RunStoreException {
    private static final long serialVersionUID = 1L;

    /** The store's schema version. */
    private final int storeVersion;
    /** The schema version this SDK writes. */
    private final int sdkVersion;

    /**
     * Creates an exception.
     *
     * @param storeUrl the store's URL, password redacted
     * @param storeVersion the store's schema version
     * @param sdkVersion the schema version this SDK writes
     * @param detail what to do about it
     * @since 0.2.0
     */
    public SchemaVersionException(String storeUrl, int storeVersion, int sdkVersion, String detail) {
        super(storeUrl, detail);
        this.storeVersion = storeVersion;
        this.sdkVersion = sdkVersion;
    }

    /**
     * Returns the store's schema version.
     *
     * @return the version
     * @since 0.2.0
     */
    public int storeVersion() {
        return storeVersion;
    }

    /**
     * Returns the schema version this SDK writes.
     *
     * @return the version
     * @since 0.2.0
     */
    public int sdkVersion() {
        return sdkVersion;
    }
}
