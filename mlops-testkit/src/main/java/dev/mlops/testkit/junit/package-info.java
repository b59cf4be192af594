// SPDX-License-Identifier: Apache-2.0
/**
 * JUnit 5 integration for mock model inputs: {@link dev.mlops.testkit.junit.ModelInputs} feeds a
 * {@code @ParameterizedTest} with inputs from a {@link dev.mlops.testkit.data.MockDataset} built from a model's
 * metadata.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.testkit.junit;

import org.jspecify.annotations.NullMarked;
