/**
 * Schema and model versions, and build ids.
 *
 * <p>No value or method of this package accepts or returns {@code null}.
 */
package dev.mlops.api.version;
