// SPDX-License-Identifier: Apache-2.0
/**
 * Seeded, reproducible generators with integrated shrinking, and a small property runner.
 *
 * <p>{@link dev.mlops.testkit.gen.Gen} makes values from a {@link java.util.random.RandomGenerator};
 * {@link dev.mlops.testkit.gen.Gens} has the building blocks (numbers that favour edge cases, strings, lists,
 * choices); {@link dev.mlops.testkit.gen.MetadataGen} makes valid contract values; and
 * {@link dev.mlops.testkit.gen.Property} checks a property over many of them, announcing its seed and shrinking a
 * failure to a minimal input. Replay a failure with {@code -Dmlops.seed=<seed>}.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.testkit.gen;

import org.jspecify.annotations.NullMarked;
