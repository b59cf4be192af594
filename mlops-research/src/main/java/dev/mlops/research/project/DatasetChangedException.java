// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;
import java.nio.file.Path;

/**
 * A dataset file changed since the {@code train} run recorded its SHA-256; the message names the dataset, the file, both hashes and the run.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class DatasetChangedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    DatasetChangedException(String task, String dataset, Path file, String recorded, String now, Path run) {
        super("task '" + task + "': dataset '" + dataset + "' (" + file + ") changed since " + run + " recorded it: sha256 "
                + recorded + " then, " + now + " now; run train again for this data");
    }
}
