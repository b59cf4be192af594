// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One caller, the {@code unbatched} and {@code batched} modes of {@link BatchingBenchmark} called in alternating
 * blocks of 100 calls on the same thread, each call timed with {@link System#nanoTime()}: the p50 ratio at one
 * caller, measured so that a machine whose load drifts during the run (other builds starting and stopping) hits both
 * modes alike. JMH's sample-time trials run one mode after the other, seconds apart, which on a shared machine
 * measures the load as much as the batcher.
 *
 * <pre>{@code
 * java -cp mlops-bench/target/benchmarks.jar dev.mlops.bench.BatchingLoneCaller 400
 * }</pre>
 *
 * <p>Not thread-safe; a command-line program.
 */
public final class BatchingLoneCaller {
    static final int BLOCK = 100;
    static final int WARMUP_CALLS = 20_000;

    private BatchingLoneCaller() {
    }

    /** Median and tenth percentile of one mode's calls, in microseconds. */
    record Times(double p10, double p50, int calls) {
        static Times of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new Times(sorted[sorted.length / 10] / 1e3, sorted[sorted.length / 2] / 1e3, sorted.length);
        }
    }

    /**
     * Measures each model and prints one line per model.
     *
     * @param args the number of blocks of {@value #BLOCK} calls per mode (default 400)
     * @throws Exception when a model cannot be set up or torn down
     */
    public static void main(String[] args) throws Exception {
        int blocks = args.length > 0 ? BenchSupport.count("blocks", args[0], 1) : 400;
        System.out.println(BenchSupport.environment());
        for (String model : new String[] {BatchingBenchmark.LARGE, BatchingBenchmark.SMALL}) {
            Times[] t = measure(model, blocks, WARMUP_CALLS);
            System.out.printf(Locale.ROOT, "%-14s %d calls each: p50 unbatched %.2f us, batched %.2f us, ratio %.3f;"
                    + " p10 %.2f / %.2f us%n", model, t[0].calls(), t[0].p50(), t[1].p50(),
                    t[1].p50() / t[0].p50(), t[0].p10(), t[1].p10());
        }
    }

    /**
     * Sets both modes up, warms them up, times alternating blocks, and tears both down.
     *
     * @param model a {@link BatchingBenchmark#model} value
     * @param blocks blocks of {@value #BLOCK} calls per mode
     * @param warmup calls per mode before timing
     * @return the unbatched and the batched times
     * @throws Exception when a model cannot be set up or torn down
     */
    static Times[] measure(String model, int blocks, int warmup) throws Exception {
        BatchingBenchmark unbatched = state("unbatched", model);
        BatchingBenchmark batched = state("batched", model);
        try {
            unbatched.setUp();
            batched.setUp();
            BatchingBenchmark.Caller cu = new BatchingBenchmark.Caller();
            cu.draw(unbatched);
            BatchingBenchmark.Caller cb = new BatchingBenchmark.Caller();
            cb.draw(batched);
            for (int i = 0; i < warmup; i++) {
                unbatched.callers1(cu);
                batched.callers1(cb);
            }
            long[] tu = new long[blocks * BLOCK];
            long[] tb = new long[blocks * BLOCK];
            float sink = 0;
            for (int k = 0; k < blocks; k++) {
                for (int i = 0; i < BLOCK; i++) {
                    long start = System.nanoTime();
                    sink += unbatched.callers1(cu)[0];
                    tu[k * BLOCK + i] = System.nanoTime() - start;
                }
                for (int i = 0; i < BLOCK; i++) {
                    long start = System.nanoTime();
                    sink -= batched.callers1(cb)[0];
                    tb[k * BLOCK + i] = System.nanoTime() - start;
                }
            }
            if (Float.isNaN(sink)) {
                throw new IllegalStateException(model + ": an output was NaN");
            }
            return new Times[] {Times.of(tu), Times.of(tb)};
        } finally {
            try {
                unbatched.tearDown();
            } finally {
                batched.tearDown();
            }
        }
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
