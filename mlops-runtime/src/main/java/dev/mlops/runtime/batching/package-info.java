// SPDX-License-Identifier: Apache-2.0
/**
 * Dynamic batching: {@link dev.mlops.runtime.batching.DynamicBatching#wrap} turns a model whose inputs and outputs
 * all have a dynamic first (batch) dimension into a {@link dev.mlops.runtime.batching.BatchedModel} that coalesces
 * concurrent {@code predict} calls into one run of the wrapped model and splits the outputs back by row counts.
 * Every request is checked on its own before it joins a batch, so a bad request fails alone.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.batching;

import org.jspecify.annotations.NullMarked;
