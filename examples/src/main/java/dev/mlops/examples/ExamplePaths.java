// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the bundles shipped in {@code examples/bundles}, from the repository root or the module folder. */
final class ExamplePaths {
    private ExamplePaths() {
    }

    /** Routes Hibernate Validator's start-up line through SLF4J and keeps only warnings, for readable output. */
    static void quietLogging() {
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "slf4j"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
    }

    static Path bundles() {
        for (Path candidate : new Path[] {Path.of("examples", "bundles"), Path.of("bundles")}) {
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("run from the repository root or the examples folder: no bundles/ found in "
                + Path.of("").toAbsolutePath());
    }
}
