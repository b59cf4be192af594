// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.batching.BatchStats;
import dev.mlops.runtime.batching.BatchedModel;
import dev.mlops.runtime.batching.DynamicBatching;
import dev.mlops.runtime.delivery.Delivery;
import dev.mlops.runtime.delivery.RolloutEvent;
import dev.mlops.runtime.delivery.RolloutPhase;
import dev.mlops.runtime.delivery.RolloutPlan;
import dev.mlops.runtime.delivery.RolloutSnapshot;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryWatch;
import dev.mlops.runtime.repository.WatchMode;
import dev.mlops.runtime.serving.ServingModel;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rollout and batching meters on real bundles, a real delivery and a real batched model. */
class DeliveryAndBatchingMetricsTest {
    @TempDir
    Path dir;

    private ModelRuntime runtime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        registry.close();
    }

    private static Map<String, Tensor> x(float... rows) {
        return Map.of("x", Tensor.ofFloats(rows, rows.length / 2, 2));
    }

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    private RequiredSearch rollout(String name) {
        return registry.get(name).tag("model", "weather");
    }

    private double count(String name, String... tags) {
        return rollout(name).tags(tags).functionCounter().count();
    }

    private static int scrape(MeterRegistry r) {
        int n = 0;
        for (Meter m : r.getMeters()) {
            for (var x : m.measure()) {
                x.getValue();
                n++;
            }
        }
        return n;
    }

    private void assertMetersEqual(RolloutSnapshot s, long stableBefore, long candidateBefore) {
        assertThat(count("mlops.rollout.requests", "arm", "stable"))
                .isEqualTo((double) stableBefore + s.arm("stable").requests());
        assertThat(count("mlops.rollout.requests", "arm", "candidate"))
                .isEqualTo((double) candidateBefore + s.arm("candidate").requests());
    }

    @Test
    void shadowRollout_metersEqualTheDeliverySnapshot_andCountsSumOverRolloutsWhilePhaseAndEventsFollow()
            throws Exception {
        Path stable = WeatherBundles.weather(dir.resolve("v1"), "1.0.0");
        Path steeper = WeatherBundles.weather(dir.resolve("v2"), "1.1.0", 3f);
        try (Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable))) {
            MlopsMetrics.empty().withDelivery(d).withSnapshotMaxAge(Duration.ZERO).bindTo(registry);
            assertThat(scrape(registry)).isPositive();
            assertThat(rollout("mlops.rollout.phase").tag("phase", "shadow").gauge().value()).isZero();

            d.start(steeper, RolloutPlan.shadow().rule("shadow_disagreement_rate <= 1").windowCalls(10_000)
                    .shadowQueue(512, 1).build());
            for (int i = 0; i < 40; i++) {
                d.predict(x(20 + i % 5, 50));
            }
            assertThatThrownBy(() -> d.predict(x(100, 50))).isInstanceOf(EnvelopeViolationException.class);
            assertThatThrownBy(() -> d.predict(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))))
                    .isInstanceOf(InvalidInputException.class);
            await("shadow calls", () -> {
                RolloutSnapshot.ShadowStats s = d.snapshot().orElseThrow().shadow();
                return s.submitted() + s.dropped() >= 40
                        && s.compared() + s.failures() + s.timeouts() == s.submitted();
            });
            scrape(registry);

            RolloutSnapshot s = d.snapshot().orElseThrow();
            assertThat(rollout("mlops.rollout.phase").tag("phase", "shadow").gauge().value()).isEqualTo(1);
            assertThat(rollout("mlops.rollout.phase").tag("phase", "canary").gauge().value()).isZero();
            assertMetersEqual(s, 0, 0);
            assertThat(s.shadow().compared()).isPositive();
            assertThat(count("mlops.rollout.shadow.submitted")).isEqualTo(s.shadow().submitted());
            assertThat(count("mlops.rollout.shadow.compared")).isEqualTo(s.shadow().compared());
            assertThat(count("mlops.rollout.shadow.disagreements")).isEqualTo(s.shadow().disagreements())
                    .isEqualTo(s.shadow().compared());
            assertThat(count("mlops.rollout.shadow.timeouts")).isEqualTo(s.shadow().timeouts());
            assertThat(count("mlops.rollout.shadow.failures")).isEqualTo(s.shadow().failures());
            assertThat(count("mlops.rollout.shadow.dropped")).isEqualTo(s.shadow().dropped());
            for (String arm : List.of("stable", "candidate")) {
                RolloutSnapshot.ArmStats a = s.arm(arm);
                assertThat(count("mlops.rollout.envelope.rejections", "arm", arm)).as(arm)
                        .isEqualTo(a.envelopeRejections());
                for (Map.Entry<String, Long> e : a.errorsByType().entrySet()) {
                    assertThat(count("mlops.rollout.errors", "arm", arm, "type", e.getKey()))
                            .as(arm + " " + e.getKey()).isEqualTo(e.getValue().doubleValue());
                }
                assertThat(rollout("mlops.rollout.latency.percentile").tags("arm", arm, "phi", "0.99").gauge()
                        .value()).as(arm).isEqualTo(a.p99Ms().orElseThrow() / 1e3);
            }
            assertThat(s.arm("stable").envelopeRejections()).isEqualTo(1);
            assertThat(count("mlops.rollout.errors", "arm", "stable", "type", "InvalidInputException")).isEqualTo(1);
            assertThat(count("mlops.rollout.started", "phase", "shadow")).isEqualTo(1);

            RolloutEvent.RolledBack back = d.rollback();
            assertThat(back.phase()).isEqualTo(RolloutPhase.SHADOW);
            RolloutSnapshot first = d.snapshot().orElseThrow();
            assertThat(count("mlops.rollout.rolled.back", "phase", "shadow")).isEqualTo(1);
            assertThat(rollout("mlops.rollout.phase").tag("phase", "rolled_back").gauge().value()).isEqualTo(1);
            assertMetersEqual(first, 0, 0);

            // a second rollout starts its own counts from zero; the meters add them to the first one's
            d.start(WeatherBundles.weather(dir.resolve("v3"), "1.2.0"), RolloutPlan.canary(1.0)
                    .rule("error_rate <= 1").windowCalls(10_000).build());
            for (int i = 0; i < 7; i++) {
                d.predict(x(20, 50));
            }
            RolloutSnapshot second = d.snapshot().orElseThrow();
            assertThat(second.arm("candidate").requests()).isEqualTo(7);
            assertMetersEqual(second, first.arm("stable").requests(), first.arm("candidate").requests());
            assertThat(count("mlops.rollout.started", "phase", "canary")).isEqualTo(1);
            assertThat(count("mlops.rollout.shadow.submitted")).isEqualTo(first.shadow().submitted());

            d.promote();
            assertThat(count("mlops.rollout.promoted")).isEqualTo(1);
            assertThat(rollout("mlops.rollout.phase").tag("phase", "baking").gauge().value()).isEqualTo(1);
            d.rollback();
            assertThat(count("mlops.rollout.rolled.back", "phase", "baking")).isEqualTo(1);
            assertThat(count("mlops.rollout.rolled.back", "phase", "shadow")).isEqualTo(1);
            assertThat(count("mlops.rollout.rolled.back", "phase", "canary")).isZero();
        }
    }

    @Test
    void canaryPromotedAndBakedByItsRules_movesThePromotedCompletedAndCheckCounters() throws Exception {
        Path stable = WeatherBundles.weather(dir.resolve("v1"), "1.0.0");
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        try (Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable))) {
            d.addListener(events::add);
            MlopsMetrics.empty().withDelivery(d).withSnapshotMaxAge(Duration.ZERO).bindTo(registry);
            d.start(WeatherBundles.weather(dir.resolve("v2"), "1.1.0"), RolloutPlan.canary(1.0)
                    .rule("error_rate <= 0").windowCalls(10).promoteAfter(1).bakeWindows(2).build());
            for (int i = 0; i < 200 && d.phase().orElseThrow() != RolloutPhase.COMPLETED; i++) {
                d.predict(x(20, 50));
                Thread.sleep(1);
            }
            await("completion", () -> events.stream().anyMatch(RolloutEvent.Completed.class::isInstance));
            assertThat(count("mlops.rollout.promoted")).isEqualTo(1);
            assertThat(count("mlops.rollout.completed")).isEqualTo(1);
            assertThat(count("mlops.rollout.checks", "result", "passed"))
                    .isEqualTo(events.stream().filter(RolloutEvent.CheckPassed.class::isInstance).count())
                    .isGreaterThanOrEqualTo(3);
            assertThat(count("mlops.rollout.checks", "result", "failed")).isZero();
            assertThat(rollout("mlops.rollout.phase").tag("phase", "completed").gauge().value()).isEqualTo(1);
            RolloutSnapshot s = d.snapshot().orElseThrow();
            assertThat(count("mlops.rollout.windows")).isEqualTo(s.windows());
            assertMetersEqual(s, 0, 0);
        }
    }

    @Test
    void candidateAWatchedRepositoryOffersAndTheDeliveryRefuses_countsOnTheRefusedMeter() throws Exception {
        Path root = Files.createDirectories(dir.resolve("models"));
        Path stable = WeatherBundles.weather(root.resolve("weather/1.0.0"), "1.0.0");
        List<RolloutEvent> events = new CopyOnWriteArrayList<>();
        try (ModelRepository repo = ModelRepository.newBuilder(root).watchMode(WatchMode.POLLING)
                        .pollInterval(Duration.ofMillis(50)).debounce(Duration.ofMillis(50)).build();
                Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable))) {
            d.addListener(events::add);
            MlopsMetrics.empty().withDelivery(d).withSnapshotMaxAge(Duration.ZERO).bindTo(registry);
            assertThat(count("mlops.rollout.refused")).isZero();
            try (RepositoryWatch watch = d.follow(repo, RolloutPlan.shadow().rule("error_rate <= 0").build())) {
                assertThat(watch.isRunning()).isTrue();
                Path built = WeatherBundles.failingAdequacy(dir.resolve("built/1.1.0"), "1.1.0");
                Files.move(built, root.resolve("weather/1.1.0"));
                await("the refusal", () -> events.stream().anyMatch(RolloutEvent.Refused.class::isInstance));
            }
            assertThat(count("mlops.rollout.refused")).isEqualTo(1);
            assertThat(count("mlops.rollout.started", "phase", "shadow")).isZero();
            assertThat(events).filteredOn(RolloutEvent.Refused.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((RolloutEvent.Refused) e).reason()).contains("1.1.0"));
            assertThat(d.current().version()).hasToString("1.0.0");
            assertThat(d.phase()).isEmpty();
        }
    }

    @Test
    void batchingMeters_equalTheBatchedModelStats_afterConcurrentCalls() throws Exception {
        try (BatchedModel model = DynamicBatching.defaults()
                .wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            MlopsMetrics.empty().withBatching("weather", model).bindTo(registry);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    calls.add(pool.submit(() -> {
                        for (int i = 0; i < 50; i++) {
                            model.predict(x(20, 50, 21, 51));
                        }
                    }));
                }
                for (Future<?> f : calls) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertThatThrownBy(() -> model.predict(x(Float.NaN, 50))).isInstanceOf(InvalidInputException.class);
            BatchStats s = model.stats();
            assertThat(s.requests()).isEqualTo(400);
            assertThat(s.rows()).isEqualTo(800);
            assertThat(count("mlops.batching.requests")).isEqualTo(s.requests());
            assertThat(count("mlops.batching.rows")).isEqualTo(s.rows());
            assertThat(count("mlops.batching.batches")).isEqualTo(s.batches()).isPositive();
            assertThat(count("mlops.batching.batches.failed")).isEqualTo(s.failedBatches());
            assertThat(count("mlops.batching.rejected", "reason", "invalid_input")).isEqualTo(s.rejectedInputs())
                    .isEqualTo(1);
            assertThat(count("mlops.batching.rejected", "reason", "queue_full")).isEqualTo(s.rejectedQueueFull());
            assertThat(rollout("mlops.batching.batch.rows.max").gauge().value()).isEqualTo(s.largestBatchRows())
                    .isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void empty_registersNothing_andEachDeliveryAddsItsThirtyMetersOnce() {
        MlopsMetrics.empty().bindTo(registry);
        assertThat(registry.getMeters()).isEmpty();
        try (Delivery d = Delivery.of(runtime, ServingModel.serve(runtime,
                WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            MlopsMetrics metrics = MlopsMetrics.empty().withDelivery(d);
            metrics.bindTo(registry);
            metrics.bindTo(registry);
            scrape(registry);
            // 5 phases; per arm: requests, envelope rejections, 2 percentiles; 6 shadow counts; windows; started x2,
            // promoted, completed, rolled back x3, refused, checks x2
            assertThat(registry.getMeters()).hasSize(5 + 2 * 4 + 6 + 1 + 2 + 1 + 1 + 3 + 1 + 2);
            assertThat(rollout("mlops.rollout.latency.percentile").tags("arm", "stable", "phi", "0.5").gauge()
                    .value()).as("no rollout yet").isNaN();
            assertThatThrownBy(() -> metrics.withDelivery(d)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'weather'");
        }
    }

    @Test
    void withBatching_rejectsABlankOrRepeatedName() {
        try (BatchedModel model = DynamicBatching.defaults()
                .wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            MlopsMetrics metrics = MlopsMetrics.empty().withBatching("weather", model);
            assertThatThrownBy(() -> metrics.withBatching(" ", model)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("name");
            assertThatThrownBy(() -> metrics.withBatching("weather", model))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'weather'");
        }
    }
}
