// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;

/**
 * The training framework that produced a model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name for example {@code "pytorch"}
 * @param version for example {@code "2.5.1"}
 * @since 0.1.0
 */
public record Framework(String name, String version) {
    /** Checks the components. */
    public Framework {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
