// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import dev.mlops.api.version.SchemaVersion;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the training data looked like, tensor by tensor and feature by feature, for drift detection: the
 * {@code statistics} section of {@code metadata.json}, schema 1.1 and later.
 *
 * <p>A feature is named as in its tensor's {@link TensorSpec#features()}, or by its index along the last axis
 * ({@code "0"}, {@code "1"}...) when the tensor names none.
 *
 * <p>Immutable and thread-safe: the maps are copied all the way down, in their order.
 *
 * @param dataset the dataset the statistics were computed from
 * @param inputs input name to feature name to statistics
 * @param outputs output name to feature name to statistics
 * @since 0.2.0
 */
public record DataStatistics(
        Optional<DatasetRef> dataset,
        Map<String, Map<String, FeatureStatistics>> inputs,
        Map<String, Map<String, FeatureStatistics>> outputs) {

    /** The first schema version that has {@code statistics}. */
    public static final SchemaVersion SINCE = new SchemaVersion(1, 1);

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when a tensor or feature name is blank
     */
    public DataStatistics {
        Objects.requireNonNull(dataset, "dataset");
        inputs = copy("inputs", inputs);
        outputs = copy("outputs", outputs);
    }

    /**
     * Finds the statistics of one feature of an input.
     *
     * @param tensor the input name
     * @param feature the feature name, or its index as text
     * @return the statistics, or empty when none were recorded
     */
    public Optional<FeatureStatistics> input(String tensor, String feature) {
        return Optional.ofNullable(inputs.getOrDefault(tensor, Map.of()).get(feature));
    }

    /**
     * Finds the statistics of one feature of an output.
     *
     * @param tensor the output name
     * @param feature the feature name, or its index as text
     * @return the statistics, or empty when none were recorded
     */
    public Optional<FeatureStatistics> output(String tensor, String feature) {
        return Optional.ofNullable(outputs.getOrDefault(tensor, Map.of()).get(feature));
    }

    private static Map<String, Map<String, FeatureStatistics>> copy(String where,
            Map<String, Map<String, FeatureStatistics>> tensors) {
        Objects.requireNonNull(tensors, where);
        Map<String, Map<String, FeatureStatistics>> out = new LinkedHashMap<>();
        tensors.forEach((tensor, features) -> {
            name(where, tensor);
            Objects.requireNonNull(features, where + "." + tensor);
            Map<String, FeatureStatistics> f = new LinkedHashMap<>();
            features.forEach((feature, stats) -> {
                name(where + "." + tensor, feature);
                f.put(feature, Objects.requireNonNull(stats, where + "." + tensor + "." + feature));
            });
            out.put(tensor, Collections.unmodifiableMap(f));
        });
        return Collections.unmodifiableMap(out);
    }

    private static void name(String where, String name) {
        Objects.requireNonNull(name, where + ": a key");
        if (name.isBlank()) {
            throw new IllegalArgumentException(where + ": a name must not be blank");
        }
    }
}
