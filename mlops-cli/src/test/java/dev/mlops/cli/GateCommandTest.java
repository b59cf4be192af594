// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.research.store.RunStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: {@code mlops gate} against a baseline bundle, a run, or the best run, with real bundles and store. */
class GateCommandTest {
    private static final String AUC = "auc >= baseline - 0.01";
    private static final String LOGLOSS = "logloss <= baseline * 1.05";

    @TempDir
    Path dir;

    @Test
    void gate_aCandidateWithinTheAllowance_passes() throws Exception {
        Path production = RunsFixtures.bundle(dir.resolve("prod"), "rain", 0.85, 0.45);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", 0.845, 0.46);
        Cli r = Cli.run("gate", candidate.toString(), "--baseline", production.toString(), "--rule", AUC, "--rule",
                LOGLOSS);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("gate passed: rain 1.2.0 against rain 1.2.0\n")
                .contains("  ok   auc 0.845 >= bound 0.84 (baseline 0.85 - 0.01)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void gate_aWorseCandidate_exits1NamingTheMetricBothValuesAndTheBound() throws Exception {
        Path production = RunsFixtures.bundle(dir.resolve("prod"), "rain", 0.85, 0.45);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", 0.81, 0.44);
        Cli r = Cli.run("gate", candidate.toString(), "--baseline", production.toString(), "--rule", AUC, "--rule",
                LOGLOSS);
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).startsWith("gate failed: rain 1.2.0 regresses against rain 1.2.0\n")
                .contains("  FAIL auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)")
                .contains("  ok   logloss 0.44 <= bound");
        assertThat(r.err()).isEqualTo("mlops: regression: auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)\n");
    }

    @Test
    void gate_json_reportsEveryCheck() throws Exception {
        Path production = RunsFixtures.bundle(dir.resolve("prod"), "rain", 0.85, 0.45);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", 0.81, 0.44);
        Cli r = Cli.run("gate", candidate.toString(), "--baseline", production.toString(), "--rule", AUC, "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        JsonNode o = Output.parse(r.out());
        assertThat(o.get("ok").asBoolean()).isFalse();
        assertThat(o.get("exitCode").asInt()).isEqualTo(1);
        assertThat(o.get("result").asText()).isEqualTo("regression");
        assertThat(o.get("rules").get(0).asText()).isEqualTo(AUC);
        JsonNode check = o.get("checks").get(0);
        assertThat(check.get("metric").asText()).isEqualTo("auc");
        assertThat(check.get("candidate").asDouble()).isEqualTo(0.81);
        assertThat(check.get("baseline").asDouble()).isEqualTo(0.85);
        assertThat(check.get("bound").asDouble()).isEqualTo(0.84);
        assertThat(check.get("passed").asBoolean()).isFalse();
        assertThat(check.get("datasetSha256").asText()).isEqualTo(RunsFixtures.WEATHER_SHA);
        assertThat(check.get("split").asText()).isEqualTo("test");
        assertThat(o.get("reasons")).isEmpty();
        assertThat(o.get("report").asText()).startsWith("gate failed:");
    }

    @Test
    void gate_onOtherEvaluationData_exits2NotComparable() throws Exception {
        Path production = RunsFixtures.bundle(dir.resolve("prod"), "rain", 0.85, 0.45);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", "1.3.0", Map.of("auc", 0.9),
                Optional.of(RunsFixtures.OTHER_SHA), Optional.empty(), Optional.empty());
        Cli r = Cli.run("gate", candidate.toString(), "--baseline", production.toString(), "--rule", AUC, "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        JsonNode o = Output.parse(r.out());
        assertThat(o.get("result").asText()).isEqualTo("notComparable");
        assertThat(o.get("reasons").get(0).asText()).contains("auc: not measured on the same evaluation data");
        assertThat(r.err()).contains("mlops: the gate cannot compare rain 1.3.0 with rain 1.2.0");
        Cli missing = Cli.run("gate", candidate.toString(), "--baseline", production.toString(), "--rule",
                "f1 >= baseline");
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.out()).contains("f1: candidate rain 1.3.0 has no such metric (it has auc)");
    }

    @Test
    void gate_againstARunInTheStore() throws Exception {
        String store = RunsFixtures.seededStore(dir);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", 0.84, 0.41);
        Cli pass = Cli.run("gate", candidate.toString(), "--baseline-run", "rain-4", "--store", store, "--rule", AUC);
        assertThat(pass.code()).as("%s", pass).isZero();
        assertThat(pass.out()).startsWith("gate passed: rain 1.2.0 against rain 1.0.0 (run rain-4)\n");
        Cli fail = Cli.run("gate", candidate.toString(), "--baseline-run", "rain-2", "--store", store, "--rule", AUC,
                "--json");
        assertThat(fail.code()).as("%s", fail).isEqualTo(1);
        assertThat(Output.parse(fail.out()).get("baselineRunId").asText()).isEqualTo("rain-2");
        Cli unknown = Cli.run("gate", candidate.toString(), "--baseline-run", "ghost", "--store", store, "--rule",
                AUC);
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("no run has the id 'ghost'");
    }

