// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code verify} section of a project's configuration: which baseline the {@code verify} task gates the export
 * against, and by which rules. Declare it as a component named {@code verify} of the configuration record.
 *
 * <p>With neither baseline, {@code verify} checks the export in the runtime only (the adequacy gate).
 *
 * <p>Immutable and thread-safe.
 *
 * @param baselineBundle a bundle directory or zip (relative to the configuration file's directory), for example the
 *     model in production; {@code null} for none
 * @param baselineModel a model name in the run store: the baseline is its latest succeeded {@code export} run of
 *     another build; {@code null} for none. Needs a store ({@code --store})
 * @param rules the gate's rules such as {@code "accuracy >= baseline - 0.02"}; required when a baseline is named
 * @since 0.2.0
 */
public record VerifySection(@Nullable String baselineBundle, @Nullable String baselineModel,
        @Nullable List<String> rules) {
    /** Copies the rules. */
    public VerifySection {
        rules = rules == null ? null : List.copyOf(rules);
    }
}
