// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.serving.ServingEvent;
import dev.mlops.runtime.serving.ServingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository watch drives hot swaps: a newer complete version is gated and served; a broken one never serves. */
class FollowRepositoryTest {
    @TempDir
    Path tmp;

    private static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void follow_swapsToANewerVersionOnceCompleteAndKeepsServingWhenTheNextFailsAdequacy() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path v1 = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        List<ServingEvent> events = new CopyOnWriteArrayList<>();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
                ModelRepository repo = ModelRepository.newBuilder(root).watchMode(WatchMode.POLLING)
                        .pollInterval(Duration.ofMillis(50)).debounce(Duration.ofMillis(50)).build();
                ServingModel serving = ServingModel.serve(runtime, v1)) {
            serving.addListener(events::add);
            try (RepositoryWatch watch = serving.follow(repo)) {
                assertThat(watch.isRunning()).isTrue();
                // an older version appearing is ignored
                RepoBundles.bundle(root.resolve("weather/0.9.0"), "weather", "0.9.0");
                // a newer one, built beside the repository and moved in whole
                Path staged = RepoBundles.bundle(tmp.resolve("staging/1.1.0"), "weather", "1.1.0");
                Files.move(staged, root.resolve("weather/1.1.0"));
                await("serving 1.1.0", () -> serving.current().version().toString().equals("1.1.0"));
                assertThat(serving.predict(new float[][] {{1f}})).isEqualTo(new float[][] {{3f}});
                // a newer one that fails its adequacy gate: refused, 1.1.0 keeps serving
                Path broken = RepoBundles.bundle(tmp.resolve("staging/1.2.0"), "weather", "1.2.0",
                        UnaryOperator.identity(), true);
                Files.move(broken, root.resolve("weather/1.2.0"));
                await("the refusal of 1.2.0", () -> events.stream().anyMatch(e -> e instanceof ServingEvent.SwapFailed));
                assertThat(serving.current().version()).hasToString("1.1.0");
                assertThat(serving.predict(new float[][] {{2f}})).isEqualTo(new float[][] {{5f}});
            }
            assertThat(events).filteredOn(e -> e instanceof ServingEvent.Swapped).hasSize(1);
        }
        assertThat(ModelRuntime.openSessions()).as("sessions left").isEqualTo(sessionsBefore);
    }
}
