// SPDX-License-Identifier: Apache-2.0
/**
 * Jobs and tasks: the build id from git and CI variables, tasks found with {@link java.util.ServiceLoader}, and
 * the {@link dev.mlops.research.job.JobRunner} that gives each run a fresh output directory and returns its
 * {@link dev.mlops.research.job.RunResult}.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.research.job;

import org.jspecify.annotations.NullMarked;
