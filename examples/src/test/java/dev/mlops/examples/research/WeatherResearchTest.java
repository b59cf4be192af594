// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.research;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.job.Job;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.research.config.EffectiveConfig;
import dev.mlops.research.config.Overrides;
import dev.mlops.research.job.BuildInfo;
import dev.mlops.research.job.Jobs;
import dev.mlops.research.job.RunResult;
import dev.mlops.research.job.RunStatus;
import dev.mlops.research.project.GateFailedException;
import dev.mlops.research.project.ResearchRunner;
import dev.mlops.research.project.StandardTasks;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import dev.mlops.runtime.ModelRuntime;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java research example end to end: Tribuo's logistic regression on the committed weather CSV, trained, evaluated,
 * exported and verified by the standard tasks (the {@link ResearchRunner} API, and {@code mlops run} in-process),
 * every run recorded in a SQLite store.
 */
class WeatherResearchTest {
    private static final BuildInfo BUILD = new BuildInfo(Optional.of("a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2"),
            Optional.of("main"), "7", false, Optional.empty());

    @TempDir
    Path dir;

    @BeforeAll
    static void quiet() {
        System.setProperty("org.jboss.logging.provider", "slf4j");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    }

    /** The committed configuration, from the repository root or the examples folder. */
    static Path config() {
        for (Path p : List.of(Path.of("examples/java-research/config.json"), Path.of("java-research/config.json"))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new IllegalStateException("run from the repository root or the examples folder");
    }

    RunResult run(Path config, String task, String trial, String... sets) {
        ResearchRunner runner = ResearchRunner.newBuilder(WeatherResearchTest.class.getClassLoader())
                .store(dir.resolve("runs.db").toString()).build();
        EffectiveConfig<?> effective = runner.loadConfig(config, new Overrides(Map.of(), List.of(sets)));
        Job job = Jobs.newBuilder(effective).workDir(dir.resolve("work")).buildInfo(BUILD).trial(trial).build();
        RunResult result = runner.run(task, job);
        return result;
    }

    static ModelMetadata metadata(RunResult export) {
        return Metadata.read(export.outputDir().resolve("bundle/metadata.json")).metadata();
    }

    @Test
    void fourTasks_exportVerifiesInTheRuntime_reloadedModelPredictsAsTribuo_andTheStoreListsEveryRun() {
        List<RunResult> runs = new ArrayList<>();
        for (String task : StandardTasks.names()) {
            RunResult r = run(config(), task, "0");
            assertThat(r.status()).as(task + ": " + r.error()).isEqualTo(RunStatus.SUCCEEDED);
            runs.add(r);
        }
        assertThat(runs.get(1).metrics().get("accuracy")).as("test accuracy").isGreaterThan(0.6);
        Path bundle = runs.get(2).outputDir().resolve("bundle");
        ModelMetadata meta = metadata(runs.get(2));
        assertThat(meta.provenance().framework().orElseThrow().name()).isEqualTo("tribuo");
        assertThat(meta.provenance().datasets()).extracting(d -> d.name()).containsExactly("weather-train",
                "weather-test");
        assertThat(meta.statistics().orElseThrow().input("input", "humidity")).isPresent();

        Tensor rows = Tensor.ofFloats(new float[] {21.6f, 74.1f, 6.9f, 40.3f, 31.5f, 85.2f, 12f, 95f}, 4, 2);
        WeatherRainModel trained = new WeatherRainModel();
        trained.load(runs.get(0).outputDir().resolve("model"));
        WeatherRainModel reloaded = new WeatherRainModel();
        reloaded.load(bundle);
        Tensor tribuo = trained.predict(Map.of("input", rows)).get("output");
        assertThat(reloaded.predict(Map.of("input", rows)).get("output")).isEqualTo(tribuo);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel served = runtime.open(bundle)) {
            float[] onnx = served.predict(Map.of("input", rows)).get("output").toFloatArray();
            float[] expected = tribuo.toFloatArray();
            for (int i = 0; i < onnx.length; i++) {
                assertThat(onnx[i]).as("element " + i).isCloseTo(expected[i],
                        org.assertj.core.api.Assertions.within(1e-5f));
            }
        }

        try (RunStore store = RunStore.open(RunStore.sqliteUrl(dir.resolve("runs.db")))) {
            List<RunRecord> history = store.history("weather-rain");
            assertThat(history).extracting(RunRecord::task)
                    .containsExactlyInAnyOrder("train", "evaluate", "export", "verify");
            assertThat(history).filteredOn(r -> !r.task().equals("verify"))
                    .allSatisfy(r -> assertThat(r.metrics()).isNotEmpty());
            assertThat(history).allSatisfy(r -> assertThat(r.configSha256()).contains(meta.provenance()
                    .configSha256().orElseThrow()));
        }
    }

