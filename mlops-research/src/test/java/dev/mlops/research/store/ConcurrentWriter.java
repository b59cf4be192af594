// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.util.List;

/**
 * A pipeline in its own process for {@link SqliteConcurrencyTest}: opens the store (racing the other process to create
 * it), then writes {@code count} runs of one model, alternating start-then-finish and one-go records, and prints how
 * many it wrote.
 */
public final class ConcurrentWriter {
    private ConcurrentWriter() {
    }

    /**
     * Writes runs.
     *
     * @param args the store URL, the model name, the number of runs
     */
    public static void main(String[] args) {
        String url = args[0];
        String model = args[1];
        int count = Integer.parseInt(args[2]);
        int written = 0;
        try (RunStore store = RunStore.open(url)) {
            for (int i = 0; i < count; i++) {
                NewRun run = NewRun.newBuilder(model, model + "__main__abc__" + i + "__t", i % 3 == 0 ? "train" : "evaluate")
                        .runId(model + "-" + i).dataset(RunDataset.of("d", "e".repeat(64))).build();
                List<RunMetric> metrics = List.of(RunMetric.of("auc", i / (double) count, "d", "test"),
                        RunMetric.of("loss", 1.0 / (i + 1), "d", "train"));
                if (i % 2 == 0) {
                    String id = store.start(run).runId();
                    store.find(id).orElseThrow();
                    store.finish(id, RunOutcome.succeeded(metrics));
                } else {
                    store.record(run, RunOutcome.succeeded(metrics));
                }
                if (i % 10 == 0) {
                    store.history(model); // readers run while the other process writes
                }
                written++;
            }
        }
        System.out.println("wrote " + written);
    }
}
