// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.MlopsException;

/** No run in the store matches a query ({@code runs best}, {@code gate --baseline-best}): exit 2. */
final class NoMatchingRunException extends MlopsException {
    private static final long serialVersionUID = 1L;

    NoMatchingRunException(String message) {
        super(message);
    }
}
