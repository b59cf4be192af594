// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.job.Job;
import dev.mlops.api.job.Task;
import dev.mlops.api.job.TaskContext;
import dev.mlops.research.config.ConfigLoader;
import dev.mlops.research.config.Overrides;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {
    @TempDir
    Path dir;
    URLClassLoader jar;
    JobRunner runner;

    @BeforeEach
    void discoverTasks() {
        jar = TaskRegistryTest.jar("standard");
        runner = JobRunner.of(TaskRegistry.discover(jar));
    }

    @AfterEach
    void closeJar() throws Exception {
        jar.close();
    }

    Job job(String... sets) {
        return Jobs.newBuilder(ConfigLoader.of(JobTestConfig.class)
                        .parse(JobTestConfig.JSON, "config.json", Overrides.sets(sets)))
                .workDir(dir.resolve("work"))
                .buildInfo(new BuildInfo(Optional.of("0123456789abcdef"), Optional.of("main"), "local", false,
                        Optional.empty()))
                .build();
    }

    @Test
    void run_givesTheTaskAFreshDirectoryUnderTheBuild_andReturnsWhatARunRecordNeeds() throws Exception {
        Job job = job();

        RunResult result = runner.run("fit", job);

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.failure()).isEmpty();
        assertThat(result.error()).isEmpty();
        assertThat(result.outputDir()).isEqualTo(dir.resolve("work").toAbsolutePath()
                .resolve("weather__main__0123456789ab__local__7").resolve("fit").resolve("run-1"));
        assertThat(result.outputDir().resolve("model.txt")).hasContent("epochs=3");
        assertThat(result.metrics()).containsExactly(Map.entry("loss", 1.0 / 3));
        assertThat(result.task()).isEqualTo("fit");
        assertThat(result.modelName()).isEqualTo("weather");
        assertThat(result.buildId()).isEqualTo(job.buildId());
        assertThat(result.configSha256()).isEqualTo(job.config().sha256());
        assertThat(result.commit()).contains("0123456789abcdef");
        assertThat(result.endedAt()).isAfterOrEqualTo(result.startedAt());
        JsonNode record = JsonMapper.builder().build().readTree(result.outputDir().resolve("mlops-run.json").toFile());
        assertThat(record.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(record.get("metrics").get("loss").asDouble()).isEqualTo(1.0 / 3);
        assertThat(record.get("configSha256").asText()).isEqualTo(job.config().sha256());
    }

    @Test
    void twoRunsOfOneTask_getDistinctDirectories_andNeverWriteOverEachOther() {
        RunResult first = runner.run("fit", job());
        RunResult second = runner.run("fit", job("train.epochs=5"));

        assertThat(first.outputDir()).isNotEqualTo(second.outputDir());
        assertThat(second.outputDir().getFileName()).hasToString("run-2");
        assertThat(first.outputDir().resolve("model.txt")).hasContent("epochs=3");
        assertThat(second.outputDir().resolve("model.txt")).hasContent("epochs=5");
    }

    @Test
    void concurrentRuns_eachGetTheirOwnDirectory() throws Exception {
        Job job = job();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RunResult>> runs = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                runs.add(pool.submit(() -> runner.run("count-rows", job)));
            }
            Set<Path> dirs = new HashSet<>();
            for (Future<RunResult> r : runs) {
                dirs.add(r.get().outputDir());
            }
            assertThat(dirs).hasSize(12);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskFindsTheLatestSuccessfulRunOfAnotherTaskOfTheSameBuild() throws Exception {
        RunResult good = runner.run("fit", job());
        RunResult failed = runner.run("fit", job("train.fail=true"));
        assertThat(failed.status()).isEqualTo(RunStatus.FAILED);

        RunResult evaluated = runner.run("score", job());

        assertThat(evaluated.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(evaluated.outputDir().resolve("evaluated-from.txt")).hasContent(good.outputDir().toString());
        assertThat(evaluated.metrics()).containsExactly(Map.entry("accuracy", 0.75), Map.entry("epochs", 3.0));
    }

    @Test
    void aTaskWithoutTheOutputItNeeds_failsNamingWhatIsMissing() {
        RunResult evaluated = runner.run("score", job());

        assertThat(evaluated.status()).isEqualTo(RunStatus.FAILED);
        assertThat(evaluated.error()).hasValueSatisfying(e -> assertThat(e).contains("fit has not run"));
    }

    @Test
    void aTaskThatThrows_isReportedFailed_withTheExceptionWrappedNamingTheTask() throws Exception {
        Job job = job("train.fail=true");

        RunResult result = runner.run("fit", job);

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure()).hasValueSatisfying(f -> {
            assertThat(f.task()).isEqualTo("fit");
            assertThat(f).hasMessageStartingWith("task 'fit' failed for " + job.buildId())
                    .hasRootCauseInstanceOf(java.io.IOException.class)
                    .hasRootCauseMessage("disk full while writing the model");
        });
        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("disk full"));
        assertThat(result.metrics()).isEmpty();
        JsonNode record = JsonMapper.builder().build().readTree(result.outputDir().resolve("mlops-run.json").toFile());
        assertThat(record.get("status").asText()).isEqualTo("FAILED");
        assertThat(record.get("error").asText()).contains("disk full");
    }

    @Test
    void run_unknownTask_listsTheAvailableOnes_andCreatesNothing() {
        assertThatThrownBy(() -> runner.run("deploy", job()))
                .isInstanceOf(TaskNotFoundException.class)
                .hasMessageContaining("count-rows, evaluate")
                .hasMessageContaining("train");
        assertThat(dir.resolve("work")).doesNotExist();
    }

    @Test
    void aUserDefinedTaskRunsLikeTheStandardOnes() {
        RunResult result = runner.run("count-rows", job());

        assertThat(result.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(result.outputDir().getParent().getFileName()).hasToString("count-rows");
        assertThat(result.metrics()).containsEntry("rows", 3.0);
    }

    @Test
    void reportingAMetricAfterTheRunEnded_orANonFiniteOne_isRefused() {
        TaskContext[] kept = new TaskContext[1];
        Task leaky = new Task() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public void run(TaskContext context) {
                kept[0] = context;
                context.reportMetric("auc", Double.NaN);
            }
        };
        RunResult result = JobRunner.of(TaskRegistry.of(List.of(leaky))).run("leaky", job());

        assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("metric 'auc' is NaN"));
        assertThatThrownBy(() -> kept[0].reportMetric("auc", 0.5)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runDirectoriesOfOtherFilesAreIgnored_numberingContinuesFromTheHighestRun() throws Exception {
        Job job = job();
        Path taskDir = Files.createDirectories(job.buildDir().resolve("fit"));
        Files.createDirectories(taskDir.resolve("run-41"));
        Files.createDirectories(taskDir.resolve("notes"));

        assertThat(runner.run("fit", job).outputDir().getFileName()).hasToString("run-42");
    }
}
