// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10: {@code mlops runs list|show|compare|best} over a real SQLite store. */
class RunsCommandTest {
    @TempDir
    Path dir;

    String store;

    @BeforeEach
    void seed() {
        store = RunsFixtures.seededStore(dir);
    }

    private static JsonNode json(Cli r) {
        return Output.parse(r.out());
    }

    private static List<String> runIds(JsonNode runs) {
        List<String> ids = new ArrayList<>();
        runs.forEach(r -> ids.add(r.get("runId").asText()));
        return ids;
    }

    @Test
    void list_showsEveryModelsHistoryNewestFirstWithTaskStatusConfigHashAndMetrics() {
        Cli r = Cli.run("runs", "list", "--store", store);
        assertThat(r.code()).as("%s", r).isZero();
        String out = r.out();
        assertThat(out).contains("rain: 4 runs, newest first").contains("wind: 1 run, newest first");
        assertThat(out.indexOf("rain-4")).isLessThan(out.indexOf("rain-3")).isLessThan(out.indexOf("rain-1"));
        assertThat(out).contains("rain-2  2026-03-02T10:00:00Z  evaluate  succeeded  version 1.0.0  config "
                + RunsFixtures.configSha().substring(0, 12) + "  build rain__main__abc123__7__rain-2");
        assertThat(out).contains("auc 0.86 on weather/test, logloss 0.45 on weather/test")
                .contains("rain-3  2026-03-03T10:00:00Z  train  failed");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void list_withModel_showsOnlyThatModel_andWarnsAboutAnUnknownOne() {
        Cli r = Cli.run("runs", "list", "--model", "wind", "--store", store);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("wind-1").doesNotContain("rain-");
        Cli unknown = Cli.run("runs", "list", "--model", "snow", "--store", store);
        assertThat(unknown.code()).as("%s", unknown).isZero();
        assertThat(unknown.out()).contains("snow: 0 runs");
        assertThat(unknown.err()).contains("mlops: warning: the store has no run of model 'snow' (models: rain, wind)");
    }

    @Test
    void list_json_groupsRunsByModelNewestFirst() {
        Cli r = Cli.run("runs", "list", "--store", store, "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode o = json(r);
        assertThat(o.get("ok").asBoolean()).isTrue();
        assertThat(o.get("exitCode").asInt()).isZero();
        assertThat(o.get("store").asText()).isEqualTo(store);
        JsonNode models = o.get("models");
        assertThat(models).hasSize(2);
        assertThat(models.get(0).get("name").asText()).isEqualTo("rain");
        assertThat(runIds(models.get(0).get("runs"))).containsExactly("rain-4", "rain-3", "rain-2", "rain-1");
        JsonNode run = models.get(0).get("runs").get(0);
        assertThat(run.get("task").asText()).isEqualTo("evaluate");
        assertThat(run.get("status").asText()).isEqualTo("succeeded");
        assertThat(run.get("configSha256").asText()).isEqualTo(RunsFixtures.configSha());
        assertThat(run.has("config")).as("a listing leaves the configuration itself out").isFalse();
        assertThat(run.get("metrics").get(0).get("name").asText()).isEqualTo("auc");
        assertThat(run.get("metrics").get(0).get("value").asDouble()).isEqualTo(0.83);
        assertThat(run.get("metrics").get(0).get("dataset").asText()).isEqualTo("weather");
        assertThat(run.get("datasets").get(0).get("sha256").asText()).isEqualTo(RunsFixtures.WEATHER_SHA);
        assertThat(models.get(0).get("runs").get(1).get("error").asText()).isEqualTo("out of memory");
    }

    @Test
    void show_printsEveryFieldAndTheConfiguration() {
        Cli r = Cli.run("runs", "show", "rain-2", "--store", store);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("run:           rain-2\n").contains("model:         rain 1.0.0\n")
                .contains("task:          evaluate\n").contains("status:        succeeded\n")
                .contains("build id:      rain__main__abc123__7__rain-2\n").contains("git commit:    abc123\n")
                .contains("branch:        main\n").contains("started at:    2026-03-02T10:00:00Z\n")
                .contains("config sha256: " + RunsFixtures.configSha() + "\n")
                .contains("  weather  sha256 " + RunsFixtures.WEATHER_SHA + "\n")
                .contains("  auc 0.86 on weather/test\n").contains("config:\n").contains("\"epochs\" : 20");
        Cli failed = Cli.run("runs", "show", "rain-3", "--store", store);
        assertThat(failed.out()).contains("status:        failed\n").contains("error:         out of memory\n")
                .contains("metrics:       none\n");
    }

    @Test
    void show_json_includesTheConfigurationAsJson() {
        Cli r = Cli.run("runs", "show", "rain-1", "--store", store, "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode run = json(r).get("run");
        assertThat(run.get("runId").asText()).isEqualTo("rain-1");
        assertThat(run.get("config").get("train").get("epochs").asInt()).isEqualTo(20);
        assertThat(run.get("gitBranch").asText()).isEqualTo("main");
        assertThat(run.get("endedAt").asText()).isNotBlank();
        assertThat(run.has("deliveryId")).isFalse();
    }

    @Test
    void show_unknownRun_exits2NamingTheRun() {
        Cli r = Cli.run("runs", "show", "nope", "--store", store);
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no run has the id 'nope'").contains(store);
        Cli j = Cli.run("runs", "show", "nope", "--store", store, "--json");
        assertThat(j.code()).isEqualTo(2);
        JsonNode error = json(j).get("error");
        assertThat(error.get("type").asText()).isEqualTo("UnknownRunException");
        assertThat(error.get("message").asText()).contains("'nope'");
    }

    @Test
    void compare_putsMetricsSideBySide_withADashWhereARunDidNotMeasureOne() {
        Cli r = Cli.run("runs", "compare", "rain-1", "rain-4", "wind-1", "--store", store);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).containsPattern("(?m)^metric +rain-1 +rain-4 +wind-1$")
                .containsPattern("(?m)^auc on weather/test +0\\.8 +0\\.83 +-$")
                .containsPattern("(?m)^mae on weather/test +- +- +1\\.5$")
                .containsPattern("(?m)^ +train succeeded +evaluate succeeded +train succeeded$")
                .doesNotContain("page:");
    }

    @Test
    void compare_json_hasOneRowPerMetricWithNullForAMissingValue() {
        Cli r = Cli.run("runs", "compare", "rain-1", "wind-1", "--store", store, "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode o = json(r);
        assertThat(runIds(o.get("runs"))).containsExactly("rain-1", "wind-1");
        JsonNode rows = o.get("rows");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).get("label").asText()).isEqualTo("auc on weather/test");
        assertThat(rows.get(0).get("split").asText()).isEqualTo("test");
        assertThat(rows.get(0).get("values").get(0).asDouble()).isEqualTo(0.80);
        assertThat(rows.get(0).get("values").get(1).isNull()).isTrue();
        assertThat(rows.get(2).get("name").asText()).isEqualTo("mae");
        assertThat(o.has("html")).isFalse();
    }

    @Test
    void compare_unknownRun_exits2NamingIt() {
        Cli r = Cli.run("runs", "compare", "rain-1", "ghost", "--store", store);
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no run has the id 'ghost'");
    }

    @Test
    void compare_html_writesASelfContainedPageWithTheRunsAndAPlotPerModelMetric() throws Exception {
        Path page = dir.resolve("compare.html");
        Cli r = Cli.run("runs", "compare", "rain-1", "rain-4", "wind-1", "--store", store, "--html", page.toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).endsWith("page: " + page.toAbsolutePath() + "\n");
        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("Content-Security-Policy")
                .contains("default-src 'none'")
                .contains("<tr class=\"run\" data-run-id=\"rain-1\">").contains("data-run-id=\"wind-1\"")
                .contains("<figure class=\"history\" data-model=\"rain\" data-metric=\"auc on weather/test\">")
                .contains("<figure class=\"history\" data-model=\"rain\" data-metric=\"logloss on weather/test\">")
                .contains("<figure class=\"history\" data-model=\"wind\" data-metric=\"mae on weather/test\">");
        assertThat(html).as("nothing is fetched: no script, link, image or frame source")
                .doesNotContain("<script").doesNotContain("src=").doesNotContain("href=").doesNotContain("@import")
                .doesNotContain("url(");
        assertThat(html.split("<circle class=\"point compared\"", -1)).as("rain-1 and rain-4 in two charts each,"
                + " wind-1 in one").hasSize(6);
        Cli j = Cli.run("runs", "compare", "rain-2", "--store", store, "--html", page.toString(), "--json");
        assertThat(json(j).get("html").asText()).isEqualTo(page.toAbsolutePath().toString());
    }

    @Test
    void compare_html_escapesTextFromTheStore() throws Exception {
        String url = RunsFixtures.seededStore(Files.createDirectories(dir.resolve("x")));
        try (var s = dev.mlops.research.store.RunStore.open(url)) {
            s.record(dev.mlops.research.store.NewRun.newBuilder("<b>evil</b>", "b\"<script>", "train").runId("odd")
                    .build(), dev.mlops.research.store.RunOutcome.succeeded(List.of(
                    dev.mlops.research.store.RunMetric.of("a<&>\"'", 1, "d<", "s"))));
        }
        Path page = dir.resolve("odd.html");
        Cli r = Cli.run("runs", "compare", "odd", "--store", url, "--html", page.toString());
        assertThat(r.code()).as("%s", r).isZero();
        String html = Files.readString(page);
        assertThat(html).contains("&lt;b&gt;evil&lt;/b&gt;").contains("b&quot;&lt;script&gt;")
                .contains("a&lt;&amp;&gt;&quot;&#39; on d&lt;/s").doesNotContain("<b>evil").doesNotContain("<script");
    }

    @Test
    void compare_html_intoAMissingDirectory_exits2NamingTheFile() {
        Path page = dir.resolve("no/such/dir/page.html");
        Cli r = Cli.run("runs", "compare", "rain-1", "--store", store, "--html", page.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("cannot write the page " + page.toAbsolutePath());
    }

    @Test
    void best_findsTheHighestValueByDefault_andTheLowestWithLowerIsBetter() {
        Cli r = Cli.run("runs", "best", "--model", "rain", "--metric", "auc", "--dataset", "weather", "--store",
                store);
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("best: rain-2  auc 0.86 on weather (higher is better)\n");
        Cli low = Cli.run("runs", "best", "--model", "rain", "--metric", "logloss", "--dataset", "weather",
                "--split", "test", "--lower-is-better", "--store", store);
        assertThat(low.code()).as("%s", low).isZero();
        assertThat(low.out()).startsWith("best: rain-4  logloss 0.4 on weather/test (lower is better)\n");
    }

    @Test
    void best_json_namesTheRunAndTheValue() {
        Cli r = Cli.run("runs", "best", "--model", "rain", "--metric", "auc", "--dataset", "weather", "--split",
                "test", "--store", store, "--json");
        assertThat(r.code()).as("%s", r).isZero();
        JsonNode o = json(r);
        assertThat(o.get("run").get("runId").asText()).isEqualTo("rain-2");
        assertThat(o.get("metric").get("value").asDouble()).isEqualTo(0.86);
        assertThat(o.get("metric").get("direction").asText()).isEqualTo("higher");
        assertThat(o.get("metric").get("split").asText()).isEqualTo("test");
    }

    @Test
    void best_withoutAMatchingRun_exits2SayingWhatWasAsked() {
        Cli r = Cli.run("runs", "best", "--model", "rain", "--metric", "auc", "--dataset", "other", "--store", store);
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("no succeeded run of model 'rain' measured auc on dataset 'other'");
        Cli unknown = Cli.run("runs", "best", "--model", "snow", "--metric", "auc", "--dataset", "weather",
                "--store", store, "--json");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(json(unknown).get("error").get("message").asText())
                .contains("the store has no run of that model (models: rain, wind)");
    }

    @Test
    void best_missingRequiredOption_isAUsageError() {
        Cli r = Cli.run("runs", "best", "--model", "rain", "--dataset", "weather", "--store", store);
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).contains("Missing required option: '--metric=M'")
                .endsWith("Try 'mlops runs best --help' for more information.\n");
    }

    @Test
    void everyReadingVerb_refusesAStoreFileThatDoesNotExist_insteadOfCreatingIt() {
        Path missing = dir.resolve("typo.db");
        for (String[] args : List.of(new String[] {"runs", "list"}, new String[] {"runs", "show", "x"},
                new String[] {"runs", "compare", "x"},
                new String[] {"runs", "best", "--model", "m", "--metric", "m", "--dataset", "d"})) {
            List<String> a = new ArrayList<>(List.of(args));
            a.addAll(List.of("--store", "jdbc:sqlite:" + missing));
            Cli r = Cli.run(a.toArray(String[]::new));
            assertThat(r.code()).as("%s: %s", a, r).isEqualTo(2);
            assertThat(r.err()).contains("the file " + missing + " does not exist");
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void aPlainPath_isTakenForASqliteFile() {
        Cli r = Cli.run("runs", "list", "--store", dir.resolve("runs.db").toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("rain: 4 runs");
    }

    @Test
    void anUnreachableStore_exits2() {
        Cli other = Cli.run("runs", "list", "--store", "jdbc:mysql://localhost/runs");
        assertThat(other.code()).as("%s", other).isEqualTo(2);
        assertThat(other.err()).startsWith("mlops: run store jdbc:mysql://localhost/runs: ");
        Cli pg = Cli.run("runs", "list", "--store",
                "jdbc:postgresql://127.0.0.1:1/runs?user=u&password=secret&connectTimeout=2&loginTimeout=2");
        assertThat(pg.code()).as("%s", pg).isEqualTo(2);
        assertThat(pg.err()).contains("password=***").doesNotContain("secret");
    }

    @Test
    void withoutStoreOrEnvironment_isAUsageErrorNamingBoth() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(StoreOptions.ENV) == null,
                "MLOPS_STORE is set in this environment");
        Cli r = Cli.run("runs", "list");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).startsWith("mlops: Missing required option: '--store=URL' (or set the environment"
                + " variable MLOPS_STORE)\n").contains("Usage: mlops runs list")
                .endsWith("Try 'mlops runs list --help' for more information.\n");
    }
}
