// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

/**
 * A running watch of a repository, from {@link ModelRepository#watch(RepositoryListener)}. Close it to stop it: its
 * thread ends before {@link #close()} returns (unless called from the listener itself, on that thread).
 *
 * <pre>{@code
 * try (ModelRepository repo = ModelRepository.of(Path.of("models"));
 *         RepositoryWatch watch = repo.watch(event -> log.info("{}", event))) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @since 0.2.0
 */
public interface RepositoryWatch extends AutoCloseable {
    /**
     * Returns how this watch notices changes: {@link WatchMode#POLLING} also when the watch service was asked for
     * and the file system has none.
     *
     * @return the mode in effect
     */
    WatchMode mode();

    /** @return whether the watch's thread is still running */
    boolean isRunning();

    /** Stops the watch and waits for its thread to end. Idempotent; never throws. */
    @Override
    void close();
}
