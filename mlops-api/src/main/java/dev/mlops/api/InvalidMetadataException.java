// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A metadata document breaks the schema: every violation is listed, each with its JSON path.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class InvalidMetadataException extends InvalidBundleException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf list of Serializable records; javac 21+ cannot see that
    private final List<Violation> violations;

    /**
     * Creates an exception listing every violation found in one document.
     *
     * @param file the document, for example {@code metadata.json}
     * @param violations the problems, at least one
     */
    public InvalidMetadataException(String file, List<Violation> violations) {
        super(file, describe(violations));
        this.violations = List.copyOf(violations);
    }

    /**
     * Creates an exception for a document that could not be parsed at all.
     *
     * @param file the document
     * @param violation the parse problem, with the path where parsing stopped
     * @param cause the parser's exception
     */
    public InvalidMetadataException(String file, Violation violation, Throwable cause) {
        super(file, describe(List.of(violation)), cause);
        this.violations = List.of(violation);
    }

    /**
     * Returns the violations.
     *
     * @return every violation found, in document order where possible
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
