// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import dev.mlops.api.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration breaks its rules: malformed JSON (with line and column), an unknown key, a value of the wrong type,
 * a failed constraint, or an override whose path does not exist or whose value does not fit. Every violation is
 * listed, each with its JSON path; a violation caused by an override names the override ({@code --set k=v} or the
 * environment variable).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.2.0
 */
public final class InvalidConfigException extends ConfigException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf list of Serializable records
    private final List<Violation> violations;

    InvalidConfigException(String source, List<Violation> violations) {
        super(source, source + ": " + describe(violations));
        this.violations = List.copyOf(violations);
    }

    InvalidConfigException(String source, Violation violation, Throwable cause) {
        super(source, source + ": " + describe(List.of(violation)), cause);
        this.violations = List.of(violation);
    }

    /**
     * Returns the violations.
     *
     * @return every violation found, sorted by path; at least one
     * @since 0.2.0
     */
    public List<Violation> violations() {
        return violations;
    }

    private static String describe(List<Violation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("violations must not be empty");
        }
        if (violations.size() == 1) {
            return violations.get(0).toString();
        }
        return violations.size() + " problems:" + violations.stream()
                .map(v -> "\n  - " + v).collect(Collectors.joining());
    }
}
