// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the batching tests on real sessions share: a CPU runtime with one intra-op thread per test, a pool for
 * callers, and the check after each test that the pool stopped and every native session the test opened is closed.
 */
abstract class RealRuntimeTest {
    @TempDir
    Path dir;

    ModelRuntime runtime;
    long sessionsBefore;
    final ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void openRuntime() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
    }

    @AfterEach
    void closeRuntime() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions after close").isEqualTo(sessionsBefore);
    }

    /** Opens a packed bundle of {@link BatchBundles#mlp()}. */
    RuntimeModel openMlp() {
        return runtime.open(BatchBundles.mlp(dir.resolve("mlp")));
    }
}
