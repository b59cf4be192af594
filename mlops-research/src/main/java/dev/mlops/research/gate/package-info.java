// SPDX-License-Identifier: Apache-2.0
/**
 * The metric gate: a candidate model is compared with a baseline on the same evaluation data by declared rules
 * ({@code auc >= baseline - 0.01}, {@code mse <= baseline * 1.05}), and stopped when it is worse than they allow.
 *
 * <p>Start with {@link dev.mlops.research.gate.MetricGate#parse(java.util.List)}; the result is a
 * {@link dev.mlops.research.gate.GateResult}: pass, regression or not comparable.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.research.gate;

import org.jspecify.annotations.NullMarked;