    @Test
    void configSha256_changesWithOneValue_notWithReformatting() throws Exception {
        Files.copy(config().resolveSibling("../python-research/data/weather.csv").normalize(),
                dir.resolve("weather.csv"));
        ObjectMapper json = new ObjectMapper();
        JsonNode tree = json.readTree(config().toFile());
        ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("data")).put("file", "weather.csv");
        Path plain = Files.writeString(dir.resolve("config.json"), json.writeValueAsString(tree));
        // the same values, keys in another order, other whitespace, numbers spelled otherwise
        Path reformatted = Files.writeString(dir.resolve("reformatted.json"), """
                {
                    "verify": { },
                    "data":  {"testEvery": 5, "file": "weather.csv"},
                    "train": {"seed": 12345, "minibatch": 1.0, "learningRate": 5e-1, "epochs": 30},
                    "model": {"version": "1.0.0", "name": "weather-rain"}
                }
                """);

        String a = exportedConfigSha(plain, "plain");
        String b = exportedConfigSha(reformatted, "reformatted");
        String c = exportedConfigSha(plain, "changed", "train.epochs=31");

        assertThat(b).isEqualTo(a);
        assertThat(c).isNotEqualTo(a).hasSize(64);
    }

    private String exportedConfigSha(Path config, String trial, String... sets) {
        for (String task : List.of("train", "evaluate")) {
            assertThat(run(config, task, trial, sets).status()).isEqualTo(RunStatus.SUCCEEDED);
        }
        RunResult export = run(config, "export", trial, sets);
        assertThat(export.status()).as("%s", export.error()).isEqualTo(RunStatus.SUCCEEDED);
        return metadata(export).provenance().configSha256().orElseThrow();
    }

    @Test
    void verify_worseCandidate_failsTheGateNamingTheMetricBothValuesAndTheBound() {
        StandardTasks.names().forEach(t -> run(config(), t, "good"));
        Path baseline = dir.resolve("work").resolve("weather-rain__main__a1b2c3d4e5f6__7__good/export/run-1/bundle");
        double good = Metadata.read(baseline.resolve("metadata.json")).metadata().metrics().stream()
                .filter(m -> m.name().equals("logloss") && m.split().equals(Optional.of("test")))
                .mapToDouble(Metric::value).findFirst().orElseThrow();
        String[] worse = {"train.epochs=1", "train.learningRate=0.0001", "verify.baselineBundle=" + baseline,
            "verify.rules=[\"logloss <= baseline * 1.05\", \"accuracy >= baseline - 0.02\"]"};
        for (String task : List.of("train", "evaluate", "export")) {
            assertThat(run(config(), task, "worse", worse).status()).isEqualTo(RunStatus.SUCCEEDED);
        }

        RunResult verify = run(config(), "verify", "worse", worse);

        assertThat(verify.status()).isEqualTo(RunStatus.FAILED);
        Throwable cause = verify.failure().orElseThrow().getCause();
        assertThat(cause).isInstanceOf(GateFailedException.class);
        assertThat(cause.getMessage()).contains("logloss").contains("bound").contains(String.valueOf(good)
                .substring(0, 5));
        assertThat(((GateFailedException) cause).result().exitCode()).isEqualTo(1);
    }

    @Test
    void mlopsRun_inProcess_runsTheFourTasksAndRecordsThem() {
        String store = dir.resolve("cli-runs.db").toString();
        for (String task : StandardTasks.names()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = dev.mlops.cli.Main.run(new String[] {"run", task, "--config", config().toString(),
                "--store", store, "--work-dir", dir.resolve("cli-work").toString(), "--trial", "cli"},
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(task + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("task '" + task + "' succeeded");
        }
        try (RunStore runs = RunStore.open(RunStore.sqliteUrl(Path.of(store)))) {
            assertThat(runs.history("weather-rain")).hasSize(4);
        }
    }
}
