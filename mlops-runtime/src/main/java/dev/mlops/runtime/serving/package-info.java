// SPDX-License-Identifier: Apache-2.0
/**
 * Hot swap (blue/green): a {@link dev.mlops.runtime.serving.ServingModel} answers every call from exactly one
 * version, loads and gates a new version before it takes traffic, switches atomically, lets calls in flight finish
 * on the old version and closes it after them, keeps the previous version for {@link
 * dev.mlops.runtime.serving.ServingModel#rollback() rollback}, and reports each change as a {@link
 * dev.mlops.runtime.serving.ServingEvent}.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.serving;

import org.jspecify.annotations.NullMarked;
