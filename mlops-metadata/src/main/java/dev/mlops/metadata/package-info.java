// SPDX-License-Identifier: Apache-2.0
/**
 * Metadata documents: {@link dev.mlops.metadata.Metadata} reads, validates, migrates and writes {@code metadata.json}
 * and publishes its JSON Schema.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.metadata;

import org.jspecify.annotations.NullMarked;
