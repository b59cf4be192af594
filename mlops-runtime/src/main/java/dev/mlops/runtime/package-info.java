// SPDX-License-Identifier: Apache-2.0
/**
 * The runtime: {@link dev.mlops.runtime.ModelRuntime} verifies a bundle, loads it into ONNX Runtime on the first
 * execution provider that can serve, gates it on its adequacy cases, guards its operating envelope and caches it.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.runtime;

import org.jspecify.annotations.NullMarked;
