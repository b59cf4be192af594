// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import java.util.Objects;

/**
 * A change a {@linkplain ModelRepository#watch(RepositoryListener) watch} saw between two scans of the repository.
 * Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public sealed interface RepositoryEvent {
    /**
     * A complete bundle appeared (or became complete: a copy finished, a zip was fully written).
     *
     * @param entry the new entry
     * @since 0.2.0
     */
    record Added(RepositoryEntry entry) implements RepositoryEvent {
        /** Checks the component. */
        public Added {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * A listed bundle is gone: deleted, moved away, or no longer verifies (then a {@link Skipped} follows).
     *
     * @param entry the entry as it was last listed
     * @since 0.2.0
     */
    record Removed(RepositoryEntry entry) implements RepositoryEvent {
        /** Checks the component. */
        public Removed {
            Objects.requireNonNull(entry, "entry");
        }
    }

    /**
     * The bundle of a listed name and version was replaced by other content that verifies (another delivery id, or
     * a zip where a directory was).
     *
     * @param previous the entry as it was last listed
     * @param current the entry now
     * @since 0.2.0
     */
    record Changed(RepositoryEntry previous, RepositoryEntry current) implements RepositoryEvent {
        /** Checks the components. */
        public Changed {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }
    }

    /**
     * A path is skipped, or is skipped for another reason than before: reported once per path and reason, not on
     * every scan.
     *
     * @param skipped the path and why
     * @since 0.2.0
     */
    record Skipped(SkippedBundle skipped) implements RepositoryEvent {
        /** Checks the component. */
        public Skipped {
            Objects.requireNonNull(skipped, "skipped");
        }
    }
}
