// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;

/**
 * The pre/post-processing an application must register to feed raw inputs to the model.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the processor name
 * @param version the processor version; it must match exactly
 * @since 0.1.0
 */
public record Preprocessing(String name, String version) {
    /** Checks the components. */
    public Preprocessing {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
