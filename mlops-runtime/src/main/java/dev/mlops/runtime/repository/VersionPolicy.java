// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.version.ModelVersion;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which versions of a model to serve, applied by {@link ModelRepository#select(String, VersionPolicy)} and
 * {@link ModelRepository#load(String, VersionPolicy, dev.mlops.runtime.ModelRuntime)}. Versions compare as
 * {@link ModelVersion} does (major, then minor, then pipeline); only listed (complete, verified) versions count.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public sealed interface VersionPolicy {
    /** @return the newest listed version */
    static VersionPolicy latest() {
        return new Latest();
    }

    /**
     * Returns the {@code count} newest listed versions.
     *
     * @param count at least 1
     * @return the policy
     * @throws IllegalArgumentException when {@code count < 1}
     */
    static VersionPolicy latest(int count) {
        return new LatestN(count);
    }

    /**
     * Returns exactly these versions; loading fails when one of them is not listed.
     *
     * @param versions at least one
     * @return the policy
     * @throws IllegalArgumentException when no version is given
     */
    static VersionPolicy pinned(ModelVersion... versions) {
        return new Pinned(Set.of(versions));
    }

    /** @return every listed version */
    static VersionPolicy all() {
        return new All();
    }

    /**
     * Returns the newest version that loads and passes its adequacy gate: versions are tried newest first, each one
     * that fails is closed, and the first that passes is the answer. Needs a runtime: it applies to
     * {@link ModelRepository#load(String, VersionPolicy, dev.mlops.runtime.ModelRuntime)}; {@code select} lists the
     * candidates in the order they would be tried.
     *
     * @return the policy
     */
    static VersionPolicy latestPassingAdequacy() {
        return new LatestPassingAdequacy();
    }

    /**
     * The newest version.
     *
     * @since 0.2.0
     */
    record Latest() implements VersionPolicy {
    }

    /**
     * The {@code count} newest versions.
     *
     * @param count at least 1
     * @since 0.2.0
     */
    record LatestN(int count) implements VersionPolicy {
        /**
         * Checks the count.
         *
         * @throws IllegalArgumentException when {@code count < 1}
         */
        public LatestN {
            if (count < 1) {
                throw new IllegalArgumentException("count: " + count + " must be at least 1");
            }
        }
    }

    /**
     * Exactly these versions.
     *
     * @param versions at least one, kept in ascending order
     * @since 0.2.0
     */
    record Pinned(Set<ModelVersion> versions) implements VersionPolicy {
        /**
         * Checks and copies the versions.
         *
         * @throws IllegalArgumentException when the set is empty
         */
        public Pinned {
            Objects.requireNonNull(versions, "versions");
            if (versions.isEmpty()) {
                throw new IllegalArgumentException("versions: pin at least one version");
            }
            versions = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(versions));
        }
    }

    /**
     * Every version.
     *
     * @since 0.2.0
     */
    record All() implements VersionPolicy {
    }

    /**
     * The newest version that passes its adequacy gate.
     *
     * @since 0.2.0
     */
    record LatestPassingAdequacy() implements VersionPolicy {
    }
}
