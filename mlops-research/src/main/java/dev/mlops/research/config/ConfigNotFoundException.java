// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import java.nio.file.Path;

/**
 * The configuration file does not exist.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class ConfigNotFoundException extends ConfigException {
    private static final long serialVersionUID = 1L;

    ConfigNotFoundException(Path file, Throwable cause) {
        super(file.toString(), "config file not found: " + file.toAbsolutePath(), cause);
    }
}
