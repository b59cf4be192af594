// SPDX-License-Identifier: Apache-2.0
/**
 * Schema and model versions, and build ids.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api.version;

import org.jspecify.annotations.NullMarked;
