// SPDX-License-Identifier: Apache-2.0
/**
 * Monitoring inside the application: a {@link dev.mlops.runtime.monitoring.ModelMonitor} wraps each
 * {@link dev.mlops.api.RuntimeModel} and counts requests, errors by kind and latency, envelope violations (reject and
 * warn), keeps streaming per-feature statistics of inputs and outputs in bounded memory, tests each window of inputs
 * for drift against the training statistics carried in the bundle (Kolmogorov-Smirnov at a family-wise
 * {@code alpha}, PSI beside it), raises {@link dev.mlops.runtime.monitoring.MonitorEvent}s, optionally samples
 * predictions to a {@link dev.mlops.runtime.monitoring.PredictionLog}, and reports everything as an immutable
 * {@link dev.mlops.runtime.monitoring.MonitorSnapshot}.
 *
 * <p>No method of this package accepts or returns {@code null}.
 *
 * @since 0.2.0
 */
@NullMarked
package dev.mlops.runtime.monitoring;

import org.jspecify.annotations.NullMarked;
