// SPDX-License-Identifier: Apache-2.0
/**
 * Tiny ONNX models built in code for tests: {@link dev.mlops.testkit.models.TestModels} makes them,
 * {@link dev.mlops.testkit.models.TestModel} carries the bytes, the declared tensors, a sample input and a plain-Java
 * reference of the computation.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 *
 * @since 0.1.0
 */
@NullMarked
package dev.mlops.testkit.models;

import org.jspecify.annotations.NullMarked;
