// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;
import java.nio.file.Path;

/**
 * The file of a dataset is missing; the message names the dataset, its split and the file.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class DatasetNotFoundException extends MlopsException {
    private static final long serialVersionUID = 1L;

    DatasetNotFoundException(String task, DatasetFile dataset, Split split, Path file) {
        super("task '" + task + "': dataset '" + dataset.name() + "' (split " + split.label() + ") not found: " + file);
    }
}
