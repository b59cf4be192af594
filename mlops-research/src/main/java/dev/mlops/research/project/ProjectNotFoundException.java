// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;

/**
 * No research project is on the class path; the message says how to add one.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class ProjectNotFoundException extends MlopsException {
    private static final long serialVersionUID = 1L;

    ProjectNotFoundException() {
        super("no research project on the class path: add the project's jar (mlops run --class-path JAR) that lists"
                + " its class in META-INF/services/" + ResearchProject.class.getName());
    }
}
