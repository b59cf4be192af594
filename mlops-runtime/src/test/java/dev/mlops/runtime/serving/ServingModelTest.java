// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.IntegrityException;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingModelTest {
    @TempDir
    Path dir;

    private long sessionsBefore;
    private ModelRuntime runtime;
    private Path v1;
    private Path v2;

    @BeforeEach
    void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        v1 = SwapBundles.linear(dir.resolve("v1"), 2f, "1.0.0");
        v2 = SwapBundles.linear(dir.resolve("v2"), 3f, "1.1.0");
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    private static float y(ServingModel serving, float x) {
        return serving.predict(new float[][] {{x}})[0][0];
    }

    @Test
    void swapTo_switchesAnswersToTheNewVersion_andKeepsTheOldAsPrevious() {
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            assertThat(y(serving, 10f)).isEqualTo(21f);
            List<ServingEvent> events = new CopyOnWriteArrayList<>();
            serving.addListener(events::add);

            ServingEvent.Swapped swapped = serving.swapTo(v2);

            assertThat(y(serving, 10f)).isEqualTo(31f);
            assertThat(swapped.from().version()).hasToString("1.0.0");
            assertThat(swapped.to().version()).hasToString("1.1.0");
            assertThat(swapped.to().deliveryId()).startsWith("sha256:").isNotEqualTo(swapped.from().deliveryId());
            assertThat(swapped.source()).isEqualTo(v2.toString());
            assertThat(serving.current()).isEqualTo(swapped.to());
            assertThat(serving.previous()).contains(swapped.from());
            assertThat(serving.metadata().version()).hasToString("1.1.0");
            assertThat(serving.deliveryId()).isEqualTo(swapped.to().deliveryId());
            assertThat(events).containsExactly(swapped);
        }
    }

    @Test
    void swapTo_candidateFailingAdequacy_neverServesARequest_theOldKeepsServing_andAnEventIsRaised() throws Exception {
        Path broken = SwapBundles.failingAdequacy(dir.resolve("broken"), 3f, 5f, "1.2.0");
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            List<ServingEvent> events = new CopyOnWriteArrayList<>();
            serving.addListener(events::add);
            AtomicBoolean stop = new AtomicBoolean();
            List<Float> wrong = new CopyOnWriteArrayList<>();
            ExecutorService load = Executors.newFixedThreadPool(4);
            List<Future<Integer>> callers = new ArrayList<>();
            try {
                for (int t = 0; t < 4; t++) {
                    callers.add(load.submit(() -> {
                        int n = 0;
                        while (!stop.get() || n == 0) {
                            float got = y(serving, n % 100);
                            if (got != 2f * (n % 100) + 1f) {
                                wrong.add(got);
                            }
                            n++;
                        }
                        return n;
                    }));
                }
                for (int i = 0; i < 3; i++) {
                    assertThatThrownBy(() -> serving.swapTo(broken))
                            .isInstanceOf(SwapFailedException.class)
                            .hasCauseInstanceOf(AdequacyFailureException.class)
                            .hasMessageContaining(broken.toString())
                            .hasMessageContaining("linear 1.0.0");
                }
            } finally {
                stop.set(true);
                load.shutdown();
                assertThat(load.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            int calls = 0;
            for (Future<Integer> f : callers) {
                calls += f.get();
            }
            assertThat(calls).isPositive();
            assertThat(wrong).as("answers not from 1.0.0 (y = 2x + 1)").isEmpty();
            assertThat(serving.current().version()).hasToString("1.0.0");
            assertThat(serving.previous()).isEmpty();
            assertThat(events).hasSize(3).allSatisfy(e -> {
                assertThat(e).isInstanceOf(ServingEvent.SwapFailed.class);
                ServingEvent.SwapFailed failed = (ServingEvent.SwapFailed) e;
                assertThat(failed.serving().version()).hasToString("1.0.0");
                assertThat(failed.candidate()).isEqualTo(broken.toString());
                assertThat(failed.cause()).hasCauseInstanceOf(AdequacyFailureException.class);
            });
        }
    }

    @Test
    void swapTo_tamperedBundle_isRefusedNamingTheFile_andTheOldKeepsServing() throws IOException {
        Path tampered = SwapBundles.linear(dir.resolve("tampered"), 3f, "1.2.0");
        Files.write(tampered.resolve("model.onnx"), new byte[] {0}, StandardOpenOption.APPEND);
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            assertThatThrownBy(() -> serving.swapTo(tampered))
                    .isInstanceOf(SwapFailedException.class)
                    .hasCauseInstanceOf(IntegrityException.class)
                    .hasMessageContaining("model.onnx");
            assertThat(y(serving, 1f)).isEqualTo(3f);
        }
    }

    @Test
    void swapTo_candidateWithOtherInputShape_isRefusedListingTheMismatch_andClosed() {
        Path wide = SwapBundles.wide(dir.resolve("wide"), 2, "2.0.0");
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            assertThatThrownBy(() -> serving.swapTo(wide))
                    .isInstanceOf(SwapFailedException.class)
                    .hasMessageContaining("input x is")
                    .hasMessageContaining("output y is")
                    .satisfies(e -> assertThat(((SwapFailedException) e).candidate()).isEqualTo(wide.toString()));
            assertThat(y(serving, 1f)).isEqualTo(3f);
            runtime.evictAll(); // the runtime lets go of its copy: only the refused handle could keep a session now
            assertThat(ModelRuntime.openSessions()).as("sessions: only 1.0.0's").isEqualTo(sessionsBefore + 1);
        }
    }

    @Test
    void swapTo_onAClosedRuntime_isRefusedAndTheOldKeepsServing() {
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            runtime.close();
            assertThatThrownBy(() -> serving.swapTo(v2))
                    .isInstanceOf(SwapFailedException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThat(y(serving, 1f)).isEqualTo(3f);
        }
    }

    @Test
    void rollback_returnsToThePreviousVersion_withoutALoad_andThenHasNoPrevious() {
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            assertThatThrownBy(serving::rollback).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no previous version");
            serving.swapTo(v2);
            runtime.close(); // nothing can be loaded any more: rollback must not need to
            List<ServingEvent> events = new CopyOnWriteArrayList<>();
            serving.addListener(events::add);

            ServingEvent.RolledBack event = serving.rollback();

            assertThat(y(serving, 10f)).isEqualTo(21f);
            assertThat(event.from().version()).hasToString("1.1.0");
            assertThat(event.to().version()).hasToString("1.0.0");
            assertThat(events).containsExactly(event);
            assertThat(serving.previous()).isEmpty();
            assertThat(ModelRuntime.openSessions()).as("1.1.0 closed after the rollback")
                    .isEqualTo(sessionsBefore + 1);
            assertThatThrownBy(serving::rollback).isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void swapTo_aThirdVersion_closesTheOldestAndKeepsOnlyOnePrevious() {
        Path v3 = SwapBundles.linear(dir.resolve("v3"), 4f, "1.2.0");
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            serving.swapTo(v2);
            serving.swapTo(v3);
            runtime.evictAll();
            assertThat(y(serving, 10f)).isEqualTo(41f);
            assertThat(serving.previous().orElseThrow().version()).hasToString("1.1.0");
            assertThat(ModelRuntime.openSessions()).as("1.2.0 serving and 1.1.0 kept for rollback")
                    .isEqualTo(sessionsBefore + 2);
        }
    }

    @Test
    void aListenerThatThrows_doesNotUndoTheSwapNorStopTheOthers() {
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            List<ServingEvent> seen = new ArrayList<>();
            serving.addListener(e -> {
                throw new IllegalStateException("listener bug");
            });
            serving.addListener(seen::add);
            serving.swapTo(v2);
            assertThat(seen).hasSize(1);
            assertThat(y(serving, 1f)).isEqualTo(4f);
        }
    }

    @Test
    void close_isIdempotent_refusesLaterCallsAndSwaps_andClosesBothVersions() {
        ServingModel serving = ServingModel.serve(runtime, v1);
        serving.swapTo(v2);
        serving.close();
        serving.close();
        runtime.evictAll();
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
        assertThatThrownBy(() -> y(serving, 1f)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> serving.swapTo(v1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(serving::rollback).isInstanceOf(IllegalStateException.class);
        assertThat(serving.metadata().version()).as("metadata of the last version served").hasToString("1.1.0");
    }

    @Test
    void swapTo_aLoadedModelOnAClosedHandle_closesTheModel() {
        ServingModel serving = ServingModel.serve(runtime, v1);
        serving.close();
        assertThatThrownBy(() -> serving.swapTo(runtime.open(v2))).isInstanceOf(IllegalStateException.class);
        runtime.evictAll();
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void concurrentSwaps_areSerialized_andLeaveOneConsistentState() throws Exception {
        try (ServingModel serving = ServingModel.serve(runtime, v1)) {
            List<ServingEvent> events = new CopyOnWriteArrayList<>();
            serving.addListener(events::add);
            ExecutorService swappers = Executors.newFixedThreadPool(2);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (Path target : List.of(v1, v2)) {
                    done.add(swappers.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            serving.swapTo(target);
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                swappers.shutdownNow();
            }
            assertThat(events).hasSize(20).allMatch(e -> e instanceof ServingEvent.Swapped);
            for (int i = 1; i < events.size(); i++) { // each swap starts from what the one before installed
                assertThat(((ServingEvent.Swapped) events.get(i)).from())
                        .isEqualTo(((ServingEvent.Swapped) events.get(i - 1)).to());
            }
            ServingEvent.Swapped last = (ServingEvent.Swapped) events.get(19);
            assertThat(serving.current()).isEqualTo(last.to());
            assertThat(y(serving, 10f)).isEqualTo(last.to().version().toString().equals("1.0.0") ? 21f : 31f);
        }
    }
}
