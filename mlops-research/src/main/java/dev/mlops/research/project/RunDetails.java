// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.spec.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a standard task leaves in its run directory for the tasks after it and for the run store: the configuration's
 * hash, the datasets it read with their hashes, its metrics with their datasets and splits, and the delivery id of an
 * export. Written as {@value #FILE}, plain JSON that any language reads. Immutable and thread-safe.
 */
record RunDetails(String configSha256, Optional<String> modelVersion, List<DatasetUse> datasets,
        List<Metric> metrics, Optional<String> deliveryId) {
    static final String FILE = "mlops-task.json";
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    RunDetails {
        datasets = List.copyOf(datasets);
        metrics = List.copyOf(metrics);
    }

    /** A dataset a run read: its name, split, file and the SHA-256 of the file's content. */
    record DatasetUse(String name, String split, Path file, String sha256) {
    }

    void write(Path runDir) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("configSha256", configSha256);
        modelVersion.ifPresent(v -> json.put("modelVersion", v));
        ArrayNode ds = json.putArray("datasets");
        for (DatasetUse d : datasets) {
            ds.addObject().put("name", d.name()).put("split", d.split()).put("file", d.file().toString())
                    .put("sha256", d.sha256());
        }
        ArrayNode ms = json.putArray("metrics");
        for (Metric m : metrics) {
            ObjectNode o = ms.addObject().put("name", m.name()).put("value", m.value());
            m.dataset().ifPresent(d -> o.put("dataset", d));
            m.split().ifPresent(s -> o.put("split", s));
        }
        deliveryId.ifPresent(id -> json.put("deliveryId", id));
        Path file = runDir.resolve(FILE);
        try {
            Files.writeString(file, MAPPER.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the details a standard task wrote; empty when the run left none (a user task, or a failed run). */
    static Optional<RunDetails> read(Path runDir) {
        Path file = runDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode json = MAPPER.readTree(file.toFile());
            List<DatasetUse> datasets = new ArrayList<>();
            for (JsonNode d : json.path("datasets")) {
                datasets.add(new DatasetUse(d.path("name").asText(), d.path("split").asText(),
                        Path.of(d.path("file").asText()), d.path("sha256").asText()));
            }
            List<Metric> metrics = new ArrayList<>();
            for (JsonNode m : json.path("metrics")) {
                metrics.add(new Metric(m.path("name").asText(), m.path("value").asDouble(), text(m, "dataset"),
                        text(m, "split")));
            }
            return Optional.of(new RunDetails(json.path("configSha256").asText(), text(json, "modelVersion"),
                    datasets, metrics, text(json, "deliveryId")));
        } catch (IOException | RuntimeException e) {
            throw new PipelineStateException("cannot read " + file + ": " + e.getMessage()
                    + "; run the task that wrote it again");
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }
}
