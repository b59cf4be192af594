// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import java.util.Locale;

/**
 * The splits the standard tasks read: {@code train} trains on {@link #TRAIN}, {@code evaluate} measures on
 * {@link #TEST}.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public enum Split {
    /** The data the model is trained on; also the source of the export's statistics and adequacy cases. */
    TRAIN,
    /** The data the model is evaluated on; the metric gate compares metrics measured on it. */
    TEST;

    /**
     * Returns the split's name as metrics and run records spell it.
     *
     * @return {@code "train"} or {@code "test"}
     * @since 0.2.0
     */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
