// SPDX-License-Identifier: Apache-2.0
/**
 * The contract between research and application code: {@link dev.mlops.api.RuntimeModel} and the exceptions.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api;

import org.jspecify.annotations.NullMarked;
