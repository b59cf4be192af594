// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStatus;
import dev.mlops.research.store.RunStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlops run} in-process on a real research project ({@link LineProject}) added with {@code --class-path}, each
 * task one command as a pipeline runs them, recording in a real SQLite store.
 */
class RunCommandTest {
    @TempDir
    Path dir;
    Path config;
    Path project;

    @BeforeEach
    void writeProject() throws Exception {
        config = LineProject.write(dir);
        project = Path.of(Objects.requireNonNull(RunCommandTest.class.getResource("/research-project/")).toURI());
    }

    Cli run(String task, String... more) {
        List<String> args = new ArrayList<>(List.of("run", task, "--config", config.toString(), "--class-path",
                project.toString(), "--store", dir.resolve("runs.db").toString(), "--work-dir",
                dir.resolve("work").toString(), "--trial", "t1"));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void run_fourTasksAsFourCommands_succeedAndTheStoreHasEachRun() {
        for (String task : List.of("train", "evaluate", "export")) {
            Cli r = run(task);
            assertThat(r.code()).as("%s", r).isZero();
            assertThat(r.out()).startsWith("task '" + task + "' succeeded for line__");
        }
        Cli verify = run("verify", "--json");
        assertThat(verify.code()).as("%s", verify).isZero();
        JsonNode report = Output.parse(verify.out());
        assertThat(report.get("ok").asBoolean()).isTrue();
        assertThat(report.get("task").asText()).isEqualTo("verify");
        assertThat(report.get("buildId").asText()).startsWith("line__").endsWith("__t1");
        assertThat(Path.of(report.get("outputDir").asText())).startsWith(dir.resolve("work"));

        try (RunStore store = RunStore.open(RunStore.sqliteUrl(dir.resolve("runs.db")))) {
            List<RunRecord> runs = store.history("line");
            assertThat(runs).extracting(RunRecord::task)
                    .containsExactlyInAnyOrder("train", "evaluate", "export", "verify");
            assertThat(runs).allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED));
            assertThat(runs).filteredOn(r -> r.task().equals("export")).singleElement()
                    .satisfies(r -> assertThat(r.deliveryId()).isPresent());
        }
    }

    @Test
    void run_taskThatFails_exits1WithTheReason_andIsRecordedAsFailed() {
        Cli r = run("evaluate");

        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.err()).contains("task 'evaluate' needs a successful 'train' run").contains("run 'train' first");
        try (RunStore store = RunStore.open(RunStore.sqliteUrl(dir.resolve("runs.db")))) {
            assertThat(store.history("line")).singleElement()
                    .satisfies(x -> assertThat(x.status()).isEqualTo(RunStatus.FAILED));
        }
    }

    @Test
    void run_setOverride_changesTheConfigurationHash_andABadKeyExits2NamingIt() {
        String plain = Output.parse(run("train", "--json").out()).get("configSha256").asText();
        Cli other = run("train", "--json", "--set", "model.version=1.0.1");
        assertThat(other.code()).as("%s", other).isZero();
        assertThat(Output.parse(other.out()).get("configSha256").asText()).isNotEqualTo(plain).hasSize(64);

        Cli bad = run("train", "--set", "model.epochs=3");
        assertThat(bad.code()).as("%s", bad).isEqualTo(2);
        assertThat(bad.err()).contains("model.epochs");
    }

    @Test
    void run_unknownTask_exits2ListingTheTasks() {
        Cli r = run("deploy");

        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no task named 'deploy'; available: evaluate, export, train, verify");
    }

    @Test
    void run_withoutTheProjectOnTheClassPath_exits2SayingHowToAddIt() {
        Cli r = Cli.run("run", "train", "--config", config.toString(), "--work-dir", dir.resolve("w").toString());

        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no research project on the class path").contains("--class-path");
        Cli missing = Cli.run("run", "train", "--config", config.toString(), "--class-path",
                dir.resolve("nothing.jar").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("--class-path: " + dir.resolve("nothing.jar") + " does not exist");
    }

    @Test
    void run_withoutConfig_isAUsageError() {
        Cli r = Cli.run("run", "train");

        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("Missing required option: '--config=FILE'").contains("Usage: mlops run");
    }
}
