// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The configuration the test tasks read. */
public record JobTestConfig(@NotNull @Valid Model model, @NotNull @Valid Train train, String trial) {

    /** The model section. */
    public record Model(@NotNull String name) {
    }

    /** The train section. */
    public record Train(@Min(1) int epochs, boolean fail) {
    }

    static final String JSON = """
            {"model": {"name": "weather"}, "train": {"epochs": 3, "fail": false}, "trial": "7"}
            """;
}
