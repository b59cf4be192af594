// SPDX-License-Identifier: Apache-2.0
/**
 * Research configuration: hierarchical JSON bound to typed sections, overrides, canonical hashing.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.research.config;

import org.jspecify.annotations.NullMarked;
