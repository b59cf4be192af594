// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.job.Job;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.metadata.Metadata;
import dev.mlops.research.config.CanonicalJson;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import dev.mlops.research.job.BuildInfo;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.job.RunResult;
import dev.mlops.research.job.RunStatus;
import dev.mlops.research.job.TaskNotFoundException;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four standard tasks on a real project (ridge least squares on CSV files), each run by a fresh
 * {@link ResearchRunner} with a freshly loaded configuration, as separate {@code mlops run} processes would, recording
 * in a real SQLite store.
 */
class StandardTasksTest {
    private static final BuildInfo BUILD = new BuildInfo(Optional.of("0123456789abcdef0123456789abcdef01234567"),
            Optional.of("main"), "42", false, Optional.empty());

    @TempDir
    Path dir;
    URLClassLoader jar;
    Path config;
    String store;

    static URLClassLoader jar(String folder) {
        URL url = Objects.requireNonNull(StandardTasksTest.class.getResource("/projects/" + folder + "/"), folder);
        return new URLClassLoader(new URL[] {url}, StandardTasksTest.class.getClassLoader());
    }

    /** {@code rain = 0.02 celsius - 0.01 humidity + 0.5} plus noise. */
    static void writeCsv(Path file, int seed, int rows) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder sb = new StringBuilder("celsius,humidity,rain\n");
        for (int i = 0; i < rows; i++) {
            double c = -5 + 40 * random.nextDouble();
            double h = 10 + 85 * random.nextDouble();
            double rain = 0.02 * c - 0.01 * h + 0.5 + 0.05 * (random.nextDouble() - 0.5);
            sb.append(String.format(Locale.ROOT, "%.3f,%.2f,%.4f%n", c, h, rain));
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    @BeforeEach
    void project() throws IOException {
        jar = jar("one");
        writeCsv(dir.resolve("train.csv"), 7, 120);
        writeCsv(dir.resolve("test.csv"), 8, 40);
        config = Files.writeString(dir.resolve("config.json"), LeastSquaresProject.json(0.001));
        store = RunStore.sqliteUrl(dir.resolve("runs.db"));
    }

    @AfterEach
    void closeJar() throws IOException {
        jar.close();
    }

    /** One "process": a new runner, the configuration loaded again, a job for the trial, one task. */
    RunResult run(String task, String trial, String... sets) {
        ResearchRunner runner = ResearchRunner.newBuilder(jar).store(store).build();
        EffectiveConfig<?> effective = runner.loadConfig(config, new Overrides(Map.of(), List.of(sets)));
        Job job = Jobs.newBuilder(effective).workDir(dir.resolve("work")).buildInfo(BUILD).trial(trial).build();
        return runner.run(task, job);
    }

    @Test
    void trainEvaluateExportVerify_asSeparateRuns_exportVerifiesAndTheStoreHasEveryRun() throws Exception {
        List<RunResult> results = StandardTasks.names().stream().map(t -> run(t, "a")).toList();

        assertThat(results).allSatisfy(r -> assertThat(r.status()).as(r.task() + " " + r.error())
                .isEqualTo(RunStatus.SUCCEEDED));
        Path bundle = results.get(2).outputDir().resolve(StandardTasks.BUNDLE_DIR);
        ModelMetadata meta = Metadata.read(bundle.resolve("metadata.json")).metadata();
        String configSha = results.get(0).configSha256();
        assertThat(meta.name()).isEqualTo("rain-linear");
        assertThat(meta.version().toString()).isEqualTo("1.2.0");
        assertThat(meta.provenance().configSha256()).contains(configSha);
        assertThat(CanonicalJson.sha256(bundle.resolve("config.json"))).isEqualTo(configSha);
        assertThat(meta.buildId()).contains("rain-linear__main__0123456789ab__42__a");
        assertThat(meta.provenance().gitCommit()).contains(BUILD.commit().orElseThrow());
        assertThat(meta.provenance().buildNumber()).hasValue(42);
        assertThat(meta.provenance().trialId()).contains("a");
        assertThat(meta.provenance().datasets()).extracting(d -> d.name() + "=" + d.sha256().orElseThrow())
                .containsExactly("weather-train=" + Stages.sha256(dir.resolve("train.csv")),
                        "weather-test=" + Stages.sha256(dir.resolve("test.csv")));
        assertThat(meta.statistics().orElseThrow().input("x", "humidity")).isPresent();
        assertThat(meta.metrics()).extracting(m -> m.name() + "/" + m.dataset().orElseThrow() + "/"
                + m.split().orElseThrow()).containsExactly("mse/weather-train/train", "mse/weather-test/test");
        assertThat(results.get(1).metrics()).containsOnlyKeys("mse");
        assertThat(results.get(1).metrics().get("mse")).isLessThan(1e-3);

        try (RunStore runs = RunStore.open(store)) {
            List<RunRecord> history = runs.history("rain-linear");
            assertThat(history).extracting(RunRecord::task)
                    .containsExactlyInAnyOrder("train", "evaluate", "export", "verify");
            assertThat(history).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(dev.mlops.research.store.RunStatus.SUCCEEDED);
                assertThat(r.configSha256()).contains(configSha);
                assertThat(r.configJson()).isPresent();
                assertThat(r.buildId()).isEqualTo("rain-linear__main__0123456789ab__42__a");
                assertThat(r.gitBranch()).contains("main");
                assertThat(r.datasets()).isNotEmpty();
            });
            RunRecord export = history.stream().filter(r -> r.task().equals("export")).findFirst().orElseThrow();
            assertThat(export.deliveryId()).hasValueSatisfying(id -> assertThat(id).startsWith("sha256:"));
            assertThat(export.modelVersion()).contains("1.2.0");
            assertThat(export.metrics()).hasSize(2);
            assertThat(export.datasets()).hasSize(2);
        }
    }

    @Test
    void evaluate_withoutTrain_failsNamingTheTaskToRunFirst_andIsRecordedAsFailed() {
        RunResult result = run("evaluate", "a");

        assertThat(result.status()).isEqualTo(RunStatus.FAILED);
        assertThat(result.failure().orElseThrow()).hasCauseInstanceOf(PipelineStateException.class)
                .hasMessageContaining("task 'evaluate' needs a successful 'train' run");
        try (RunStore runs = RunStore.open(store)) {
            assertThat(runs.history("rain-linear")).singleElement().satisfies(r -> {
                assertThat(r.status()).isEqualTo(dev.mlops.research.store.RunStatus.FAILED);
                assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("run 'train' first"));
            });
        }
    }

    @Test
    void evaluate_afterTheTrainingDataChanged_failsNamingTheDatasetAndBothHashes() throws Exception {
        assertThat(run("train", "a").status()).isEqualTo(RunStatus.SUCCEEDED);
        String before = Stages.sha256(dir.resolve("train.csv"));
        writeCsv(dir.resolve("train.csv"), 99, 120);

        RunResult result = run("evaluate", "a");

        assertThat(result.failure().orElseThrow().getCause()).isInstanceOf(DatasetChangedException.class)
                .hasMessageContaining("dataset 'weather-train'")
                .hasMessageContaining(before)
                .hasMessageContaining(Stages.sha256(dir.resolve("train.csv")));
    }

    @Test
    void train_missingDataset_failsNamingTheDatasetSplitAndFile() throws Exception {
        Files.delete(dir.resolve("train.csv"));

        RunResult result = run("train", "a");

        assertThat(result.failure().orElseThrow().getCause()).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("dataset 'weather-train' (split train) not found: "
                        + dir.resolve("train.csv").toAbsolutePath());
    }

    @Test
    void export_withAnotherConfigurationThanTrain_failsSayingTheConfigurationChanged() {
        run("train", "a");
        run("evaluate", "a");

        RunResult result = run("export", "a", "model.ridge=0.5");

        assertThat(result.failure().orElseThrow().getCause()).isInstanceOf(PipelineStateException.class)
                .hasMessageContaining("the configuration changed since");
    }

    @Test
    void verify_worseCandidateThanTheBaselineBundle_failsTheGateNamingMetricValuesAndBound() {
        StandardTasks.names().forEach(t -> run(t, "good"));
        Path baseline = dir.resolve("work/rain-linear__main__0123456789ab__42__good/export/run-1/bundle");
        String[] worse = {"model.ridge=50000", "verify.baselineBundle=" + baseline,
            "verify.rules=[\"mse <= baseline * 1.05\"]"};
        for (String t : List.of("train", "evaluate", "export")) {
            assertThat(run(t, "worse", worse).status()).isEqualTo(RunStatus.SUCCEEDED);
        }

        RunResult verify = run("verify", "worse", worse);

        assertThat(verify.status()).isEqualTo(RunStatus.FAILED);
        Throwable cause = verify.failure().orElseThrow().getCause();
        assertThat(cause).isInstanceOf(GateFailedException.class).hasMessageContaining("mse")
                .hasMessageContaining("bound").hasMessageContaining("baseline");
        GateFailedException gate = (GateFailedException) cause;
        assertThat(gate.result().exitCode()).isEqualTo(1);
    }

    @Test
    void verify_baselineModelInTheStore_passesAnEqualCandidate() {
        StandardTasks.names().forEach(t -> run(t, "first"));
        String[] gated = {"verify.baselineModel=rain-linear", "verify.rules=[\"mse <= baseline * 1.05\"]"};

        List<RunResult> second = StandardTasks.names().stream().map(t -> run(t, "second", gated)).toList();

        assertThat(second).allSatisfy(r -> assertThat(r.status()).as(r.task() + " " + r.error())
                .isEqualTo(RunStatus.SUCCEEDED));
        assertThat(second.get(3).metrics()).containsEntry("gate.checks", 1.0);
    }

    @Test
    void run_unknownTask_listsTheStandardTasks() {
        assertThatThrownBy(() -> run("deploy", "a")).isInstanceOf(TaskNotFoundException.class)
                .hasMessageContaining("evaluate, export, train, verify");
    }

    @Test
    void build_withoutAProject_orWithTwo_isATypedErrorNamingThem() throws IOException {
        assertThatThrownBy(() -> ResearchRunner.newBuilder(StandardTasksTest.class.getClassLoader()).build())
                .isInstanceOf(ProjectNotFoundException.class)
                .hasMessageContaining("META-INF/services/" + ResearchProject.class.getName());
        try (URLClassLoader two = jar("two")) {
            assertThatThrownBy(() -> ResearchRunner.newBuilder(two).build())
                    .isInstanceOf(DuplicateProjectException.class)
                    .hasMessageContaining(LeastSquaresProject.class.getName() + ", "
                            + LeastSquaresProject.Other.class.getName());
        }
    }
}
