// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The ONNX graph's inputs or outputs differ from those the metadata declares (names, dtypes, ranks, fixed dims).
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class SignatureMismatchException extends InvalidBundleException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // an immutable List.copyOf list, which serializes; javac 21+ cannot see that
    private final List<String> mismatches;

    /**
     * Creates the exception.
     *
     * @param file the model file
     * @param mismatches every difference found, each naming the tensor, what was declared and what the graph has
     */
    public SignatureMismatchException(String file, List<String> mismatches) {
        super(file, "graph does not match metadata:" + mismatches.stream()
                .map(m -> "\n  - " + m).collect(Collectors.joining()));
        if (mismatches.isEmpty()) {
            throw new IllegalArgumentException("mismatches must not be empty");
        }
        this.mismatches = List.copyOf(mismatches);
    }

    /**
     * Returns the differences.
     *
     * @return every difference between graph and metadata
     */
    public List<String> mismatches() {
        return mismatches;
    }
}
