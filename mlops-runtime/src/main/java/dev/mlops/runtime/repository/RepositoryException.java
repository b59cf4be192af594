// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.MlopsException;

/**
 * A repository cannot answer: its root is not a directory, no version of a model satisfies a policy, or a pinned
 * version is not listed. The message names the repository, the model and every candidate with why it was refused.
 *
 * @since 0.2.0
 */
public final class RepositoryException extends MlopsException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public RepositoryException(String message) {
        super(message);
    }
}
