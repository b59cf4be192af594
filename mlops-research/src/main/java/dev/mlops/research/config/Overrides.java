// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The overrides applied to a configuration file: environment variables first, then {@code --set} assignments, so a
 * {@code --set} wins over the environment, which wins over the file.
 *
 * <p>Environment: a variable {@code MLOPS_<SECTION>_<KEY>...} whose first word after {@code MLOPS_} names a top-level
 * key of the configuration sets the value at the path its words spell, where each key matches its words in upper
 * case ({@code learningRate} and {@code learning_rate} both match {@code LEARNING_RATE}); so
 * {@code MLOPS_TRAIN_LEARNING_RATE=0.1} sets {@code train.learningRate}. Other {@code MLOPS_} variables are not
 * configuration and are left alone. Variables apply in name order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param environment the environment to read (pass {@code System.getenv()}); never read implicitly
 * @param sets assignments {@code path=value} such as {@code train.epochs=20}, applied in order
 * @since 0.2.0
 */
public record Overrides(Map<String, String> environment, List<String> sets) {
    /** The prefix of configuration environment variables. */
    public static final String ENV_PREFIX = "MLOPS_";

    /**
     * Copies the components.
     *
     * @throws NullPointerException when a component, key, value or element is null
     */
    public Overrides {
        environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
        sets = List.copyOf(Objects.requireNonNull(sets, "sets"));
    }

    /**
     * Returns no overrides.
     *
     * @return overrides that change nothing
     * @since 0.2.0
     */
    public static Overrides none() {
        return new Overrides(Map.of(), List.of());
    }

    /**
     * Returns {@code --set} assignments alone.
     *
     * @param sets assignments such as {@code train.epochs=20}
     * @return the overrides
     * @since 0.2.0
     */
    public static Overrides sets(String... sets) {
        return new Overrides(Map.of(), List.of(sets));
    }
}
