// SPDX-License-Identifier: Apache-2.0
/**
 * The model repository: a folder of bundles laid out {@code <root>/<name>/<version>/} or
 * {@code <root>/<name>/<version>.zip}, listed by {@link dev.mlops.runtime.repository.ModelRepository}, optionally
 * watched, and narrowed by a {@link dev.mlops.runtime.repository.VersionPolicy}. Only complete bundles are listed:
 * one whose manifest does not verify (still being copied, still being written, tampered with) is skipped with its
 * reason until it verifies.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.repository;

import org.jspecify.annotations.NullMarked;
