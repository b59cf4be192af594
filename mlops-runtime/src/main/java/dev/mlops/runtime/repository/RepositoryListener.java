// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

/**
 * Receives the events of a {@linkplain ModelRepository#watch(RepositoryListener) watch}, one at a time, on the
 * watch's own thread, in the order they happened. A listener that throws is logged and keeps receiving events.
 * A listener should return quickly: the next scan waits for it.
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface RepositoryListener {
    /**
     * Handles one event.
     *
     * @param event what changed
     */
    void onEvent(RepositoryEvent event);
}
