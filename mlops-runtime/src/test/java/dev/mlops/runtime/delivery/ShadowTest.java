// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import static dev.mlops.runtime.delivery.DeliveryBundles.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.delivery.DeliveryBundles.Fault;
import dev.mlops.runtime.delivery.DeliveryBundles.Faulty;
import dev.mlops.runtime.serving.ServingModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Shadow traffic on real bundles: the caller's answers never change, and the candidate's faults are counted. */
class ShadowTest {
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

    private static float y(Delivery d, float x) {
        return d.predict(new float[][] {{x}})[0][0];
    }

    @Test
    void shadow_neverChangesWhatACallerReceives_andCountsEveryDisagreementOfACandidateWithOtherWeights()
            throws Exception {
        Path other = DeliveryBundles.linear(dir.resolve("v2"), 3f, "1.1.0");
        try (Delivery d = delivery()) {
            d.start(other, RolloutPlan.shadow().rule("shadow_disagreement_rate <= 0.5").windowCalls(10_000)
                    .shadowQueue(512, 1).build());
            for (int i = 1; i <= 200; i++) {
                assertThat(y(d, i)).as("answer to x=%d", i).isEqualTo(2f * i);
            }
            await("200 shadow calls", () -> {
                RolloutSnapshot.ShadowStats s = d.snapshot().orElseThrow().shadow();
                return s.compared() + s.dropped() == 200;
            });
            RolloutSnapshot snap = d.snapshot().orElseThrow();
            assertThat(snap.phase()).isEqualTo(RolloutPhase.SHADOW);
            assertThat(snap.shadow().dropped()).isZero();
            assertThat(snap.shadow().compared()).isEqualTo(200);
            assertThat(snap.shadow().disagreements()).isEqualTo(200);
            assertThat(snap.arm("stable").requests()).isEqualTo(200);
            assertThat(snap.arm("candidate").requests()).isEqualTo(200);
            assertThat(snap.arm("candidate").version().version()).hasToString("1.1.0");
            assertThat(d.current().version()).hasToString("1.0.0");
        }
    }

    @Test
    void shadow_disagreementRuleRollsTheCandidateBack_withTheWindowValuesInTheEvent() throws Exception {
        Path other = DeliveryBundles.linear(dir.resolve("v2"), 3f, "1.1.0");
        try (Delivery d = delivery()) {
            d.start(other, RolloutPlan.shadow().rule("shadow_disagreement_rate <= 0.01").windowCalls(5)
                    .rollbackAfter(2).build());
            for (int i = 1; i <= 400 && d.phase().orElseThrow() == RolloutPhase.SHADOW; i++) {
                assertThat(y(d, i)).isEqualTo(2f * i);
                Thread.sleep(1);
            }
            await("rollback", () -> events.stream().anyMatch(RolloutEvent.RolledBack.class::isInstance));
            assertThat(d.phase()).contains(RolloutPhase.ROLLED_BACK);
            RolloutEvent.RolledBack back = events.stream().filter(RolloutEvent.RolledBack.class::isInstance)
                    .map(RolloutEvent.RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(back.phase()).isEqualTo(RolloutPhase.SHADOW);
            assertThat(back.reason()).contains("2/2");
            WindowCheck check = back.check().orElseThrow();
            assertThat(check.candidate()).containsEntry(Metric.SHADOW_DISAGREEMENT_RATE, 1.0);
            assertThat(check.results()).singleElement().satisfies(r -> {
                assertThat(r.threshold()).isEqualTo(0.01);
                assertThat(r.passed()).isFalse();
            });
            assertThat(events).filteredOn(RolloutEvent.CheckFailed.class::isInstance).hasSize(2);
            assertThat(y(d, 7f)).isEqualTo(14f);
        }
    }

    @Test
    void shadow_candidateThatHangs_isBoundedByTheTimeout_overloadDropsAndCounts_andCallersAreNotSlowed()
            throws Exception {
        Faulty hanging = new Faulty(runtime.open(DeliveryBundles.linear(dir.resolve("v2"), 2f, "1.1.0")),
                Fault.HANG);
        try (Delivery d = delivery()) {
            d.start(hanging, RolloutPlan.shadow().rule("shadow_timeout_rate <= 0.0").windowCalls(3).rollbackAfter(1)
                    .shadowQueue(2, 1).shadowTimeout(Duration.ofMillis(50)).build());
            long slowest = 0;
            for (int i = 1; i <= 50; i++) {
                long t0 = System.nanoTime();
                assertThat(y(d, i)).isEqualTo(2f * i);
                slowest = Math.max(slowest, System.nanoTime() - t0);
            }
            // a candidate call sleeps 5 s; no caller waited anywhere near that
            assertThat(Duration.ofNanos(slowest)).isLessThan(Duration.ofSeconds(1));
            await("rollback on timeouts", () -> events.stream().anyMatch(RolloutEvent.RolledBack.class::isInstance));
            assertThat(d.phase()).contains(RolloutPhase.ROLLED_BACK);
            RolloutSnapshot snap = d.snapshot().orElseThrow();
            assertThat(snap.shadow().timeouts()).isGreaterThanOrEqualTo(3);
            assertThat(snap.shadow().dropped()).isPositive();
            assertThat(snap.shadow().submitted() + snap.shadow().dropped()).isEqualTo(50);
            assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    RolloutEvent.ShadowOverloaded.class, o -> {
                        assertThat(o.dropped()).isPositive();
                        assertThat(o.queueCapacity()).isEqualTo(2);
                    }));
            RolloutEvent.RolledBack back = events.stream().filter(RolloutEvent.RolledBack.class::isInstance)
                    .map(RolloutEvent.RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(back.check().orElseThrow().candidate()).containsEntry(Metric.SHADOW_TIMEOUT_RATE, 1.0);
        }
    }

    @Test
    void shadow_candidateThatThrows_isCountedByType_neverPropagated_andRolledBackByTheErrorRule() throws Exception {
        Faulty throwing = new Faulty(runtime.open(DeliveryBundles.linear(dir.resolve("v2"), 2f, "1.1.0")),
                Fault.THROW);
        try (Delivery d = delivery()) {
            d.start(throwing, RolloutPlan.shadow().rule("error_rate <= 0.01").windowCalls(10).rollbackAfter(2)
                    .shadowQueue(256, 1).build());
            for (int i = 1; i <= 300 && d.phase().orElseThrow() == RolloutPhase.SHADOW; i++) {
                assertThat(y(d, i)).isEqualTo(2f * i);
            }
            await("rollback on errors", () -> events.stream().anyMatch(RolloutEvent.RolledBack.class::isInstance));
            assertThat(d.phase()).contains(RolloutPhase.ROLLED_BACK);
            RolloutSnapshot snap = d.snapshot().orElseThrow();
            assertThat(snap.shadow().failures()).isGreaterThanOrEqualTo(20);
            assertThat(snap.arm("candidate").errorsByType()).containsOnlyKeys("IllegalStateException");
            assertThat(snap.arm("candidate").errors()).isEqualTo(snap.shadow().failures());
            assertThat(snap.arm("stable").errors()).isZero();
            RolloutEvent.RolledBack back = events.stream().filter(RolloutEvent.RolledBack.class::isInstance)
                    .map(RolloutEvent.RolledBack.class::cast).findFirst().orElseThrow();
            assertThat(back.check().orElseThrow().results()).singleElement().satisfies(r -> {
                assertThat(r.value()).isEqualTo(1.0);
                assertThat(r.rule()).hasToString("error_rate <= 0.01");
            });
        }
    }
}
