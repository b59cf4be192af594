// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStatus;
import dev.mlops.research.store.RunStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: {@code mlops runs record BUNDLE} records a real bundle's export in a real SQLite store. */
class RunsRecordCommandTest {
    @TempDir
    Path dir;

    private String store() {
        return RunStore.sqliteUrl(dir.resolve("runs.db"));
    }

    @Test
    void record_writesASucceededExportRunWithEverythingTheBundleSays() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("rain"), "rain", 0.86, 0.45);
        String deliveryId = Bundles.open(bundle).deliveryId();
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("recorded: ").endsWith(" export of rain 1.2.0 (" + deliveryId + ")\n");
        try (RunStore s = RunStore.open(store())) {
            List<RunRecord> runs = s.history("rain");
            assertThat(runs).hasSize(1);
            RunRecord run = runs.get(0);
            assertThat(r.out()).contains(run.runId());
            assertThat(run.task()).isEqualTo("export");
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.modelVersion()).contains("1.2.0");
            assertThat(run.deliveryId()).contains(deliveryId);
            assertThat(run.configSha256()).contains(RunsFixtures.configSha());
            assertThat(run.configJson()).contains("{\"model\":{\"hidden\":8},\"train\":{\"epochs\":20,\"seed\":7}}");
            assertThat(run.gitCommit()).contains("abc123def456");
            assertThat(run.gitBranch()).contains("main");
            assertThat(run.buildId()).as("no buildId in the metadata: the template from the provenance")
                    .isEqualTo("rain__main__abc123def456__42__t1");
            assertThat(run.datasets()).singleElement().satisfies(d -> {
                assertThat(d.name()).isEqualTo("weather");
                assertThat(d.sha256()).isEqualTo(RunsFixtures.WEATHER_SHA);
                assertThat(d.version()).contains("v1");
            });
            assertThat(run.metrics()).extracting(m -> m.name() + "=" + m.value() + "@" + m.dataset().orElseThrow()
                    + "/" + m.split().orElseThrow()).containsExactly("auc=0.86@weather/test",
                    "logloss=0.45@weather/test");
        }
    }

    @Test
    void record_json_andATask_andAZipBundle() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("rain"), "rain", 0.8, 0.5);
        Path zip = dir.resolve("rain.zip");
        Bundles.pack(bundle, zip);
        Cli r = Cli.run("runs", "record", zip.toString(), "--store", store(), "--task", "publish", "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode o = Output.parse(r.out());
        assertThat(o.get("ok").asBoolean()).isTrue();
        assertThat(o.get("store").asText()).isEqualTo(store());
        JsonNode run = o.get("run");
        assertThat(run.get("task").asText()).isEqualTo("publish");
        assertThat(run.get("deliveryId").asText()).startsWith("sha256:");
        assertThat(run.get("configSha256").asText()).isEqualTo(RunsFixtures.configSha());
        assertThat(run.get("metrics")).hasSize(2);
        Cli show = Cli.run("runs", "show", run.get("runId").asText(), "--store", store());
        assertThat(show.out()).contains("task:          publish").contains("\"hidden\" : 8");
    }

    @Test
    void record_aBundleWithABuildIdAndWithoutConfigJson_keepsTheBuildIdAndTheConfigHashOnly() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("b"), "rain", "2.0.0", Map.of("auc", 0.9),
                Optional.of(RunsFixtures.WEATHER_SHA), Optional.empty(), Optional.of(RunsFixtures.configSha()));
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store(), "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode run = Output.parse(r.out()).get("run");
        assertThat(run.get("configSha256").asText()).isEqualTo(RunsFixtures.configSha());
        Cli show = Cli.run("runs", "show", run.get("runId").asText(), "--store", store());
        assertThat(show.out()).contains("config:        (only its hash was recorded)");
    }

    @Test
    void record_refusesAnUnpackedBundle_andWritesNothing() throws Exception {
        Path bundle = Fixtures.linearBundle(dir.resolve("unpacked"));
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains(bundle.toString()).contains("manifest.json");
        assertThat(dir.resolve("runs.db")).doesNotExist();
    }

    @Test
    void record_refusesABundleWhoseFileChangedSincePacking() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("rain"), "rain", 0.86, 0.45);
        Files.writeString(bundle.resolve("config.json"), "{\"train\": {\"epochs\": 99}}");
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(Output.parse(r.out()).get("error").get("message").asText()).contains("config.json");
    }

    @Test
    void record_refusesAMissingBundle() {
        Cli r = Cli.run("runs", "record", dir.resolve("nothing").toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no such file or directory");
    }

    @Test
    void record_refusesADatasetWithoutAHash_namingTheJsonPath() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("b"), "rain", "1.0.0", Map.of("auc", 0.9), Optional.empty(),
                Optional.empty(), Optional.empty());
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("metadata.json").contains("provenance.datasets[0] ('weather') has no sha256");
    }

    @Test
    void record_refusesAConfigJsonThatIsNotTheOneTheProvenanceHashes() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("b"), "rain", "1.0.0", Map.of("auc", 0.9),
                Optional.of(RunsFixtures.WEATHER_SHA), Optional.of("{\"train\": {\"epochs\": 21}}"),
                Optional.of(RunsFixtures.configSha()));
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("config.json").contains("provenance.configSha256 says "
                + RunsFixtures.configSha());
    }

    @Test
    void record_refusesAConfigJsonThatIsNotJson() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("b"), "rain", "1.0.0", Map.of("auc", 0.9),
                Optional.of(RunsFixtures.WEATHER_SHA), Optional.of("{\"train\": "), Optional.empty());
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", store());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("config.json").contains("is not one JSON value");
    }

    @Test
    void record_aMalformedTask_isAUsageError() throws Exception {
        Cli r = Cli.run("runs", "record", dir.toString(), "--store", store(), "--task", "no spaces");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("Invalid value for option '--task': 'no spaces'")
                .endsWith("Try 'mlops runs record --help' for more information.\n");
    }

    @Test
    void record_intoAStoreInAMissingDirectory_exits2() throws Exception {
        Path bundle = RunsFixtures.bundle(dir.resolve("rain"), "rain", 0.86, 0.45);
        Cli r = Cli.run("runs", "record", bundle.toString(), "--store", "jdbc:sqlite:" + dir.resolve("no/runs.db"));
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
    }

    @Test
    void record_thePythonMadeExport_keepsItsConfigurationWhoseHashIsTheOnePythonComputed() throws Exception {
        Path export = Path.of("../examples/python-research/export").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(export), "no " + export);
        String provenanceSha = Output.parse(Files.readString(export.resolve("metadata.json"))).get("provenance")
                .get("configSha256").asText();
        Cli r = Cli.run("runs", "record", export.toString(), "--store", store(), "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode run = Output.parse(r.out()).get("run");
        assertThat(run.get("modelName").asText()).isEqualTo("rain-torch");
        assertThat(run.get("configSha256").asText()).isEqualTo(provenanceSha);
        assertThat(run.get("buildId").asText()).startsWith("rain-torch__").endsWith("__unknown__unknown");
        assertThat(run.get("metrics")).hasSize(3);
        try (RunStore s = RunStore.open(store())) {
            assertThat(s.get(run.get("runId").asText()).configJson()).hasValueSatisfying(c -> assertThat(c)
                    .contains("\"epochs\":400"));
        }
    }
}
