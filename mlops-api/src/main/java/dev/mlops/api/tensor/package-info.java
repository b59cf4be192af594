// SPDX-License-Identifier: Apache-2.0
/**
 * Immutable tensor values.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api.tensor;

import org.jspecify.annotations.NullMarked;
