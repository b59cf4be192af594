// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.api.spec.Metric;
import dev.mlops.research.config.CanonicalJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every run store does, whatever its database: each implementation (SQLite, PostgreSQL) runs all of it against a
 * real database. {@link #newStoreUrl()} gives a URL of a fresh, empty store for each test.
 */
interface RunStoreContract {
    String TEST_MIGRATIONS = "classpath:dev/mlops/research/store/testmigration";
    String SHA_A = "a".repeat(64);
    String SHA_B = "b".repeat(64);
    String DELIVERY = "sha256:" + "c".repeat(64);
    Instant T0 = Instant.parse("2026-03-01T10:00:00.123456Z");

    /** @return the URL of a fresh, empty store */
    String newStoreUrl() throws Exception;

    /** Installs a trigger that makes the database refuse a metric named {@code explode}, mid-transaction. */
    void refuseMetricsNamedExplode(String url) throws Exception;

    /** Creates a table that is not the run store's in the store's database (or schema). */
    void createForeignTable(String url) throws Exception;

    static NewRun.Builder run(String model, String task) {
        return NewRun.newBuilder(model, model + "__main__abc1234__7__t1", task);
    }

    static RunStore open(String url) {
        return RunStore.open(url);
    }

    @Test
    default void open_freshDatabaseIsCreatedAtTheSdkSchemaVersion() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            assertThat(store.schemaVersion()).isEqualTo(1);
            assertThat(store.models()).isEmpty();
        }
    }

    @Test
    default void record_roundTripsEveryField() throws Exception {
        JsonNode config = JsonMapper.builder().build().readTree("{\"train\": {\"epochs\": 20, \"lr\": 0.5}, \"a\": [1]}");
        NewRun run = run("weather", "export").runId("run-1").modelVersion("1.2.0")
                .dataset(new RunDataset("weather-train", SHA_A, Optional.of("2026-02")))
                .dataset(RunDataset.of("weather-test", SHA_B))
                .config(config).gitCommit("abc1234").gitBranch("main").startedAt(T0).build();
        List<RunMetric> metrics = List.of(RunMetric.of("rmse", 1.25, "weather-test", "test"),
                RunMetric.of("rmse", 0.75, "weather-test", "test").withSlice(Map.of("area", "Hebron", "season", "dry")),
                RunMetric.from(Metric.of("r2", 0.5)));
        try (RunStore store = open(newStoreUrl())) {
            RunRecord stored = store.record(run, RunOutcome.exported(metrics, DELIVERY));

            assertThat(stored.runId()).isEqualTo("run-1");
            assertThat(stored.modelName()).isEqualTo("weather");
            assertThat(stored.modelVersion()).contains("1.2.0");
            assertThat(stored.buildId()).isEqualTo("weather__main__abc1234__7__t1");
            assertThat(stored.task()).isEqualTo("export");
            assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(stored.error()).isEmpty();
            assertThat(stored.datasets()).containsExactlyElementsOf(run.datasets());
            assertThat(stored.configJson()).contains("{\"a\":[1],\"train\":{\"epochs\":20,\"lr\":0.5}}");
            assertThat(stored.configSha256()).contains(CanonicalJson.sha256(config));
            assertThat(stored.metrics()).containsExactlyElementsOf(metrics);
            assertThat(stored.startedAt()).isEqualTo(T0);
            assertThat(stored.endedAt()).isPresent();
            assertThat(stored.deliveryId()).contains(DELIVERY);
            assertThat(stored.gitCommit()).contains("abc1234");
            assertThat(stored.gitBranch()).contains("main");
            assertThat(store.get("run-1")).isEqualTo(stored);
        }
    }

    @Test
    default void configHash_isTheSameForReformattedJsonAndDiffersForAChangedValue() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            RunRecord a = store.record(run("m", "train").configJson("{\"train\":{\"epochs\":20,\"lr\":0.5}}").build(),
                    RunOutcome.succeeded(List.of()));
            RunRecord b = store.record(run("m", "train").configJson("{ \"train\" : { \"lr\" : 5e-1,\n \"epochs\" : 20.0 } }")
                    .build(), RunOutcome.succeeded(List.of()));
            RunRecord c = store.record(run("m", "train").configJson("{\"train\":{\"epochs\":21,\"lr\":0.5}}").build(),
                    RunOutcome.succeeded(List.of()));
            assertThat(b.configSha256()).isEqualTo(a.configSha256());
            assertThat(c.configSha256()).isNotEqualTo(a.configSha256());
        }
    }

    @Test
    default void start_thenFinish_recordsARunningRunThenItsOutcome() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            RunRecord started = store.start(run("weather", "evaluate").dataset(RunDataset.of("weather-test", SHA_B))
                    .build());
            assertThat(started.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(started.endedAt()).isEmpty();
            assertThat(started.metrics()).isEmpty();
            assertThat(started.runId()).isNotBlank();
            assertThat(store.get(started.runId()).status()).isEqualTo(RunStatus.RUNNING);

            RunRecord finished = store.finish(started.runId(),
                    RunOutcome.succeeded(List.of(RunMetric.of("auc", 0.91, "weather-test", "test"))));

            assertThat(finished.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(finished.endedAt()).isPresent();
            assertThat(finished.endedAt().get()).isAfterOrEqualTo(finished.startedAt());
            assertThat(finished.metrics()).extracting(RunMetric::value).containsExactly(0.91);
            assertThat(finished.datasets()).isEqualTo(started.datasets());
        }
    }

    @Test
    default void finish_failedRunKeepsItsErrorTextAndPartialMetrics() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            RunRecord started = store.start(run("weather", "train").build());
            RunOutcome.Failed failed = new RunOutcome.Failed(
                    RunOutcome.failed(new IllegalStateException("loss diverged", new ArithmeticException("NaN"))).error(),
                    List.of(RunMetric.of("loss", 3.5, "weather-train", "train")));

            RunRecord stored = store.finish(started.runId(), failed);

            assertThat(stored.status()).isEqualTo(RunStatus.FAILED);
            assertThat(stored.error()).contains("java.lang.IllegalStateException: loss diverged\n"
                    + "caused by: java.lang.ArithmeticException: NaN");
            assertThat(stored.metrics()).extracting(RunMetric::name).containsExactly("loss");
        }
    }

    @Test
    default void finish_unknownRunIsRefusedNamingIt() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            assertThatThrownBy(() -> store.finish("no-such-run", RunOutcome.succeeded(List.of())))
                    .isInstanceOf(UnknownRunException.class)
                    .hasMessageContaining("no-such-run")
                    .hasMessageContaining(store.url())
                    .extracting(e -> ((UnknownRunException) e).runId()).isEqualTo("no-such-run");
            assertThatThrownBy(() -> store.get("no-such-run")).isInstanceOf(UnknownRunException.class);
            assertThat(store.find("no-such-run")).isEmpty();
        }
    }

    @Test
    default void finish_aFinishedRunIsNeverChanged() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            RunRecord run = store.start(run("weather", "train").build());
            RunRecord done = store.finish(run.runId(), RunOutcome.succeeded(List.of(RunMetric.of("loss", 1, "d", "train"))));

            assertThatThrownBy(() -> store.finish(run.runId(), RunOutcome.failed("late failure")))
                    .isInstanceOf(RunStateException.class)
                    .hasMessageContaining(run.runId())
                    .hasMessageContaining("has already succeeded");
            assertThat(store.get(run.runId())).isEqualTo(done);
        }
    }

    @Test
    default void start_aTakenRunIdIsRefused() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            store.record(run("weather", "train").runId("dup").build(), RunOutcome.succeeded(List.of()));
            assertThatThrownBy(() -> store.start(run("other", "train").runId("dup").build()))
                    .isInstanceOf(RunStateException.class)
                    .hasMessageContaining("'dup' exists already");
            assertThat(store.history("other")).isEmpty();
        }
    }

    @Test
    default void close_recordsRunsItStartedAndDidNotFinishAsFailed() throws Exception {
        String url = newStoreUrl();
        String runId;
        try (RunStore store = open(url)) {
            runId = store.start(run("weather", "train").build()).runId();
            String done = store.start(run("weather", "evaluate").build()).runId();
            store.finish(done, RunOutcome.succeeded(List.of()));
        }
        try (RunStore store = open(url)) {
            RunRecord abandoned = store.get(runId);
            assertThat(abandoned.status()).isEqualTo(RunStatus.FAILED);
            assertThat(abandoned.error()).hasValueSatisfying(e -> assertThat(e).contains("closed before the run finished"));
            assertThat(store.history("weather")).extracting(RunRecord::status)
                    .containsExactlyInAnyOrder(RunStatus.FAILED, RunStatus.SUCCEEDED);
        }
    }

    @Test
    default void record_isAtomic_aRefusedMetricLeavesNoTraceOfTheRun() throws Exception {
        String url = newStoreUrl();
        try (RunStore store = open(url)) {
            refuseMetricsNamedExplode(url);
            NewRun run = run("weather", "evaluate").runId("half").dataset(RunDataset.of("d", SHA_A)).build();
            List<RunMetric> metrics = List.of(RunMetric.of("auc", 0.9, "d", "test"), RunMetric.of("explode", 1, "d", "test"));

            assertThatThrownBy(() -> store.record(run, RunOutcome.succeeded(metrics)))
                    .isInstanceOf(RunStoreException.class)
                    .hasMessageContaining("could not record run 'half'")
                    .hasMessageContaining("metric refused by test trigger");

            assertThat(store.find("half")).isEmpty();
            assertThat(store.history("weather")).isEmpty();
            // the store still works after the failed transaction
            assertThat(store.record(run, RunOutcome.succeeded(metrics.subList(0, 1))).metrics()).hasSize(1);
        }
    }

    @Test
    default void finish_isAtomic_aRefusedMetricLeavesTheRunRunning() throws Exception {
        String url = newStoreUrl();
        try (RunStore store = open(url)) {
            refuseMetricsNamedExplode(url);
            RunRecord started = store.start(run("weather", "evaluate").build());

            assertThatThrownBy(() -> store.finish(started.runId(), RunOutcome.succeeded(List.of(
                    RunMetric.of("auc", 0.9, "d", "test"), RunMetric.of("explode", 1, "d", "test")))))
                    .isInstanceOf(RunStoreException.class)
                    .hasMessageContaining(started.runId());

            assertThat(store.get(started.runId())).isEqualTo(started);
        }
    }

    @Test
    default void history_listsOneModelsRunsNewestFirst() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            store.record(run("weather", "train").runId("old").startedAt(T0).build(), RunOutcome.succeeded(List.of()));
            store.record(run("weather", "evaluate").runId("new").startedAt(T0.plusSeconds(60)).build(),
                    RunOutcome.failed("boom"));
            store.record(run("weather", "export").runId("mid").startedAt(T0.plusMillis(1)).build(),
                    RunOutcome.succeeded(List.of()));
            store.record(run("traffic", "train").runId("other").startedAt(T0.plusSeconds(120)).build(),
                    RunOutcome.succeeded(List.of()));

            assertThat(store.history("weather")).extracting(RunRecord::runId).containsExactly("new", "mid", "old");
            assertThat(store.history("nothing")).isEmpty();
            assertThat(store.models()).containsExactly("traffic", "weather");
        }
    }

    @Test
    default void compare_linesMetricsUpByNameDatasetSplitAndSlice() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            RunMetric hebron = RunMetric.of("rmse", 2.0, "test-set", "test").withSlice(Map.of("area", "Hebron"));
            store.record(run("weather", "evaluate").runId("a").build(), RunOutcome.succeeded(List.of(
                    RunMetric.of("rmse", 1.5, "test-set", "test"), hebron)));
            store.record(run("weather", "evaluate").runId("b").build(), RunOutcome.succeeded(List.of(
                    RunMetric.of("mae", 0.5, "test-set", "test"), RunMetric.of("rmse", 1.25, "test-set", "test"))));

            RunComparison cmp = store.compare(List.of("b", "a"));

            assertThat(cmp.runs()).extracting(RunRecord::runId).containsExactly("b", "a");
            assertThat(cmp.rows()).extracting(r -> r.key().label())
                    .containsExactly("mae on test-set/test", "rmse on test-set/test", "rmse on test-set/test [area=Hebron]");
            assertThat(cmp.rows().get(0).values()).containsExactly(Optional.of(0.5), Optional.empty());
            assertThat(cmp.rows().get(1).values()).containsExactly(Optional.of(1.25), Optional.of(1.5));
            assertThat(cmp.rows().get(2).values()).containsExactly(Optional.empty(), Optional.of(2.0));
        }
    }

    @Test
    default void compare_anUnknownRunIsRefusedNamingIt() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            store.record(run("weather", "evaluate").runId("a").build(), RunOutcome.succeeded(List.of()));
            assertThatThrownBy(() -> store.compare(List.of("a", "ghost")))
                    .isInstanceOf(UnknownRunException.class)
                    .hasMessageContaining("'ghost'");
        }
    }

    @Test
    default void best_picksTheBestSucceededRunByDirectionDatasetSplitSliceAndTask() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            store.record(run("weather", "evaluate").runId("good").startedAt(T0).build(), RunOutcome.succeeded(List.of(
                    RunMetric.of("auc", 0.90, "test-set", "test"), RunMetric.of("auc", 0.99, "train-set", "train"),
                    RunMetric.of("auc", 0.70, "test-set", "test").withSlice(Map.of("area", "Hebron")))));
            store.record(run("weather", "evaluate").runId("worse").startedAt(T0.plusSeconds(1)).build(),
                    RunOutcome.succeeded(List.of(RunMetric.of("auc", 0.80, "test-set", "test"),
                            RunMetric.of("auc", 0.75, "test-set", "test").withSlice(Map.of("area", "Hebron")))));
            store.record(run("weather", "evaluate").runId("failed").startedAt(T0.plusSeconds(2)).build(),
                    new RunOutcome.Failed("crashed", List.of(RunMetric.of("auc", 0.99, "test-set", "test"))));
            store.start(run("weather", "evaluate").runId("running").startedAt(T0.plusSeconds(3)).build());
            store.record(run("weather", "export").runId("export").startedAt(T0.plusSeconds(4)).build(),
                    RunOutcome.succeeded(List.of(RunMetric.of("auc", 0.85, "test-set", "test"))));
            store.record(run("traffic", "evaluate").runId("other-model").build(),
                    RunOutcome.succeeded(List.of(RunMetric.of("auc", 1.0, "test-set", "test"))));

            BestRunQuery auc = BestRunQuery.of("weather", "auc", "test-set", MetricDirection.HIGHER);
            assertThat(store.best(auc)).map(RunRecord::runId).contains("good");
            assertThat(store.best(new BestRunQuery("weather", "auc", "test-set", MetricDirection.LOWER, Optional.empty(),
                    Map.of(), Optional.empty()))).map(RunRecord::runId).contains("worse");
            assertThat(store.best(auc.withSlice(Map.of("area", "Hebron")))).map(RunRecord::runId).contains("worse");
            assertThat(store.best(auc.withTask("export"))).map(RunRecord::runId).contains("export");
            assertThat(store.best(BestRunQuery.of("weather", "auc", "train-set", MetricDirection.HIGHER).withSplit("test")))
                    .isEmpty();
            assertThat(store.best(BestRunQuery.of("weather", "mse", "test-set", MetricDirection.LOWER))).isEmpty();
        }
    }

    @Test
    default void best_aTieGoesToTheNewestRun() throws Exception {
        try (RunStore store = open(newStoreUrl())) {
            List<RunMetric> same = List.of(RunMetric.of("mse", 0.5, "d", "test"));
            store.record(run("weather", "evaluate").runId("first").startedAt(T0).build(), RunOutcome.succeeded(same));
            store.record(run("weather", "evaluate").runId("second").startedAt(T0.plusSeconds(5)).build(),
                    RunOutcome.succeeded(same));
            assertThat(store.best(BestRunQuery.of("weather", "mse", "d", MetricDirection.LOWER)))
                    .map(RunRecord::runId).contains("second");
        }
    }

    @Test
    default void open_aNewerSchemaIsRefusedNamingBothVersions() throws Exception {
        String url = newStoreUrl();
        try (RunStore newer = JdbcRunStore.open(url, SchemaPolicy.MIGRATE, JdbcRunStore.MIGRATIONS, TEST_MIGRATIONS)) {
            assertThat(newer.schemaVersion()).isEqualTo(2);
        }
        for (SchemaPolicy policy : SchemaPolicy.values()) {
            assertThatThrownBy(() -> RunStore.open(url, policy))
                    .isInstanceOfSatisfying(SchemaVersionException.class, e -> {
                        assertThat(e.storeVersion()).isEqualTo(2);
                        assertThat(e.sdkVersion()).isEqualTo(1);
                    })
                    .hasMessageContaining("schema version is 2, newer than this SDK's 1")
                    .hasMessageContaining("never downgraded");
        }
    }

    @Test
    default void open_anOlderSchemaIsRefusedSayingHowToMigrate_thenMigratedOnRequest() throws Exception {
        String url = newStoreUrl();
        try (RunStore old = RunStore.open(url)) {
            old.record(run("weather", "train").runId("kept").build(),
                    RunOutcome.succeeded(List.of(RunMetric.of("loss", 0.25, "d", "train"))));
        }
        assertThatThrownBy(() -> JdbcRunStore.open(url, SchemaPolicy.REFUSE_OLDER, JdbcRunStore.MIGRATIONS,
                TEST_MIGRATIONS))
                .isInstanceOfSatisfying(SchemaVersionException.class, e -> {
                    assertThat(e.storeVersion()).isEqualTo(1);
                    assertThat(e.sdkVersion()).isEqualTo(2);
                })
                .hasMessageContaining("schema version is 1, older than this SDK's 2")
                .hasMessageContaining("SchemaPolicy.MIGRATE");

        try (RunStore migrated = JdbcRunStore.open(url, SchemaPolicy.MIGRATE, JdbcRunStore.MIGRATIONS,
                TEST_MIGRATIONS)) {
            assertThat(migrated.schemaVersion()).isEqualTo(2);
            assertThat(migrated.get("kept").metrics()).extracting(RunMetric::value).containsExactly(0.25);
        }
    }

    @Test
    default void open_aDatabaseWithOtherTablesIsNotTakenForARunStore() throws Exception {
        String url = newStoreUrl();
        createForeignTable(url);
        assertThatThrownBy(() -> RunStore.open(url))
                .isInstanceOf(RunStoreException.class)
                .hasMessageContaining("holds tables but no run store schema history");
    }
}
