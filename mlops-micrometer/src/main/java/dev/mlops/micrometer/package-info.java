// SPDX-License-Identifier: Apache-2.0
/**
 * Binds a {@link dev.mlops.runtime.monitoring.ModelMonitor}, progressive deliveries and batched models to Micrometer:
 * {@link dev.mlops.micrometer.MlopsMetrics}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.micrometer;

import org.jspecify.annotations.NullMarked;
