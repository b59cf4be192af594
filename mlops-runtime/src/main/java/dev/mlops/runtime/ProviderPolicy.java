// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

/**
 * What to do when a requested execution provider cannot serve.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ProviderPolicy {
    /** Try the providers in order and serve on the first that works; warn once for each that failed. */
    PREFERRED,
    /** The first provider must work: fail the load otherwise, naming the reason. */
    REQUIRED
}
