// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictionLogTest {
    @TempDir
    Path dir;

    private long sessionsBefore;
    private ModelRuntime runtime;
    private Path bundle;

    @BeforeEach
    void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        bundle = MonitorBundles.weather(dir.resolve("v1"), "1.0.0", true, List.of());
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    @Test
    void jsonLines_appendsOneObjectPerSampledCall_withModelVersionDeliveryIdInputsAndOutputs() throws IOException {
        Path file = dir.resolve("logs/predictions.jsonl");
        String deliveryId;
        try (PredictionLog log = PredictionLog.jsonLines(file)) {
            ModelMonitor monitor = ModelMonitor.newBuilder().predictionLog(log, 1.0).build();
            try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
                deliveryId = model.deliveryId();
                model.predict(Map.of("x", Tensor.ofFloats(new float[] {20, 50, 3, 3}, 1, 4)));
                model.predict(Map.of("x", Tensor.ofFloats(new float[] {10, 40, 2, 1}, 1, 4)));
            }
        }
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(2);
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertThat(first.get("model").asText()).isEqualTo("weather");
        assertThat(first.get("version").asText()).isEqualTo("1.0.0");
        assertThat(first.get("deliveryId").asText()).isEqualTo(deliveryId);
        assertThat(first.get("id").asText()).isEqualTo("weather 1.0.0 #1");
        assertThat(Instant.parse(first.get("at").asText())).isBeforeOrEqualTo(Instant.now());
        assertThat(first.at("/inputs/x/data").toString()).isEqualTo("[20.0,50.0,3.0,3.0]");
        assertThat(first.at("/expected/y/data").toString()).isEqualTo("[41.0,101.0,7.0,7.0]");
        assertThat(json.readTree(lines.get(1)).get("id").asText()).isEqualTo("weather 1.0.0 #2");
    }

    @Test
    void sampling_isSeeded_andTakesAboutTheRateAsked() {
        List<Long> first;
        List<Long> again;
        List<Long> other;
        try (RuntimeModel model = runtime.open(bundle)) {
            first = sampledCalls(model, 42);
            again = sampledCalls(model, 42);
            other = sampledCalls(model, 43);
        }
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(first.size()).isBetween(60, 140); // 400 calls at 25%: 100 expected, sd 8.7
    }

    /** Samples 400 calls through a fresh monitor; the wrapper is not closed, so the model serves the next one. */
    private static List<Long> sampledCalls(RuntimeModel raw, long seed) {
        List<Long> sequences = new ArrayList<>();
        PredictionLog sink = record -> sequences.add(record.sequence());
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(seed).predictionLog(sink, 0.25).build();
        RuntimeModel model = monitor.wrap(raw);
        for (int i = 0; i < 400; i++) {
            model.predict(Map.of("x", Tensor.ofFloats(new float[] {20, 50, 3, 3}, 1, 4)));
        }
        return sequences;
    }

    @Test
    void jsonLines_neverBlocksACaller_dropsAndCountsWhatItCannotQueue() throws IOException {
        Path file = dir.resolve("small.jsonl");
        PredictionRecord record = new PredictionRecord(Instant.parse("2026-01-01T00:00:00Z"),
                new ModelKey("weather", "1.0.0", "sha256:00"), 1,
                Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3, 4}, 1, 4)), Map.of());
        int offered = 20_000;
        long dropped;
        long start = System.nanoTime();
        PredictionLog log = PredictionLog.jsonLines(file, 1);
        for (int i = 0; i < offered; i++) {
            log.accept(record);
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        log.close();
        dropped = log.dropped();
        long written = Files.readAllLines(file).size();

        assertThat(elapsedMillis).as("offering never waits for the writer").isLessThan(5_000);
        assertThat(dropped).isPositive();
        assertThat(written + dropped).isEqualTo(offered);
        log.accept(record);
        assertThat(log.dropped()).as("a closed log drops and counts").isEqualTo(dropped + 1);
    }
}
