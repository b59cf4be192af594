// SPDX-License-Identifier: Apache-2.0
/**
 * JUnit 5 contract tests and assertions for model bundles and {@link dev.mlops.api.RuntimeModel} implementations:
 * {@link dev.mlops.testkit.BundleContract} checks a packed bundle end to end,
 * {@link dev.mlops.testkit.RuntimeModelContract} checks the behaviour of any model (determinism, batching, the
 * operating envelope, finite outputs, thread safety), and {@link dev.mlops.testkit.ModelAssertions} compares outputs
 * with the adequacy runner's tolerance and report.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.testkit;

import org.jspecify.annotations.NullMarked;