    @Test
    void gate_againstTheBestRun_leavesTheCandidatesOwnExportOut() throws Exception {
        String store = RunsFixtures.seededStore(dir);
        Path candidate = RunsFixtures.bundle(dir.resolve("cand"), "rain", 0.95, 0.30);
        Cli recorded = Cli.run("runs", "record", candidate.toString(), "--store", store);
        assertThat(recorded.code()).as("%s", recorded).isZero();
        Cli r = Cli.run("gate", candidate.toString(), "--baseline-best", "rain", "--store", store, "--rule", AUC,
                "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode o = Output.parse(r.out());
        assertThat(o.get("baselineRunId").asText()).as("rain-2 has the best auc, 0.86").isEqualTo("rain-2");
        assertThat(o.get("checks").get(0).get("baseline").asDouble()).isEqualTo(0.86);
        Path worse = RunsFixtures.bundle(dir.resolve("worse"), "rain", 0.80, 0.30);
        Cli lower = Cli.run("gate", worse.toString(), "--baseline-best", "rain", "--store", store, "--rule",
                "logloss <= baseline", "--rule", AUC);
        assertThat(lower.code()).as("the best by the first rule: logloss 0.30 of the recorded candidate; %s", lower)
                .isEqualTo(1);
        assertThat(lower.out()).contains("FAIL auc 0.8 < bound 0.94 (baseline 0.95 - 0.01)");
        Cli none = Cli.run("gate", worse.toString(), "--baseline-best", "snow", "--store", store, "--rule", AUC);
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--baseline-best snow: no succeeded run of that model measured auc on"
                + " dataset 'weather' split 'test'");
    }

    @Test
    void gate_aMalformedRule_isAUsageErrorQuotingIt() throws Exception {
        Cli r = Cli.run("gate", dir.toString(), "--baseline", dir.toString(), "--rule", "auc => baseline");
        assertThat(r.code()).as("%s", r).isEqualTo(64);
        assertThat(r.err()).contains("Invalid value for option '--rule'").contains("gate rule \"auc => baseline\"")
                .contains("expected >= or <=").endsWith("Try 'mlops gate --help' for more information.\n");
    }

    @Test
    void gate_needsExactlyOneBaseline_andAStoreForARunBaseline() {
        Cli none = Cli.run("gate", dir.toString(), "--rule", AUC);
        assertThat(none.code()).isEqualTo(64);
        assertThat(none.err()).contains("Missing required argument");
        Cli two = Cli.run("gate", dir.toString(), "--baseline", "a", "--baseline-run", "b", "--rule", AUC);
        assertThat(two.code()).isEqualTo(64);
        assertThat(two.err()).contains("mutually exclusive");
        Cli noRule = Cli.run("gate", dir.toString(), "--baseline", "a");
        assertThat(noRule.code()).isEqualTo(64);
        assertThat(noRule.err()).contains("Missing required option: '--rule=RULE'");
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(StoreOptions.ENV) == null,
                "MLOPS_STORE is set in this environment");
        Cli noStore = Cli.run("gate", dir.toString(), "--baseline-run", "x", "--rule", AUC);
        assertThat(noStore.code()).isEqualTo(64);
        assertThat(noStore.err()).contains("--baseline-run and --baseline-best read the run store");
    }

    @Test
    void gate_anInvalidBundle_exits2NamingIt() throws Exception {
        Path production = RunsFixtures.bundle(dir.resolve("prod"), "rain", 0.85, 0.45);
        Path unpacked = Fixtures.linearBundle(dir.resolve("unpacked"));
        Cli r = Cli.run("gate", unpacked.toString(), "--baseline", production.toString(), "--rule", AUC, "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(Output.parse(r.out()).get("error").get("message").asText()).contains("manifest.json");
        Cli missing = Cli.run("gate", production.toString(), "--baseline", dir.resolve("gone").toString(), "--rule",
                AUC);
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("gone").contains("no such file or directory");
        Cli store = Cli.run("gate", production.toString(), "--baseline-run", "x", "--rule", AUC, "--store",
                RunStore.sqliteUrl(dir.resolve("absent.db")));
        assertThat(store.code()).isEqualTo(2);
        assertThat(store.err()).contains("does not exist");
    }
}
