// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Staged copies do not outlive their process: deleted on SIGTERM, reclaimed after SIGKILL (issue 8). */
@Timeout(120)
class StagingCleanupTest {
    @TempDir
    Path tmp;

    /** A child JVM that staged a bundle, and its staging directory. */
    private record Child(Process process, Path staged) {
    }

    private Child stageInChild(Path stagingRoot, Path bundle) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "-cp", cp, StagingChild.class.getName(), stagingRoot.toString(),
                bundle.toString())
                .redirectError(tmp.resolve("child-" + System.nanoTime() + ".err").toFile())
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the child's first line (its stderr is under %s)", tmp).startsWith("STAGED ");
        Path staged = Path.of(line.substring("STAGED ".length()));
        assertThat(staged).isDirectory();
        return new Child(p, staged);
    }

    private static Path lockOf(Path staged) {
        return staged.resolveSibling(staged.getFileName() + StagingDir.LOCK_SUFFIX);
    }

    @Test
    void sigterm_deletesTheStagedCopiesOfBundlesNotClosed() throws Exception {
        Path bundle = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(bundle);
        Path root = tmp.resolve("staging");
        Child child = stageInChild(root, bundle);
        assertThat(lockOf(child.staged())).isRegularFile();

        child.process().destroy(); // SIGTERM: shutdown hooks run
        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(child.staged()).doesNotExist();
        assertThat(lockOf(child.staged())).doesNotExist();
        assertThat(Fixtures.everything(root)).isEmpty();
    }

    @Test
    void sigkill_leavesTheStagedCopy_theNextProcessToStageThereReclaimsIt() throws Exception {
        Path bundle = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(bundle);
        Path root = tmp.resolve("staging");
        Child child = stageInChild(root, bundle);

        StagingDir.reclaim(root); // the child is alive: its lock is held, nothing is touched
        assertThat(child.staged()).isDirectory();

        child.process().destroyForcibly(); // SIGKILL: no hook runs
        assertThat(child.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.staged()).isDirectory();
        assertThat(lockOf(child.staged())).isRegularFile();

        Path legacy = Files.createDirectories(root.resolve("mlops-bundle-1234")); // 0.1.0's name, no lock: kept
        Path foreign = Files.createDirectories(root.resolve("someone-else"));
        Path foreignLock = Files.writeString(root.resolve("mlops-bundle-notours.lock"), "");
        try (Bundle b = BundleReader.newBuilder().stagingRoot(root).build().open(bundle)) {
            assertThat(child.staged()).doesNotExist();
            assertThat(lockOf(child.staged())).doesNotExist();
            assertThat(b.root()).isDirectory();
            assertThat(legacy).isDirectory();
            assertThat(foreign).isDirectory();
            assertThat(foreignLock).isRegularFile();
        }
    }

    @Test
    void reclaim_neverTouchesTheLiveStagedCopiesOfThisProcess() throws IOException {
        Path bundle = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(bundle);
        Path root = tmp.resolve("staging");
        BundleReader reader = BundleReader.newBuilder().stagingRoot(root).build();
        Bundle first = reader.open(bundle);
        try (Bundle second = reader.open(bundle)) {
            StagingDir.reclaim(root.toAbsolutePath());
            StagingDir.reclaim(root.toAbsolutePath());
            assertThat(first.resolve("model.onnx")).isRegularFile();
            assertThat(second.resolve("model.onnx")).isRegularFile();
            assertThat(lockOf(first.root())).isRegularFile();
            first.close();
            assertThat(first.root()).doesNotExist();
            assertThat(lockOf(first.root())).doesNotExist();
            assertThat(second.root()).isDirectory();
        }
        assertThat(Fixtures.everything(root)).isEmpty();
    }

    @Test
    void close_isSafeConcurrentlyFromManyThreads() throws Exception {
        Path bundle = Fixtures.bundleDir(tmp.resolve("b"));
        Bundles.pack(bundle);
        Path root = tmp.resolve("staging");
        Bundle b = BundleReader.newBuilder().stagingRoot(root).build().open(bundle);
        List<Thread> threads = new java.util.ArrayList<>();
        // an exception in a plain thread goes to its uncaught-exception handler, not to the test: collect it
        List<Throwable> thrown = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    b.close();
                } catch (Throwable e) {
                    thrown.add(e);
                }
            });
            threads.add(t);
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(thrown).as("exceptions thrown by a concurrent close").isEmpty();
        assertThat(b.toString()).contains("closed");
        assertThat(Fixtures.everything(root)).isEmpty();
    }
}
