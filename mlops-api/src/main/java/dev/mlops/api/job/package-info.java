// SPDX-License-Identifier: Apache-2.0
/**
 * Job, task and config interfaces for research code.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api.job;

import org.jspecify.annotations.NullMarked;
