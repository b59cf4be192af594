// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.testkit.console.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two pipelines, in two real processes, write one fresh SQLite file at once: nothing is lost and neither sees
 * "database is locked" (MLflow's SQLite store did, until it enabled WAL and a busy timeout).
 */
class SqliteConcurrencyTest {
    private static final int RUNS = 150;

    @TempDir
    Path dir;

    @Test
    void twoProcessesWritingOneFileLoseNothingAndNeverSeeALockedDatabase() throws Exception {
        String url = RunStore.sqliteUrl(dir.resolve("shared.db"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<ChildJvm.Result> a = pool.submit(() -> ChildJvm.run(ConcurrentWriter.class, List.of("-Xmx128m"),
                    ChildJvm.classPath(), url, "alpha", String.valueOf(RUNS)));
            Future<ChildJvm.Result> b = pool.submit(() -> ChildJvm.run(ConcurrentWriter.class, List.of("-Xmx128m"),
                    ChildJvm.classPath(), url, "beta", String.valueOf(RUNS)));
            for (ChildJvm.Result r : List.of(a.get(), b.get())) {
                assertThat(r.exitCode()).as(r.describe()).isZero();
                assertThat(r.stdout()).as(r.describe()).contains("wrote " + RUNS);
                assertThat(r.stderr().toLowerCase(java.util.Locale.ROOT)).as(r.describe())
                        .doesNotContain("locked").doesNotContain("busy").doesNotContain("error");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(dir.resolve("shared.db-migrate.lock")).as("the lock that serializes creating the schema")
                .doesNotExist();
        try (RunStore store = RunStore.open(url)) {
            for (String model : List.of("alpha", "beta")) {
                List<RunRecord> runs = store.history(model);
                assertThat(runs).hasSize(RUNS);
                assertThat(runs).allSatisfy(r -> {
                    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                    assertThat(r.metrics()).hasSize(2);
                    assertThat(r.datasets()).hasSize(1);
                });
            }
        }
    }
}
