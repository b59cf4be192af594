// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the monitor measured for one model version: calls, errors, latency, envelope crossings, per-feature
 * statistics of inputs and outputs beside the training ones, and drift.
 *
 * <p>Immutable and thread-safe. Counts taken while calls are in flight are each exact, but not all at one instant: a
 * call may be counted in {@code requests} and not yet in {@code latency}.
 *
 * @param model the model version
 * @param requests the calls, whatever their outcome
 * @param errors the failed calls by kind; every kind present, zero included
 * @param latency the latency of every call, failed ones included
 * @param envelope one count per constraint the model declares, in declaration order
 * @param inputs per numeric input feature, in declaration order
 * @param outputs per numeric output feature, in declaration order
 * @param drift the drift tests' settings and alarms
 * @since 0.2.0
 */
public record ModelSnapshot(ModelKey model, long requests, Map<ErrorKind, Long> errors, LatencyHistogram latency,
        List<EnvelopeCount> envelope, List<FeatureSnapshot> inputs, List<FeatureSnapshot> outputs,
        DriftSummary drift) {
    /**
     * Checks and copies the components.
     *
     * @throws NullPointerException naming the component that is {@code null}
     * @throws IllegalArgumentException when an error kind is missing or {@code requests} is negative
     */
    public ModelSnapshot {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(errors, "errors");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(drift, "drift");
        if (requests < 0) {
            throw new IllegalArgumentException("requests: " + requests + " is negative");
        }
        EnumMap<ErrorKind, Long> e = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            Long v = errors.get(k);
            if (v == null) {
                throw new IllegalArgumentException("errors: no count for " + k);
            }
            e.put(k, v);
        }
        errors = Collections.unmodifiableMap(e);
        envelope = List.copyOf(envelope);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** @return the failed calls, all kinds together */
    public long failures() {
        long n = 0;
        for (long v : errors.values()) {
            n += v;
        }
        return n;
    }

    /**
     * Finds an input feature.
     *
     * @param tensor the input name
     * @param feature the feature name, or its index as text
     * @return its snapshot, or empty when the input or feature is not monitored
     */
    public Optional<FeatureSnapshot> input(String tensor, String feature) {
        return find(inputs, tensor, feature);
    }

    /**
     * Finds an output feature.
     *
     * @param tensor the output name
     * @param feature the feature name, or its index as text
     * @return its snapshot, or empty when the output or feature is not monitored
     */
    public Optional<FeatureSnapshot> output(String tensor, String feature) {
        return find(outputs, tensor, feature);
    }

    private static Optional<FeatureSnapshot> find(List<FeatureSnapshot> list, String tensor, String feature) {
        return list.stream().filter(f -> f.tensor().equals(tensor) && f.feature().equals(feature)).findFirst();
    }
}
