// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.MlopsException;

/**
 * A candidate cannot be tried beside the serving version: its inputs or outputs differ from the serving version's
 * (the message lists each difference). The candidate was closed; the serving version is untouched.
 *
 * @since 0.2.0
 */
public final class CandidateRefusedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    CandidateRefusedException(String message) {
        super(message);
    }
}
