// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.batching.BatchStats;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The batching benchmark measures what it claims: both modes answer the same rows with the same floats, bit for bit,
 * the batched mode does batch under concurrent callers, and the teardown releases every session and file. No
 * timing: {@link BatchingRatios} measures.
 */
class BatchingBenchmarkTest {

    @ParameterizedTest
    @ValueSource(strings = {BatchingBenchmark.LARGE, BatchingBenchmark.SMALL})
    void batchedAndUnbatched_answerEveryRowBitForBit_batchUnderConcurrency_andTearDownReleasesEverything(String model)
            throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        BatchingBenchmark unbatched = state("unbatched", model);
        BatchingBenchmark batched = state("batched", model);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            unbatched.setUp();
            batched.setUp();
            assertThat(batched.stats()).hasValue(new BatchStats(0, 0, 0, 0, 0, 0, 0));
            List<Map<String, Tensor>> rows = new ArrayList<>();
            SplittableRandom random = new SplittableRandom(3);
            for (int i = 0; i < 16; i++) {
                rows.add(BatchingBenchmark.row(random, BatchingBenchmark.widths(model)[0]));
            }
            List<Future<float[]>> answers = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                for (Map<String, Tensor> row : rows) {
                    BatchingBenchmark.Caller caller = new BatchingBenchmark.Caller();
                    caller.row = row;
                    answers.add(pool.submit(() -> batched.callers64(caller)));
                }
            }
            for (int i = 0; i < answers.size(); i++) {
                BatchingBenchmark.Caller caller = new BatchingBenchmark.Caller();
                caller.row = rows.get(i % rows.size());
                float[] expected = unbatched.callers1(caller);
                assertThat(expected).hasSize(BatchingBenchmark.widths(model)[2]).hasSize(unbatched.outputs());
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).as("row %d", i).isEqualTo(expected);
            }
            BatchStats stats = batched.stats().orElseThrow();
            assertThat(stats.requests()).isEqualTo(answers.size());
            assertThat(stats.batches()).as("batched under 16 threads: %s", stats).isLessThan(stats.requests());
            assertThat(unbatched.stats()).isEmpty();

            // 64 in flight from two threads: every answer taken from the window is the unbatched answer to its row.
            List<Future<Integer>> windows = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Map<String, Tensor> row = rows.get(t);
                BatchingBenchmark.Caller caller = new BatchingBenchmark.Caller();
                caller.row = row;
                float[] expected = unbatched.callers1(caller);
                windows.add(pool.submit(() -> {
                    for (BatchingBenchmark b : List.of(batched, unbatched)) {
                        BatchingBenchmark.Window w = new BatchingBenchmark.Window();
                        w.fill(b, caller);
                        w.measuring = true;
                        for (int i = 0; i < 3 * BatchingBenchmark.Window.SIZE; i++) {
                            assertThat(b.inflight64(w, caller)).as("%s answer %d", b.mode, i).isEqualTo(expected);
                        }
                        w.drain(b);
                    }
                    return 3 * BatchingBenchmark.Window.SIZE;
                }));
            }
            for (Future<Integer> w : windows) {
                assertThat(w.get(30, TimeUnit.SECONDS)).isEqualTo(96);
            }
            BatchStats after = batched.stats().orElseThrow();
            assertThat(after.requests() - stats.requests()).as("requests sent through predictAsync")
                    .isEqualTo(2 * 4 * BatchingBenchmark.Window.SIZE);
            assertThat(after.batches() - stats.batches()).as("batched: %s", after)
                    .isLessThan(after.requests() - stats.requests());
            for (BatchingBenchmark b : List.of(batched, unbatched)) {
                // every window drained: both threads' 96 timed requests each, mode and model first
                assertThat(b.latencySummary()).hasValueSatisfying(line -> assertThat(line.split("\t"))
                        .hasSize(5).startsWith(b.mode, model).endsWith("192"));
            }
        } finally {
            pool.shutdownNow();
            unbatched.tearDown();
            batched.tearDown();
        }
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
        assertThat(Files.exists(unbatched.workDir())).isFalse();
        assertThat(Files.exists(batched.workDir())).isFalse();
    }

    @Test
    void loneCaller_timesEveryCallOfBothModesOnOneThread_andReleasesEverySession() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        BatchingLoneCaller.Times[] t = BatchingLoneCaller.measure(BatchingBenchmark.SMALL, 2, 10);
        assertThat(t).hasSize(2);
        for (BatchingLoneCaller.Times times : t) {
            assertThat(times.calls()).isEqualTo(2 * BatchingLoneCaller.BLOCK);
            assertThat(times.p10()).isPositive().isLessThanOrEqualTo(times.p50());
        }
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void latencyLines_fillInTheInflightEntries_andAMalformedLineIsRefused() {
        Map<String, Map<String, BatchingRatios.Measured>> measured = new TreeMap<>();
        measured.put("mlp-16-32-4", new LinkedHashMap<>(Map.of(
                "inflight64 batched", new BatchingRatios.Measured(700_000, 9_000, 0, 0, 0))));
        BatchingRatios.withLatencies(measured, List.of("batched\tmlp-16-32-4\t90\t160\t12345",
                "unbatched\tmlp-16-32-4\t400\t900\t100")); // no throughput for unbatched: ignored
        assertThat(measured.get("mlp-16-32-4")).containsOnlyKeys("inflight64 batched")
                .containsEntry("inflight64 batched", new BatchingRatios.Measured(700_000, 9_000, 90, 160, 12345));
        assertThatThrownBy(() -> BatchingRatios.withLatencies(measured,
                List.of("batched\tmlp"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not mode, model, p50, p99, requests");
    }

    @Test
    void table_reportsBothModesAndTheTargetRatios() {
        String table = BatchingRatios.table(Map.of(
                "callers64 unbatched", new BatchingRatios.Measured(100_000, 5_000, 600, 2_000, 1000),
                "callers64 batched", new BatchingRatios.Measured(350_000, 10_000, 180, 900, 1000),
                "callers1 unbatched", new BatchingRatios.Measured(150_000, 1_000, 6.0, 9.0, 1000),
                "callers1 batched", new BatchingRatios.Measured(145_000, 1_000, 6.2, 9.5, 1000),
                "inflight64 unbatched", new BatchingRatios.Measured(120_000, 2_000, 0, 0, 0),
                "inflight64 batched", new BatchingRatios.Measured(480_000, 9_000, 0, 0, 0)));
        assertThat(table).contains("64       unbatched").contains("100,000 ± 5,000")
                .contains("64 async batched             480,000 ± 9,000          -          -          -")
                .contains("throughput 64 async batched / 64 callers unbatched         4.800")
                .contains("throughput batched/unbatched, 64 async on 2 threads        4.000")
                .contains("throughput batched/unbatched, 64 callers (target >= 3)     3.500")
                .contains("p50 batched/unbatched, 1 caller (target <= 1.05)           1.033");
    }

    private static BatchingBenchmark state(String mode, String model) {
        BatchingBenchmark b = new BatchingBenchmark();
        b.mode = mode;
        b.model = model;
        b.intraOpThreads = 1;
        b.maxConcurrentBatches = 1;
        b.maxBatchRows = BatchingBenchmark.MAX_BATCH_ROWS;
        return b;
    }
}
