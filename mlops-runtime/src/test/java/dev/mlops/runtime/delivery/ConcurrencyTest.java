// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.serving.ServingModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Races on one delivery handle: one decision wins, the other gets a typed error, nothing is half-switched. */
class ConcurrencyTest {
    @TempDir
    Path dir;

    private long sessionsBefore;
    private ModelRuntime runtime;
    private Path stable;
    private Path v2;
    private Path v3;

    @BeforeEach
    void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        stable = DeliveryBundles.linear(dir.resolve("v1"), 2f, "1.0.0");
        v2 = DeliveryBundles.linear(dir.resolve("v2"), 3f, "1.1.0");
        v3 = DeliveryBundles.linear(dir.resolve("v3"), 4f, "1.2.0");
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    private static RolloutPlan plan() {
        return RolloutPlan.canary(0.5).rule("error_rate <= 0.01").windowCalls(100_000).build();
    }

    /** Runs two tasks released at once; returns what each returned or threw. */
    private static List<Object> race(Callable<?> a, Callable<?> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Object>> fs = new ArrayList<>();
            for (Callable<?> c : List.of(a, b)) {
                fs.add(pool.submit(() -> {
                    go.await();
                    try {
                        return c.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            go.countDown();
            List<Object> out = new ArrayList<>();
            for (Future<Object> f : fs) {
                out.add(f.get(10, TimeUnit.SECONDS));
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoRolloutsStartedAtOnce_oneWins_theOtherIsRefusedWithATypedError_andItsCandidateClosed() throws Exception {
        try (Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable))) {
            List<Object> outcomes = race(() -> d.start(v2, plan()), () -> d.start(v3, plan()));
            assertThat(outcomes).filteredOn(RolloutEvent.Started.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(RolloutStateException.class::isInstance).singleElement()
                    .satisfies(e -> assertThat(((RolloutStateException) e).getMessage())
                            .contains("is in phase CANARY"));
            assertThat(d.current().version()).hasToString("1.0.0");
        }
    }

    @Test
    void promoteRacingRollback_eachOutcomeIsWhole_andTheServingVersionIsNeverHalfSwitched() throws Exception {
        AtomicInteger promoteWon = new AtomicInteger();
        AtomicInteger rollbackWon = new AtomicInteger();
        try (Delivery d = Delivery.of(runtime, ServingModel.serve(runtime, stable))) {
            List<RolloutEvent> events = new CopyOnWriteArrayList<>();
            d.addListener(events::add);
            AtomicBoolean stop = new AtomicBoolean();
            List<Throwable> callerFailures = new CopyOnWriteArrayList<>();
            Thread caller = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        float y = d.predict(new float[][] {{1f}})[0][0];
                        if (y != 2f && y != 3f) {
                            callerFailures.add(new AssertionError("answer " + y));
                        }
                    } catch (RuntimeException e) {
                        callerFailures.add(e);
                    }
                }
            });
            caller.start();
            for (int round = 0; round < 8; round++) {
                d.start(v2, plan());
                List<Object> outcomes = race(d::promote, d::rollback);
                Object promote = outcomes.get(0);
                Object rollback = outcomes.get(1);
                // the rollback always ends the rollout: before promotion it drops the candidate, after it the serving
                // handle rolls back; a promotion that comes second is refused
                assertThat(rollback).isInstanceOf(RolloutEvent.RolledBack.class);
                if (promote instanceof RolloutEvent.Promoted) {
                    assertThat(((RolloutEvent.RolledBack) rollback).phase()).isEqualTo(RolloutPhase.BAKING);
                    promoteWon.incrementAndGet();
                } else {
                    assertThat(promote).isInstanceOf(RolloutStateException.class);
                    assertThat(((RolloutStateException) promote).phase()).isEqualTo(RolloutPhase.ROLLED_BACK);
                    rollbackWon.incrementAndGet();
                }
                assertThat(d.phase()).contains(RolloutPhase.ROLLED_BACK);
                assertThat(d.current().version()).hasToString("1.0.0");
                assertThat(d.predict(new float[][] {{1f}})[0][0]).isEqualTo(2f);
            }
            stop.set(true);
            caller.join(5_000);
            assertThat(callerFailures).isEmpty();
            assertThat(promoteWon.get() + rollbackWon.get()).isEqualTo(8);
            assertThat(events).filteredOn(RolloutEvent.RolledBack.class::isInstance).hasSize(8);
        }
    }
}
