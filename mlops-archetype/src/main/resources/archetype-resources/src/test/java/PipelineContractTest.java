// SPDX-License-Identifier: Apache-2.0
package ${package};

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.api.job.Job;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import dev.mlops.research.job.BuildInfo;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.job.RunResult;
import dev.mlops.research.job.RunStatus;
import dev.mlops.research.project.ResearchRunner;
import dev.mlops.research.project.StandardTasks;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import dev.mlops.testkit.BundleContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's contract: {@code train}, {@code evaluate}, {@code export} and {@code verify} run as {@code mlops run}
 * runs them (each task with a fresh runner and the configuration loaded again, runs recorded in a SQLite store), the
 * export passes the testkit's bundle contract, and a second build is gated against the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineContractTest {
    /** A fixed build, so that the test depends on neither git nor the CI's variables. */
    private static final BuildInfo BUILD = new BuildInfo(Optional.of("0123456789abcdef0123456789abcdef01234567"),
            Optional.of("main"), "1", false, Optional.empty());

    Path dir;
    String store;
    List<RunResult> first;
    List<RunResult> second;

    @BeforeAll
    void runThePipelineTwice(@TempDir Path tempDir) {
        dir = tempDir;
        store = RunStore.sqliteUrl(dir.resolve("runs.db"));
        first = pipeline("first");
        second = pipeline("second");
    }

    /** Every standard task once, as separate {@code mlops run} calls would run them. */
    List<RunResult> pipeline(String trial) {
        return StandardTasks.names().stream().map(task -> {
            ResearchRunner runner = ResearchRunner.newBuilder(PipelineContractTest.class.getClassLoader())
                    .store(store).build();
            EffectiveConfig<?> config = runner.loadConfig(Path.of("config.json"), new Overrides(Map.of(), List.of()));
            Job job = Jobs.newBuilder(config).workDir(dir.resolve("work")).buildInfo(BUILD).trial(trial).build();
            return runner.run(task, job);
        }).toList();
    }

    static void assertSucceeded(List<RunResult> runs) {
        assertEquals(StandardTasks.names(), runs.stream().map(RunResult::task).toList());
        for (RunResult r : runs) {
            assertEquals(RunStatus.SUCCEEDED, r.status(), () -> r.task() + ": " + r.error());
        }
    }

    @Test
    void everyStandardTask_succeeds_andIsRecordedInTheStore() {
        assertSucceeded(first);
        try (RunStore runs = RunStore.open(store)) {
            List<String> tasks = runs.history("${modelName}").stream().map(RunRecord::task).toList();
            assertTrue(tasks.containsAll(StandardTasks.names()), () -> "recorded: " + tasks);
        }
    }

    @Test
    void evaluate_measuresTheModelOnTheTestData() {
        // TODO: the bar your model must clear on the test data.
        Double mse = first.get(1).metrics().get("mse");
        assertTrue(mse != null && mse < 0.01, () -> "test mse " + mse + ", expected < 0.01");
    }

    @TestFactory
    Stream<DynamicTest> export_passesTheBundleContract() {
        Path bundle = first.get(2).outputDir().resolve(StandardTasks.BUNDLE_DIR);
        return BundleContract.of(bundle).tests();
    }

    @Test
    void verify_ofASecondBuild_gatesItAgainstTheFirst() {
        assertSucceeded(second);
        assertEquals(1.0, second.get(3).metrics().get("gate.checks"), "gate rules checked against the first build");
    }
}
