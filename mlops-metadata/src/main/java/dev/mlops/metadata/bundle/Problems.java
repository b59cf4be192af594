// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import dev.mlops.api.IntegrityException;
import dev.mlops.api.InvalidBundleException;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems found in a bundle so that one exception can list them all. */
final class Problems {
    /** Most problems spelled out in one message. */
    static final int CAP = 20;

    private record Problem(String file, String message) {
    }

    private final List<Problem> problems = new ArrayList<>();

    void add(String file, String message) {
        problems.add(new Problem(SafePaths.display(file), message));
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** @throws InvalidBundleException listing every problem, naming the first one's file, if there is any */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidBundleException(problems.get(0).file(), message());
        }
    }

    /** @throws IntegrityException listing every problem, naming the first one's file, if there is any */
    void throwIntegrityIfAny() {
        if (!problems.isEmpty()) {
            throw new IntegrityException(problems.get(0).file(), message());
        }
    }

    private String message() {
        StringBuilder sb = new StringBuilder(problems.get(0).message());
        if (problems.size() > 1) {
            sb.append("\n  and ").append(problems.size() - 1).append(problems.size() == 2 ? " more problem:" : " more problems:");
            for (int i = 1; i < problems.size() && i < CAP; i++) {
                sb.append("\n  - ").append(problems.get(i).file()).append(": ").append(problems.get(i).message());
            }
            if (problems.size() > CAP) {
                sb.append("\n  - ... ").append(problems.size() - CAP).append(" more not shown");
            }
        }
        return sb.toString();
    }
}
