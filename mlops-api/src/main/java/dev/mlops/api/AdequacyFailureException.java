package dev.mlops.api;

import java.util.List;

/**
 * One or more adequacy cases shipped with a bundle failed on the execution provider that would serve it.
 *
 * <p>The model was not made available; every native resource it held has been freed.
 *
 * <p>Thread safety: its fields are final; once thrown it may be read from any thread.
 *
 * @since 0.1.0
 */
public class AdequacyFailureException extends MlopsException {
    private static final long serialVersionUID = 1L;

    private final List<String> failedCases;

    /**
     * Creates the exception.
     *
     * @param report the human-readable report naming each failed case, output, element, expected and actual value
     * @param failedCases the ids of the failed cases
     */
    public AdequacyFailureException(String report, List<String> failedCases) {
        super(report);
        this.failedCases = List.copyOf(failedCases);
    }

    /**
     * Returns the failed case ids.
     *
     * @return the ids of the cases that failed
     */
    public List<String> failedCases() {
        return failedCases;
    }
}
