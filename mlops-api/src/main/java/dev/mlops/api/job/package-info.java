// SPDX-License-Identifier: Apache-2.0
/**
 * The research contract: a {@link dev.mlops.api.job.Job} with its effective {@link dev.mlops.api.job.Config}, and
 * {@link dev.mlops.api.job.Task}s discovered with {@link java.util.ServiceLoader} and run with a
 * {@link dev.mlops.api.job.TaskContext}. {@code mlops-research} implements it.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.api.job;

import org.jspecify.annotations.NullMarked;
