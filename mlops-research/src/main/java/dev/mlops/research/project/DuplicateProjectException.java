// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;
import java.util.List;

/**
 * Two or more research projects are on the class path; the message names their classes.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class DuplicateProjectException extends MlopsException {
    private static final long serialVersionUID = 1L;

    DuplicateProjectException(List<String> classes) {
        super("more than one research project on the class path: " + String.join(", ", classes)
                + "; keep one project's jar on the class path");
    }
}
