// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics of one model, candidate or baseline, as the gate compares them: from a bundle's metadata, or from any
 * list of metrics whose evaluation data is known by its hash (a run record, another tool's report).
 *
 * <p>Immutable and thread-safe.
 *
 * @param label names the model in messages, for example {@code rain-torch 1.0.0}
 * @param metrics its metrics
 * @since 0.2.0
 */
public record Evaluation(String label, List<GateMetric> metrics) {
    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the label is blank
     */
    public Evaluation {
        Objects.requireNonNull(label, "label");
        if (label.isBlank()) {
            throw new IllegalArgumentException("label is blank; expected a name for messages");
        }
        metrics = List.copyOf(metrics);
    }

    /**
     * Reads a model's metrics from its metadata. Each metric's {@code dataset} is resolved to a SHA-256 through
     * {@code provenance.datasets}; a metric that names no dataset, or one listed there without a hash (or twice with
     * different hashes), has none, and the gate will refuse to compare it. The label is {@code NAME VERSION}.
     *
     * <p>A metric's {@code slice} ({@code {"area": "Hebron"}}) is kept, so a rule on a slice finds it.
     *
     * @param metadata the bundle's metadata
     * @return the evaluation
     */
    public static Evaluation of(ModelMetadata metadata) {
        Map<String, Optional<String>> hashes = new HashMap<>();
        Set<String> conflicting = new HashSet<>();
        for (DatasetRef d : metadata.provenance().datasets()) {
            Optional<String> previous = hashes.putIfAbsent(d.name(), d.sha256());
            if (previous != null && !previous.equals(d.sha256())) {
                conflicting.add(d.name());
            }
        }
        List<GateMetric> metrics = new ArrayList<>();
        for (Metric m : metadata.metrics()) {
            Optional<String> sha = m.dataset().filter(d -> !conflicting.contains(d))
                    .flatMap(d -> hashes.getOrDefault(d, Optional.empty()));
            metrics.add(new GateMetric(m.name(), m.value(), m.dataset(), sha, m.split(), m.slice()));
        }
        return new Evaluation(metadata.name() + " " + metadata.version(), metrics);
    }
}
