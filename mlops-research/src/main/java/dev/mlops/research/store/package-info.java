// SPDX-License-Identifier: Apache-2.0
/**
 * Run records: every train, evaluate and export run, with its datasets, configuration and metrics, in one SQLite file
 * (the default) or a PostgreSQL database, behind {@link dev.mlops.research.store.RunStore}. The schema is versioned
 * with Flyway and documented for readers in other languages in {@code docs/research/run-store.md}.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.research.store;

import org.jspecify.annotations.NullMarked;
