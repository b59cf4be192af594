// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

/**
 * What {@link RunStore#open(String, SchemaPolicy)} does with a store whose schema is older than this SDK's. A fresh,
 * empty database is always created and migrated; a newer schema is always refused, never downgraded.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum SchemaPolicy {
    /** Refuse an older schema with a {@link SchemaVersionException} that says how to migrate (the default). */
    REFUSE_OLDER,
    /** Apply the pending migrations to an older schema, in one transaction per migration, then open it. */
    MIGRATE
}
