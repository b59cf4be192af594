// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import dev.mlops.api.MlopsException;

/**
 * A configuration could not be loaded, overridden or bound.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public abstract sealed class ConfigException extends MlopsException
        permits ConfigNotFoundException, InvalidConfigException {
    private static final long serialVersionUID = 1L;

    private final String source;

    ConfigException(String source, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
    }

    ConfigException(String source, String message) {
        super(message);
        this.source = source;
    }

    /**
     * Returns what was being read.
     *
     * @return the file, or {@code "config"} for a configuration made in code
     * @since 0.2.0
     */
    public String source() {
        return source;
    }
}
