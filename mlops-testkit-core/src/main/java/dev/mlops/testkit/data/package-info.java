// SPDX-License-Identifier: Apache-2.0
/**
 * Mock model inputs: {@link dev.mlops.testkit.data.TensorGens} generates tensors that follow a
 * {@link dev.mlops.api.spec.TensorSpec} (type, shape, declared range) and the model's constraints, shrinking a failure
 * to a small batch of simple values; {@link dev.mlops.testkit.data.MockDataset} is a seeded, reproducible list of
 * inputs that starts with the corner cases of the declared input space.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.testkit.data;

import org.jspecify.annotations.NullMarked;
