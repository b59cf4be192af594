/**
 * Immutable tensor values.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
package dev.mlops.api.tensor;
