// SPDX-License-Identifier: Apache-2.0
/**
 * The research side of the contract: configuration, jobs and tasks, exports, run records and the metric gate.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.research;

import org.jspecify.annotations.NullMarked;
