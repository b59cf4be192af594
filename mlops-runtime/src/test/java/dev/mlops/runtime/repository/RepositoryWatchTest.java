// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepositoryWatchTest {
    @TempDir
    Path tmp;

    private final BlockingQueue<RepositoryEvent> events = new LinkedBlockingQueue<>();

    private RepositoryEvent next(Duration timeout) throws InterruptedException {
        RepositoryEvent e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(e).as("an event within " + timeout).isNotNull();
        return e;
    }

    private static long watchThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("mlops-repository-watch")).count();
    }

    private ModelRepository polling(Path root) {
        return ModelRepository.newBuilder(root).watchMode(WatchMode.POLLING).pollInterval(Duration.ofMillis(50))
                .build();
    }

    @Test
    void pollingWatch_reportsABundleBeingCopiedOnlyOnceItIsComplete() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        Path src = RepoBundles.bundle(tmp.resolve("src"), "weather", "1.1.0");
        Path target = root.resolve("weather/1.1.0");

        try (ModelRepository repo = polling(root); RepositoryWatch watch = repo.watch(events::add)) {
            assertThat(watch.mode()).isEqualTo(WatchMode.POLLING);
            assertThat(next(Duration.ofSeconds(10))).isInstanceOfSatisfying(RepositoryEvent.Added.class,
                    a -> assertThat(a.entry().version()).hasToString("1.0.0"));

            RepoBundles.copy(src, target, "manifest.json"); // half copied: every file but the manifest
            assertThat(next(Duration.ofSeconds(10))).isInstanceOfSatisfying(RepositoryEvent.Skipped.class,
                    s -> assertThat(s.skipped().path()).isEqualTo(target));
            Thread.sleep(300); // several polls of the same half-copied bundle
            assertThat(events).as("nothing listed while the copy is incomplete")
                    .noneMatch(e -> e instanceof RepositoryEvent.Added);
            assertThat(repo.entries()).hasSize(1);

            Files.copy(src.resolve("manifest.json"), target.resolve("manifest.json"));
            RepositoryEvent added = next(Duration.ofSeconds(10));
            while (added instanceof RepositoryEvent.Skipped) { // a poll may catch the manifest half written
                added = next(Duration.ofSeconds(10));
            }
            assertThat(added).isInstanceOfSatisfying(RepositoryEvent.Added.class,
                    a -> assertThat(a.entry().path()).isEqualTo(target));
            Thread.sleep(300);
            assertThat(events).as("reported once").isEmpty();
            assertThat(repo.entries()).hasSize(2);
        }
        assertThat(watchThreads()).isZero();
    }

    @Test
    void pollingWatch_reportsARemovedAndAChangedBundle() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Path one = RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        Path two = RepoBundles.bundle(root.resolve("weather/2.0.0"), "weather", "2.0.0");
        try (ModelRepository repo = polling(root); RepositoryWatch watch = repo.watch(events::add)) {
            assertThat(watch.isRunning()).isTrue();
            List<RepositoryEvent> initial = List.of(next(Duration.ofSeconds(10)), next(Duration.ofSeconds(10)));
            assertThat(initial).allMatch(e -> e instanceof RepositoryEvent.Added);
            String before = repo.find("weather", dev.mlops.api.version.ModelVersion.parse("1.0.0")).orElseThrow()
                    .deliveryId();

            deleteTree(two);
            assertThat(next(Duration.ofSeconds(10))).isInstanceOfSatisfying(RepositoryEvent.Removed.class,
                    r -> assertThat(r.entry().path()).isEqualTo(two));

            Files.writeString(one.resolve("README.md"), "release notes");
            dev.mlops.metadata.bundle.Bundles.pack(one); // another complete delivery under the same version
            assertThat(next(Duration.ofSeconds(10))).isInstanceOfSatisfying(RepositoryEvent.Changed.class, c -> {
                assertThat(c.previous().deliveryId()).isEqualTo(before);
                assertThat(c.current().deliveryId()).isNotEqualTo(before);
            });
        }
    }

    @Test
    void watchServiceWatch_reportsAnAddedZipOnceWritten() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        Files.createDirectories(root.resolve("weather"));
        Path zip = root.resolve("weather/1.0.0.zip");
        byte[] whole = RepoBundles.zip(tmp, tmp.resolve("staged.zip"), "weather", "1.0.0");
        // the poll interval is far longer than the test: only file-system events can trigger the rescans
        try (ModelRepository repo = ModelRepository.newBuilder(root).pollInterval(Duration.ofMinutes(10))
                .debounce(Duration.ofMillis(100)).build();
                RepositoryWatch watch = repo.watch(events::add)) {
            assumeTrue(watch.mode() == WatchMode.WATCH_SERVICE, "this file system has no watch service");
            Files.write(zip, java.util.Arrays.copyOf(whole, whole.length / 2));
            assertThat(next(Duration.ofSeconds(30))).isInstanceOfSatisfying(RepositoryEvent.Skipped.class,
                    s -> assertThat(s.skipped().reason()).contains("not a valid zip archive"));
            Files.write(zip, whole);
            RepositoryEvent added = next(Duration.ofSeconds(30));
            while (added instanceof RepositoryEvent.Skipped) { // a rescan may catch the zip half rewritten
                added = next(Duration.ofSeconds(30));
            }
            assertThat(added).isInstanceOfSatisfying(RepositoryEvent.Added.class,
                    a -> assertThat(a.entry().form()).isEqualTo(BundleForm.ZIP));
        }
    }

    @Test
    void close_stopsTheWatchThreadAndLaterScansReportNothing() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        ModelRepository repo = polling(root);
        RepositoryWatch a = repo.watch(events::add);
        RepositoryWatch b = repo.watch(events::add);
        assertThat(a.isRunning()).isTrue();
        assertThat(watchThreads()).isGreaterThanOrEqualTo(2);

        a.close();
        assertThat(a.isRunning()).isFalse();
        assertThat(b.isRunning()).isTrue();
        repo.close();
        assertThat(b.isRunning()).isFalse();
        assertThat(watchThreads()).isZero();

        events.clear();
        RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
        Thread.sleep(300);
        assertThat(events).isEmpty();
    }

    @Test
    void listenerThatThrows_keepsReceivingEvents() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("models"));
        List<RepositoryEvent> seen = new ArrayList<>();
        try (ModelRepository repo = polling(root); RepositoryWatch watch = repo.watch(e -> {
            seen.add(e);
            events.add(e);
            throw new IllegalStateException("listener bug");
        })) {
            RepoBundles.bundle(root.resolve("weather/1.0.0"), "weather", "1.0.0");
            next(Duration.ofSeconds(10));
            RepoBundles.bundle(root.resolve("weather/1.1.0"), "weather", "1.1.0");
            next(Duration.ofSeconds(10));
            assertThat(watch.isRunning()).isTrue();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
