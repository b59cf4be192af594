// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Hints from the exporter to the runtime. The application's configuration wins over them.
 *
 * <p>Immutable and thread-safe.
 *
 * @param providers preferred execution providers in order, for example {@code ["cuda", "cpu"]}
 * @param minSdkVersion the least mlops-java version that can serve the model
 * @param memoryMb the memory the model needs, in MiB
 * @since 0.1.0
 */
public record RuntimeHints(List<String> providers, Optional<String> minSdkVersion, OptionalLong memoryMb) {
    /** Checks and copies the components. */
    public RuntimeHints {
        providers = List.copyOf(providers);
        Objects.requireNonNull(minSdkVersion, "minSdkVersion");
        Objects.requireNonNull(memoryMb, "memoryMb");
    }

    /** @return no hints */
    public static RuntimeHints none() {
        return new RuntimeHints(List.of(), Optional.empty(), OptionalLong.empty());
    }
}
