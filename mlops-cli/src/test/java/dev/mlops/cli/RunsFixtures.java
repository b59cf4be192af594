// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.research.store.NewRun;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunOutcome;
import dev.mlops.research.store.RunStore;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Real SQLite run stores and real packed bundles with metrics, datasets and a configuration, for the runs verbs. */
final class RunsFixtures {
    /** The SHA-256 of the evaluation data every fixture measured on. */
    static final String WEATHER_SHA = "84fbca50e2fd30f232a979699b4b8073d886be874859bb532d76325652e734be";
    /** Other evaluation data. */
    static final String OTHER_SHA = "1111111111111111111111111111111111111111111111111111111111111111";
    static final String CONFIG = "{\"train\": {\"epochs\": 20, \"seed\": 7},\n \"model\": {\"hidden\": 8}}";

    private RunsFixtures() {
    }

    /**
     * A store with four runs of {@code rain} and one of {@code wind}: {@code rain-1} train (auc 0.80, logloss 0.50),
     * {@code rain-2} evaluate (auc 0.86, logloss 0.45), {@code rain-3} failed train (no metrics), {@code rain-4}
     * evaluate (auc 0.83, logloss 0.40), {@code wind-1} train (mae 1.5); all on {@code weather/test}.
     */
    static String seededStore(Path dir) {
        String url = RunStore.sqliteUrl(dir.resolve("runs.db"));
        try (RunStore s = RunStore.open(url)) {
            s.record(run("rain-1", "rain", "train", "2026-03-01T10:00:00Z"), RunOutcome.succeeded(List.of(
                    RunMetric.of("auc", 0.80, "weather", "test"), RunMetric.of("logloss", 0.50, "weather", "test"))));
            s.record(run("rain-2", "rain", "evaluate", "2026-03-02T10:00:00Z"), RunOutcome.succeeded(List.of(
                    RunMetric.of("auc", 0.86, "weather", "test"), RunMetric.of("logloss", 0.45, "weather", "test"))));
            s.record(run("rain-3", "rain", "train", "2026-03-03T10:00:00Z"), RunOutcome.failed("out of memory"));
            s.record(run("rain-4", "rain", "evaluate", "2026-03-04T10:00:00Z"), RunOutcome.succeeded(List.of(
                    RunMetric.of("auc", 0.83, "weather", "test"), RunMetric.of("logloss", 0.40, "weather", "test"))));
            s.record(run("wind-1", "wind", "train", "2026-03-05T10:00:00Z"), RunOutcome.succeeded(List.of(
                    RunMetric.of("mae", 1.5, "weather", "test"))));
        }
        return url;
    }

    static NewRun run(String id, String model, String task, String startedAt) {
        return NewRun.newBuilder(model, model + "__main__abc123__7__" + id, task).runId(id).modelVersion("1.0.0")
                .dataset(RunDataset.of("weather", WEATHER_SHA)).configJson(CONFIG).gitCommit("abc123")
                .gitBranch("main").startedAt(Instant.parse(startedAt)).build();
    }

    /** The canonical SHA-256 of {@link #CONFIG}. */
    static String configSha() {
        return NewRun.newBuilder("x", "x", "train").configJson(CONFIG).build().configSha256().orElseThrow();
    }

    /**
     * A packed bundle of the linear test model with metrics on a dataset, provenance and, when given, a config.json.
     *
     * @param dataSha the SHA-256 of the dataset the metrics were measured on; empty for a dataset without one
     */
    static Path bundle(Path dir, String name, String version, Map<String, Double> metrics, Optional<String> dataSha,
            Optional<String> config, Optional<String> provenanceConfigSha) throws IOException {
        TestModel model = TestModels.linear();
        Files.createDirectories(dir);
        model.write(dir.resolve("model.onnx"));
        Map<String, Tensor> in = model.sampleInputs();
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of("sample", in,
                model.reference(in))));
        ModelMetadata.Builder meta = model.metadata(name, version)
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-6, 0), Map.of()));
        metrics.forEach((k, v) -> meta.metric(new Metric(k, v, Optional.of("weather"), Optional.of("test"))));
        meta.provenance(new Provenance(Optional.of("abc123def456"), Optional.of("main"), OptionalLong.of(42),
                Optional.of("t1"), Optional.empty(), List.of(new DatasetRef("weather", Optional.of("v1"), dataSha)),
                Optional.empty(), provenanceConfigSha));
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta.build()));
        if (config.isPresent()) {
            Files.writeString(dir.resolve("config.json"), config.get());
        }
        Bundles.pack(dir);
        return dir;
    }

    /** A packed bundle with auc and logloss on the weather data, config.json and its hash in the provenance. */
    static Path bundle(Path dir, String name, double auc, double logloss) throws IOException {
        Map<String, Double> metrics = new java.util.LinkedHashMap<>();
        metrics.put("auc", auc);
        metrics.put("logloss", logloss);
        return bundle(dir, name, "1.2.0", metrics, Optional.of(WEATHER_SHA), Optional.of(CONFIG),
                Optional.of(configSha()));
    }
}
