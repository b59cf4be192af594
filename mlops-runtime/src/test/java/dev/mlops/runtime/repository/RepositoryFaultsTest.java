// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.MlopsException;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.serving.ServingEvent;
import dev.mlops.runtime.serving.ServingModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository faults of issue 11 seen from a serving handle that follows it: two versions dropped at once, the
 * serving version's bundle deleted or rewritten under the watch, a selection over an empty repository. Each leaves the
 * serving version answering, and nothing behind: no native session, no staged copy.
 */
class RepositoryFaultsTest {
    @TempDir
    Path tmp;

    Path root;
    Path staging;
    long sessionsBefore;
    final List<ServingEvent> events = new CopyOnWriteArrayList<>();
    final List<RepositoryEvent> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(tmp.resolve("models"));
        staging = Files.createDirectories(tmp.resolve("staging"));
        sessionsBefore = ModelRuntime.openSessions();
    }

    @AfterEach
    void nothingLeftBehind() throws IOException {
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
        try (Stream<Path> left = Files.list(staging)) {
            assertThat(left.toList()).as("staged copies left").isEmpty();
        }
    }

    ModelRuntime runtime() {
        return ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).stagingRoot(staging).build();
    }

    ModelRepository repository() {
        return ModelRepository.newBuilder(root).watchMode(WatchMode.POLLING).pollInterval(Duration.ofMillis(50))
                .debounce(Duration.ofMillis(50)).build();
    }

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
    void twoVersionsDroppedAtOnce_endServingTheNewest_withEveryAnswerFromACompleteVersion() throws Exception {
        Path v1 = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        Path a = RepoBundles.bundle(tmp.resolve("built/1.1.0"), "weather", "1.1.0");
        Path b = RepoBundles.bundle(tmp.resolve("built/1.2.0"), "weather", "1.2.0");
        try (ModelRuntime runtime = runtime(); ModelRepository repo = repository();
                ServingModel serving = ServingModel.serve(runtime, v1)) {
            serving.addListener(events::add);
            try (RepositoryWatch watch = serving.follow(repo)) {
                assertThat(watch.isRunning()).isTrue();
                Files.move(a, root.resolve("weather/1.1.0"));
                Files.move(b, root.resolve("weather/1.2.0"));
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (!serving.current().version().toString().equals("1.2.0")) {
                    assertThat(serving.predict(new float[][] {{1f}})).as("answered during the swaps")
                            .isEqualTo(new float[][] {{3f}});
                    assertThat(System.nanoTime()).as("serving 1.2.0 within 30 s").isLessThan(deadline);
                    Thread.sleep(5);
                }
            }
            assertThat(events).allMatch(e -> e instanceof ServingEvent.Swapped);
            assertThat(events).hasSizeBetween(1, 2);
            assertThat(serving.previous()).isPresent();
        }
    }

    @Test
    void servingVersionsBundleDeletedUnderTheWatch_isReportedAndTheVersionKeepsServingFromItsVerifiedCopy()
            throws Exception {
        Path v1 = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        try (ModelRuntime runtime = runtime(); ModelRepository repo = repository();
                ServingModel serving = ServingModel.serve(runtime, v1);
                RepositoryWatch follow = serving.follow(repo); RepositoryWatch watch = repo.watch(seen::add)) {
            assertThat(follow.isRunning() && watch.isRunning()).isTrue();
            deleteTree(v1);
            await("the removal", () -> seen.stream().anyMatch(e -> e instanceof RepositoryEvent.Removed));
            assertThat(serving.current().version()).hasToString("1.0.0");
            assertThat(serving.predict(new float[][] {{2f}})).isEqualTo(new float[][] {{5f}});
            assertThat(events).isEmpty();
        }
    }

    @Test
    void servingVersionsBundleRewrittenUnderTheWatch_isSkippedNamingTheFile_andTheVerifiedCopyKeepsServing()
            throws Exception {
        Path v1 = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        try (ModelRuntime runtime = runtime(); ModelRepository repo = repository();
                ServingModel serving = ServingModel.serve(runtime, v1);
                RepositoryWatch follow = serving.follow(repo); RepositoryWatch watch = repo.watch(seen::add)) {
            assertThat(follow.isRunning() && watch.isRunning()).isTrue();
            byte[] model = Files.readAllBytes(v1.resolve("model.onnx"));
            model[model.length - 1] ^= 1; // flipped after packing: the manifest no longer verifies
            Files.write(v1.resolve("model.onnx"), model);
            await("the skip", () -> seen.stream().anyMatch(e -> e instanceof RepositoryEvent.Skipped));
            assertThat(repo.skipped()).singleElement().satisfies(s -> assertThat(s.reason()).contains("model.onnx"));
            assertThat(serving.current().version()).hasToString("1.0.0");
            assertThat(serving.predict(new float[][] {{2f}})).isEqualTo(new float[][] {{5f}});
            assertThat(events).isEmpty();
        }
    }

    @Test
    void selectionOverAnEmptyRepository_failsSayingItIsEmpty() {
        try (ModelRuntime runtime = runtime(); ModelRepository repo = repository()) {
            assertThatThrownBy(() -> repo.load("weather", VersionPolicy.latest(), runtime))
                    .isInstanceOf(MlopsException.class).hasMessageContaining("weather")
                    .hasMessageContaining(root.toString());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
