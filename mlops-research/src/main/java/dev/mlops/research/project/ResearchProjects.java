// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import dev.mlops.api.MlopsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds the research project on a class path.
 *
 * <p>Thread-safe; holds no state.
 *
 * @since 0.2.0
 */
public final class ResearchProjects {
    private ResearchProjects() {
    }

    /**
     * Finds the one research project a class loader offers through {@link ServiceLoader}.
     *
     * @param loader the class loader whose {@code META-INF/services/dev.mlops.research.project.ResearchProject}
     *     files are read (the project's jar on the class path)
     * @return the project
     * @throws ProjectNotFoundException when there is none
     * @throws DuplicateProjectException naming their classes when there are several
     * @throws MlopsException naming the provider when one cannot be instantiated
     * @since 0.2.0
     */
    public static ResearchProject<?, ?> discover(ClassLoader loader) {
        Objects.requireNonNull(loader, "loader");
        List<ResearchProject<?, ?>> found = new ArrayList<>();
        try {
            for (ResearchProject<?, ?> p : ServiceLoader.load(ResearchProject.class, loader)) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new MlopsException("cannot load a research project listed in META-INF/services/"
                    + ResearchProject.class.getName() + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new ProjectNotFoundException();
        }
        if (found.size() > 1) {
            throw new DuplicateProjectException(found.stream().map(p -> p.getClass().getName()).toList());
        }
        return found.get(0);
    }
}
