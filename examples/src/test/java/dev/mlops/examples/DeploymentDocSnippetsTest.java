// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.batching.BatchedModel;
import dev.mlops.runtime.batching.DynamicBatching;
import dev.mlops.runtime.delivery.Delivery;
import dev.mlops.runtime.delivery.RolloutPlan;
import dev.mlops.runtime.monitoring.ModelMonitor;
import dev.mlops.runtime.monitoring.ModelSnapshot;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryEntry;
import dev.mlops.runtime.repository.RepositoryWatch;
import dev.mlops.runtime.selection.Query;
import dev.mlops.runtime.selection.Ranking;
import dev.mlops.runtime.serving.ServingModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java blocks of {@code docs/deployment.md}, verbatim (see {@code MarkdownSnippetsTest}), run on real bundles. */
class DeploymentDocSnippetsTest {
    @TempDir
    Path tmp;

    Path root;

    @BeforeEach
    void repository() {
        root = tmp.resolve("models");
        List<WeatherExports.Observation> data = WeatherExports.observations();
        WeatherExports.export(root.resolve("weather/1.1.0"), "1.1.0", List.of("Jerusalem", "Beit-Shemesh"), data);
        WeatherExports.export(root.resolve("weather/1.2.0"), "1.2.0", List.of("Jerusalem", "Hebron"), data);
    }

    @Test
    @SuppressWarnings("try") // the watch works while open: the snippet shows the try that scopes it
    void deploymentDoc_selectsServesFollowsAndMonitors() {
        long sessionsBefore = ModelRuntime.openSessions();
        Map<String, Tensor> y;
        ModelSnapshot seen;
        // tag::deployment-quick-start[]
        ModelMonitor monitor = ModelMonitor.newBuilder().build();          // counts, latency, envelope, drift
        try (ModelRuntime runtime = ModelRuntime.newBuilder().decorator(monitor::wrap).build();
                ModelRepository repository = ModelRepository.of(root)) {  // complete, verified bundles only
            RepositoryEntry best = Query.newBuilder()
                    .name("weather").capability("area", "Jerusalem")
                    .rank(Ranking.maximize("accuracy").onSlice("area", "Jerusalem"))
                    .build()
                    .select(repository.entries());    // or NoMatchingModelException: every version and why
            try (Delivery delivery = Delivery.of(runtime, ServingModel.serve(runtime, best.location()));
                    RepositoryWatch watch = delivery.follow(repository, RolloutPlan.shadow()
                            .rule("error_rate <= 0.01").rule("shadow_disagreement_rate <= 0.01").build())) {
                y = delivery.predict("user-42", Map.of("features", Tensor.ofFloats(new float[] {20f, 80f}, 1, 2)));
            }
            seen = monitor.snapshot().model("weather", best.version().toString()).orElseThrow();
        }
        // end::deployment-quick-start[]
        assertThat(y).containsKeys("rain_probability", "rain_mm");
        assertThat(seen.requests()).isEqualTo(1);
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void deploymentDoc_batchesConcurrentCallsBehindTheMonitor() throws Exception {
        Path bundle = root.resolve("weather/1.2.0");
        float[] p = new float[1];
        // tag::deployment-batching[]
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        DynamicBatching batching = DynamicBatching.newBuilder()
                .maxBatchRows(64).maxDelay(Duration.ofMillis(1)).build();  // opt-in, per runtime or per model
        try (ModelRuntime runtime = ModelRuntime.newBuilder()
                        .decorator(model -> batching.wrap(monitor.wrap(model)))  // after each model's adequacy gate
                        .build();
                RuntimeModel model = runtime.open(bundle)) {
            // many threads call predict at once: their rows run as one batch, each gets its own answer or error
            p[0] = model.predict(Map.of("features", Tensor.ofFloats(new float[] {20f, 80f}, 1, 2)))
                    .get("rain_probability").toFloatArray()[0];
        }
        // end::deployment-batching[]
        assertThat(p[0]).isEqualTo(WeatherModels.reference(20f, 80f)[0], org.assertj.core.data.Offset.offset(1e-6f));
    }

    @Test
    void batchingDoc_keepsManyRequestsInFlightWithPredictAsync() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        Path bundle = root.resolve("weather/1.2.0");
        List<Float> rain = new ArrayList<>();
        // tag::batching-async[]
        ExecutorService inference = Executors.newFixedThreadPool(1);  // yours: where predictAsync batches run
        DynamicBatching batching = DynamicBatching.newBuilder().executor(inference).build();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                BatchedModel model = batching.wrap(runtime.open(bundle))) {
            List<CompletableFuture<Map<String, Tensor>>> inFlight = new ArrayList<>();
            for (float celsius = 10f; celsius < 30f; celsius += 0.5f) {  // a stream of readings, none waited for
                Map<String, Tensor> reading = Map.of("features", Tensor.ofFloats(new float[] {celsius, 80f}, 1, 2));
                inFlight.add(model.predictAsync(reading));
            }
            for (CompletableFuture<Map<String, Tensor>> f : inFlight) {  // or f.thenAccept(...), blocking nothing
                rain.add(f.join().get("rain_probability").toFloatArray()[0]);
            }
        } finally {
            inference.shutdown();  // the batcher never shuts down an executor it was given
        }
        // end::batching-async[]
        assertThat(rain).hasSize(40);
        for (int i = 0; i < rain.size(); i++) {
            assertThat(rain.get(i)).as("reading %d", i).isEqualTo(WeatherModels.reference(10f + 0.5f * i, 80f)[0],
                    org.assertj.core.data.Offset.offset(1e-6f));
        }
        assertThat(inference.isShutdown()).isTrue();
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }
}
