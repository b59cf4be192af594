// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.InvalidBundleException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Argument checks shared by the verbs. */
final class Args {
    private Args() {
    }

    /** Fails with a clear message (exit 2) when the bundle path does not exist. */
    static Path existing(Path bundle) {
        if (!Files.exists(bundle)) {
            throw new InvalidBundleException(bundle.toString(), "no such file or directory");
        }
        return bundle;
    }
}
