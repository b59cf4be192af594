// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link ModelMonitor} measured, for every model version it has wrapped (closed ones included), taken by
 * {@link ModelMonitor#snapshot()}. The input of reports and metric bindings.
 *
 * <p>Immutable and thread-safe.
 *
 * @param takenAt when the snapshot was taken
 * @param models one per model version, in the order they were first wrapped
 * @since 0.2.0
 */
public record MonitorSnapshot(Instant takenAt, List<ModelSnapshot> models) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     */
    public MonitorSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        models = List.copyOf(models);
    }

    /**
     * Finds a model version; when several bundles share the name and version, the first wrapped.
     *
     * @param name the model name
     * @param version the version, as in its metadata
     * @return its snapshot, or empty when the monitor never wrapped it
     */
    public Optional<ModelSnapshot> model(String name, String version) {
        return models.stream().filter(m -> m.model().name().equals(name) && m.model().version().equals(version))
                .findFirst();
    }
}
