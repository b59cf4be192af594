// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

/**
 * How a repository entry is stored.
 *
 * @since 0.2.0
 */
public enum BundleForm {
    /** A bundle directory, {@code <root>/<name>/<version>/}. */
    DIRECTORY,
    /** A zip of a bundle directory, {@code <root>/<name>/<version>.zip}. */
    ZIP
}
