// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sixteen threads on one batching model, a few of them sending bad requests (a wrong shape, a value outside the
 * envelope, NaN, infinity): each bad request fails alone with its own typed error, every other request gets exactly
 * (bit for bit) what the unbatched model answers, and requests were in fact batched together.
 *
 * <p>The batched model is an {@link Unhurried} real model, each run a millisecond longer: these models answer in
 * microseconds, less than a thread takes to be scheduled on this 2-core machine, so without it a thread could send
 * all its requests to an idle model, one after another, and none would ever wait to be batched (seen in about 1 run
 * in 20). The millisecond makes requests meet; the answers are the real model's.
 */
class BatchingUnderLoadTest {
    static final int THREADS = 16;
    static final int REQUESTS_PER_THREAD = 60;

    @TempDir
    Path dir;

    /** What one request sends and what it must get. */
    enum Kind { GOOD, WRONG_SHAPE, ENVELOPE, NAN, INFINITY }

    record Sent(Kind kind, Map<String, Tensor> inputs) {
    }

    @Test
    void badRequestsFailAlone_everyOtherRequestGetsTheUnbatchedAnswerBitForBit() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        Path bundle = BatchBundles.bundle(dir.resolve("mlp"), BatchBundles.mlp(),
                b -> b.constraint(Constraint.reject("x", -10, 10)));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build()) {
            RuntimeModel reference = runtime.open(bundle);
            List<List<Sent>> plan = plan();
            List<List<Map<String, Tensor>>> expected = new ArrayList<>();
            for (List<Sent> thread : plan) {
                List<Map<String, Tensor>> answers = new ArrayList<>();
                for (Sent s : thread) {
                    answers.add(s.kind() == Kind.GOOD ? reference.predict(s.inputs()) : Map.of());
                }
                expected.add(answers);
            }

            try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(32).build()
                    .wrap(new Unhurried(runtime.open(bundle)))) {
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<Integer>> done = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    List<Sent> mine = plan.get(t);
                    List<Map<String, Tensor>> answers = expected.get(t);
                    done.add(pool.submit(() -> {
                        start.await();
                        int bad = 0;
                        for (int i = 0; i < mine.size(); i++) {
                            Sent s = mine.get(i);
                            if (s.kind() == Kind.GOOD) {
                                DynamicBatchingTest.assertSameBits(m.predict(s.inputs()), answers.get(i));
                                continue;
                            }
                            bad++;
                            try {
                                m.predict(s.inputs());
                                throw new AssertionError(s.kind() + " request was served");
                            } catch (InvalidInputException | EnvelopeViolationException e) {
                                assertRejectedFor(s.kind(), e);
                            }
                        }
                        return bad;
                    }));
                }
                int bad = 0;
                for (Future<Integer> f : done) {
                    bad += f.get(60, TimeUnit.SECONDS);
                }
                BatchStats stats = m.stats();
                assertThat(stats.rejectedInputs()).isEqualTo(bad).isPositive();
                assertThat(stats.requests()).isEqualTo((long) THREADS * REQUESTS_PER_THREAD - bad);
                assertThat(stats.failedBatches()).isZero();
                assertThat(stats.batches()).as("requests were coalesced: %s", stats).isLessThan(stats.requests());
                assertThat(stats.largestBatchRows()).isLessThanOrEqualTo(32);
            } finally {
                reference.close();
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }

    @Test
    void requestsOfDifferentWidths_neverShareABatch_eachGetsItsOwnRowsBack() throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        Path bundle = BatchBundles.bundle(dir.resolve("identity"),
                TestModels.identity(DataType.FLOAT32, Shape.DYNAMIC, Shape.DYNAMIC), UnaryOperator.identity());
        int[] widths = {3, 5};
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
                BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(8)
                        .warmupInputs(Map.of("x", Tensor.ofFloats(new float[3], 1, 3))).build()
                        .wrap(new Unhurried(runtime.open(bundle)))) {
            CyclicBarrier start = new CyclicBarrier(THREADS);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                SplittableRandom random = new SplittableRandom(100 + t);
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
                        int rows = 1 + random.nextInt(3);
                        int width = widths[random.nextInt(widths.length)];
                        float[] x = new float[rows * width];
                        for (int k = 0; k < x.length; k++) {
                            x[k] = (float) random.nextDouble(-1, 1);
                        }
                        Tensor y = m.predict(Map.of("x", Tensor.ofFloats(x, rows, width))).get("y");
                        assertThat(y.shape()).containsExactly(rows, width);
                        assertThat(y.toFloatArray()).containsExactly(x);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            BatchStats stats = m.stats();
            assertThat(stats.requests()).isEqualTo((long) THREADS * REQUESTS_PER_THREAD);
            assertThat(stats.failedBatches()).isZero();
            assertThat(stats.batches()).as("requests were coalesced: %s", stats).isLessThan(stats.requests());
            assertThat(stats.largestBatchRows()).isLessThanOrEqualTo(8);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
    }

    /** A real model whose every run takes a millisecond longer; its answers are the real model's. */
    static final class Unhurried extends ForwardingModel {
        Unhurried(RuntimeModel real) {
            super(real);
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return real.predict(inputs);
        }
    }

    private static void assertRejectedFor(Kind kind, RuntimeException e) {
        switch (kind) {
            case WRONG_SHAPE -> assertThat(e).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input 'x': dimension 1 must be 8, got 7");
            case ENVELOPE -> assertThat(e).isInstanceOf(EnvelopeViolationException.class)
                    .hasMessageContaining("input 'x'").hasMessageContaining("50.0");
            case NAN -> assertThat(e).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input 'x' element 5 (index [0, 5]) is NaN");
            case INFINITY -> assertThat(e).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("input 'x' element 9 (index [1, 1]) is -Infinity");
            default -> throw new AssertionError(kind);
        }
    }

    /** Per thread, its requests: mostly good ones of 1 to 3 rows; one in 11 bad, of each kind in turn. */
    private static List<List<Sent>> plan() {
        SplittableRandom random = new SplittableRandom(2026);
        Kind[] bad = {Kind.WRONG_SHAPE, Kind.ENVELOPE, Kind.NAN, Kind.INFINITY};
        List<List<Sent>> plan = new ArrayList<>();
        int n = 0;
        for (int t = 0; t < THREADS; t++) {
            List<Sent> mine = new ArrayList<>();
            for (int i = 0; i < REQUESTS_PER_THREAD; i++, n++) {
                Kind kind = n % 11 == 5 ? bad[(n / 11) % bad.length] : Kind.GOOD;
                Map<String, Tensor> in = BatchBundles.rows(random, 1 + random.nextInt(3));
                float[] x = in.get("x").toFloatArray();
                long rows = in.get("x").shape()[0];
                switch (kind) {
                    case WRONG_SHAPE -> in = Map.of("x", Tensor.ofFloats(new float[7], 1, 7));
                    case ENVELOPE -> {
                        x[2] = 50f;
                        in = Map.of("x", Tensor.ofFloats(x, rows, BatchBundles.INPUTS));
                    }
                    case NAN -> {
                        x[5] = Float.NaN;
                        in = Map.of("x", Tensor.ofFloats(x, rows, BatchBundles.INPUTS));
                    }
                    case INFINITY -> {
                        x = BatchBundles.rows(random, 2).get("x").toFloatArray();
                        x[9] = Float.NEGATIVE_INFINITY;
                        in = Map.of("x", Tensor.ofFloats(x, 2, BatchBundles.INPUTS));
                    }
                    default -> {
                    }
                }
                mine.add(new Sent(kind, in));
            }
            plan.add(mine);
        }
        return plan;
    }
}
