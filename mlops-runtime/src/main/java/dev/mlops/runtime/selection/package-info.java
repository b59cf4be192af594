// SPDX-License-Identifier: Apache-2.0
/**
 * Selection: a typed {@link dev.mlops.runtime.selection.Query} picks one model among candidates by what their
 * metadata declares (capabilities, schema version, name, version range, runtime requirements, delivery or build id)
 * and ranks the survivors by a metric. Nothing is guessed: when no candidate satisfies the query,
 * {@link dev.mlops.runtime.selection.NoMatchingModelException} lists every candidate and why it was rejected.
 *
 * <p>Selection reads metadata only; it opens no bundle and loads no model. No method of this package accepts or
 * returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.selection;

import org.jspecify.annotations.NullMarked;
