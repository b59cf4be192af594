// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

/**
 * How {@link ModelRepository#watch(RepositoryListener)} notices changes.
 *
 * @since 0.2.0
 */
public enum WatchMode {
    /**
     * The JDK's {@link java.nio.file.WatchService} on every directory of the repository: changes are noticed as the
     * file system reports them, and the repository is rescanned once they stop for the debounce period; it is also
     * rescanned every poll interval, as a safety net for events the platform drops. Where the file system has no
     * watch service, the watch falls back to {@link #POLLING} and logs it (the default).
     */
    WATCH_SERVICE,
    /** A rescan every poll interval, nothing else: portable and deterministic. */
    POLLING
}
