// SPDX-License-Identifier: Apache-2.0
/**
 * One way to train and deliver: a research project plugs in through one {@link
 * dev.mlops.research.project.ResearchProject} (found with {@link java.util.ServiceLoader}), and the four standard
 * tasks of {@link dev.mlops.research.project.StandardTasks} ({@code train}, {@code evaluate}, {@code export},
 * {@code verify}) train it, evaluate it, export a verified bundle and gate it against a baseline, each in its own
 * process if need be. {@link dev.mlops.research.project.ResearchRunner} runs them (and any user task) and records
 * every run in a {@link dev.mlops.research.store.RunStore}.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
@NullMarked
package dev.mlops.research.project;

import org.jspecify.annotations.NullMarked;
