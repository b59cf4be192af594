// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import static dev.mlops.runtime.delivery.DeliveryBundles.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.delivery.DeliveryBundles.Fault;
import dev.mlops.runtime.delivery.DeliveryBundles.Faulty;
import dev.mlops.runtime.serving.ServingModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canary traffic, promotion by rule, bake and automatic rollback, on real bundles. */
class CanaryTest {
    @TempDir
    Path dir;

    private long sessionsBefore;
    private ModelRuntime runtime;
    private Path stable;
    private final List<RolloutEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        stable = DeliveryBundles.linear(dir.resolve("v1"), 2f, "1.0.0");
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    private Delivery delivery() {
        Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable));
        d.addListener(events::add);
        return d;
    }

    private static float y(Delivery d, String key, float x) {
        Map<String, Tensor> out = d.predict(key, Map.of("x", Tensor.ofMatrix(new float[][] {{x}})));
        return out.get("y").toMatrix()[0][0];
    }

    @Test
    void canary_honoursItsWeightWithAFixedSeed_andKeepsEachKeyOnOneArm() {
        Path other = DeliveryBundles.linear(dir.resolve("v2"), 3f, "1.1.0");
        try (Delivery d = delivery()) {
            d.start(other, RolloutPlan.canary(0.2).rule("error_rate <= 0.01").windowCalls(100_000).seed(42).build());
            int candidate = 0;
            for (int i = 0; i < 1000; i++) {
                float y = d.predict(new float[][] {{1f}})[0][0];
                assertThat(y).isIn(2f, 3f);
                candidate += y == 3f ? 1 : 0;
            }
            // binomial(1000, 0.2): mean 200, standard deviation 12.6; 4 deviations either side
            assertThat(candidate).isBetween(200 - 51, 200 + 51);

            int keysOnCandidate = 0;
            for (int k = 0; k < 300; k++) {
                String key = "user-" + k;
                float first = y(d, key, 1f);
                for (int again = 0; again < 2; again++) {
                    assertThat(y(d, key, 1f)).as("key %s stays on its arm", key).isEqualTo(first);
                }
                keysOnCandidate += first == 3f ? 1 : 0;
            }
            // binomial(300, 0.2): mean 60, standard deviation 6.9
            assertThat(keysOnCandidate).isBetween(60 - 28, 60 + 28);
            RolloutSnapshot snap = d.snapshot().orElseThrow();
            assertThat(snap.arm("candidate").requests()).isEqualTo(candidate + 3L * keysOnCandidate);
            assertThat(snap.arm("stable").requests() + snap.arm("candidate").requests()).isEqualTo(1900);
            assertThat(snap.arm("candidate").p99Ms()).isPresent();
            assertThat(Delivery.keyUnit("user-7", 42)).isEqualTo(Delivery.keyUnit("user-7", 42));
        }
    }

    @Test
    void promotion_afterKConsecutivePassingWindows_thenBakeRollsBackWhenTheErrorRateRises() throws Exception {
        Faulty candidate = new Faulty(runtime.open(DeliveryBundles.linear(dir.resolve("v2"), 2f, "1.1.0")),
                Fault.NONE);
        try (Delivery d = delivery()) {
            // the candidate breaks as soon as it is promoted
            d.addListener(e -> {
                if (e instanceof RolloutEvent.Promoted) {
                    candidate.fault = Fault.THROW;
                }
            });
            d.start(candidate, RolloutPlan.canary(0.5).rule("error_rate <= 0.1")
                    .rule("p99_latency_ms <= stable * 50").windowCalls(20).promoteAfter(2).rollbackAfter(2)
                    .bakeWindows(5).build());
            int errors = 0;
            for (int i = 0; i < 5000 && d.phase().orElseThrow() != RolloutPhase.ROLLED_BACK; i++) {
                try {
                    assertThat(d.predict(new float[][] {{i}})[0][0]).isEqualTo(2f * i);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessage("candidate broke on purpose");
                    errors++;
                }
                if (i % 50 == 0) {
                    Thread.sleep(1); // let the check thread run
                }
            }
            await("rolled back", () -> events.stream().anyMatch(RolloutEvent.RolledBack.class::isInstance));
            assertThat(d.phase()).contains(RolloutPhase.ROLLED_BACK);

            List<RolloutEvent> decisions = events.stream().filter(e -> !(e instanceof RolloutEvent.Started)).toList();
            RolloutEvent.CheckPassed second = (RolloutEvent.CheckPassed) decisions.get(1);
            assertThat(((RolloutEvent.CheckPassed) decisions.get(0)).consecutive()).isEqualTo(1);
            assertThat(second.consecutive()).isEqualTo(2);
            assertThat(second.required()).isEqualTo(2);
            assertThat(second.check().phase()).isEqualTo(RolloutPhase.CANARY);
            assertThat(second.check().results()).hasSize(2).allMatch(RuleResult::passed);
            RolloutEvent.Promoted promoted = (RolloutEvent.Promoted) decisions.get(2);
            assertThat(promoted.to().version()).hasToString("1.1.0");
            assertThat(promoted.reason()).isEqualTo("consecutive passing windows 2/2");

            RolloutEvent.RolledBack back = events.stream().filter(RolloutEvent.RolledBack.class::isInstance)
                    .map(RolloutEvent.RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(back.phase()).isEqualTo(RolloutPhase.BAKING);
            assertThat(back.serving().version()).hasToString("1.0.0");
            WindowCheck failed = back.check().orElseThrow();
            assertThat(failed.phase()).isEqualTo(RolloutPhase.BAKING);
            assertThat(failed.candidate().get(Metric.ERROR_RATE)).isGreaterThan(0.1);
            assertThat(failed.stable()).containsKey(Metric.P99_LATENCY_MS); // the last trial window's baseline
            assertThat(events).filteredOn(RolloutEvent.CheckFailed.class::isInstance).hasSize(2);
            assertThat(errors).isPositive();

            assertThat(d.current().version()).hasToString("1.0.0");
            assertThat(d.predict(new float[][] {{4f}})[0][0]).isEqualTo(8f);
            assertThatThrownBy(d::rollback).isInstanceOf(RolloutStateException.class)
                    .hasMessageContaining("already ROLLED_BACK");
        }
    }

    @Test
    void bake_completesAfterItsPassingWindows_andTheCandidateKeepsServing() throws Exception {
        Path other = DeliveryBundles.linear(dir.resolve("v2"), 2f, "1.1.0");
        try (Delivery d = delivery()) {
            d.start(other, RolloutPlan.canary(1.0).rule("error_rate <= 0").windowCalls(10).promoteAfter(1)
                    .bakeWindows(2).build());
            for (int i = 0; i < 2000 && d.phase().orElseThrow() != RolloutPhase.COMPLETED; i++) {
                assertThat(d.predict(new float[][] {{i}})[0][0]).isEqualTo(2f * i);
                if (i % 10 == 0) {
                    Thread.sleep(1);
                }
            }
            await("completed", () -> events.stream().anyMatch(RolloutEvent.Completed.class::isInstance));
            assertThat(d.phase()).contains(RolloutPhase.COMPLETED);
            assertThat(events).map(e -> e.getClass().getSimpleName()).containsExactly("Started", "CheckPassed",
                    "Promoted", "CheckPassed", "CheckPassed", "Completed");
            assertThat(d.current().version()).hasToString("1.1.0");
        }
    }

    @Test
    void window_closesOnItsDurationOnceItHasItsMinimumCalls() throws Exception {
        Path other = DeliveryBundles.linear(dir.resolve("v2"), 2f, "1.1.0");
        try (Delivery d = delivery()) {
            d.start(other, RolloutPlan.canary(1.0).rule("error_rate <= 0").windowCalls(10_000)
                    .windowDuration(java.time.Duration.ofMillis(100), 3).promoteAfter(5).build());
            d.predict(new float[][] {{1f}});
            d.predict(new float[][] {{2f}});
            Thread.sleep(300); // two calls: below the minimum, the window stays open
            assertThat(events).filteredOn(RolloutEvent.CheckPassed.class::isInstance).isEmpty();
            d.predict(new float[][] {{3f}});
            await("a check on duration", () -> events.stream().anyMatch(RolloutEvent.CheckPassed.class::isInstance));
            RolloutEvent.CheckPassed passed = events.stream().filter(RolloutEvent.CheckPassed.class::isInstance)
                    .map(RolloutEvent.CheckPassed.class::cast).findFirst().orElseThrow();
            assertThat(passed.check().candidateCalls()).isEqualTo(3);
            assertThat(passed.check().length()).isGreaterThanOrEqualTo(java.time.Duration.ofMillis(100));
        }
    }

    @Test
    void start_refusesACandidateWhoseInputsDiffer_andClosesIt() {
        Path wide = DeliveryBundles.wide(dir.resolve("wide"), 3, "1.1.0");
        try (Delivery d = delivery()) {
            RolloutPlan plan = RolloutPlan.canary(0.5).rule("error_rate <= 0.01").build();
            assertThatThrownBy(() -> d.start(wide, plan)).isInstanceOf(CandidateRefusedException.class)
                    .hasMessageContaining("input x is float32").hasMessageContaining("1.0.0");
            assertThat(d.phase()).isEmpty();
            assertThat(d.predict(new float[][] {{1f}})[0][0]).isEqualTo(2f);
        }
    }

    @Test
    void canary_envelopeRejectionsAreCountedPerArm_andTheirRuleRollsTheCandidateBack() throws Exception {
        Path strict = DeliveryBundles.linearUpTo(dir.resolve("v2"), 2f, "1.1.0", 10);
        try (Delivery d = delivery()) {
            d.start(strict, RolloutPlan.canary(1.0).rule("envelope_rejection_rate <= 0.1").windowCalls(20)
                    .rollbackAfter(2).build());
            int rejected = 0;
            for (int i = 0; i < 40; i++) {
                try {
                    d.predict(new float[][] {{i % 2 == 0 ? 1f : 50f}});
                } catch (EnvelopeViolationException e) {
                    rejected++;
                }
            }
            assertThat(rejected).as("the canary's refusals reach its callers").isEqualTo(20);
            DeliveryBundles.await("rollback on envelope rejections",
                    () -> events.stream().anyMatch(RolloutEvent.RolledBack.class::isInstance));
            RolloutEvent.RolledBack back = events.stream().filter(RolloutEvent.RolledBack.class::isInstance)
                    .map(RolloutEvent.RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(back.check().orElseThrow().candidate()).containsEntry(Metric.ENVELOPE_REJECTION_RATE, 0.5);
            RolloutSnapshot snap = d.snapshot().orElseThrow();
            assertThat(snap.arm("candidate").envelopeRejections()).isEqualTo(20);
            assertThat(snap.arm("stable").envelopeRejections()).isZero();
            assertThat(d.predict(new float[][] {{50f}})).as("the stable version has no such constraint")
                    .isEqualTo(new float[][] {{100f}});
        }
    }
}
