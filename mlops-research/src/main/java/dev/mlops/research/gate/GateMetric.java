// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One measured metric as the gate compares it: its value and the evaluation data it was measured on, identified by
 * the SHA-256 of the dataset's content. A metric without that hash cannot be compared with anything.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the metric's name, for example {@code auc}
 * @param value its value; NaN and infinities are allowed here and judged by the gate
 * @param dataset the dataset's name, for messages
 * @param datasetSha256 the hex SHA-256 of the dataset's content (64 hex digits, stored in lower case)
 * @param split the split of that dataset, for example {@code test}
 * @param slice the part of the data the metric was measured on, for example {@code {"area": "Hebron"}}; empty for
 *     the whole split
 * @since 0.2.0
 */
public record GateMetric(String name, double value, Optional<String> dataset, Optional<String> datasetSha256,
        Optional<String> split, Map<String, String> slice) {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Checks and copies the components.
     *
     * @throws IllegalArgumentException when the name is blank or {@code datasetSha256} is not 64 hex digits
     */
    public GateMetric {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name is blank; expected a metric name");
        }
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(datasetSha256, "datasetSha256");
        datasetSha256 = datasetSha256.map(s -> s.toLowerCase(Locale.ROOT));
        datasetSha256.ifPresent(s -> {
            if (!SHA256.matcher(s).matches()) {
                throw new IllegalArgumentException("datasetSha256 of metric " + name + " is \"" + s
                        + "\"; expected 64 hex digits");
            }
        });
        Objects.requireNonNull(split, "split");
        slice = Map.copyOf(slice);
    }

    /**
     * A metric measured on a whole dataset, known by its hash, without a split.
     *
     * @param name the metric's name
     * @param value its value
     * @param datasetSha256 the hex SHA-256 of the dataset's content
     * @return the metric
     * @throws IllegalArgumentException when the name is blank or the hash is not 64 hex digits
     */
    public static GateMetric of(String name, double value, String datasetSha256) {
        return new GateMetric(name, value, Optional.empty(), Optional.of(datasetSha256), Optional.empty(), Map.of());
    }

    /**
     * Returns this metric with a dataset name, for messages.
     *
     * @param datasetName the dataset's name
     * @return the metric with that name
     */
    public GateMetric withDataset(String datasetName) {
        return new GateMetric(name, value, Optional.of(datasetName), datasetSha256, split, slice);
    }

    /**
     * Returns this metric measured on a split.
     *
     * @param splitName the split, for example {@code test}
     * @return the metric on that split
     */
    public GateMetric withSplit(String splitName) {
        return new GateMetric(name, value, dataset, datasetSha256, Optional.of(splitName), slice);
    }

    /**
     * Returns this metric measured on a slice of the data.
     *
     * @param newSlice the slice, for example {@code Map.of("area", "Hebron")}
     * @return the metric on that slice
     */
    public GateMetric withSlice(Map<String, String> newSlice) {
        return new GateMetric(name, value, dataset, datasetSha256, split, newSlice);
    }

    /** Says where the metric was measured, for a message: dataset, hash prefix and split. */
    String source() {
        StringBuilder s = new StringBuilder();
        dataset.ifPresent(d -> s.append("dataset ").append(d).append(' '));
        if (datasetSha256.isPresent()) {
            s.append("sha256 ").append(datasetSha256.get(), 0, 12);
        } else if (dataset.isPresent()) {
            s.append("(no sha256)");
        } else {
            s.append("no dataset");
        }
        split.ifPresent(x -> s.append(", split ").append(x));
        return s.toString();
    }
}
