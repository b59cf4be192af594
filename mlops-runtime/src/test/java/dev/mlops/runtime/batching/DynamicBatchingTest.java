// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModels;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Dynamic batching on real ONNX Runtime sessions: which models it takes, warm-up, when batches form, the queue bound,
 * errors of the batch, and close. Moments that must be exact (a batch running while others queue) are made with a
 * {@link GatedModel} around the real model.
 */
class DynamicBatchingTest extends RealRuntimeTest {

    @Test
    void wrap_refusesModelWithFixedFirstDimension_namingEveryTensorAndItsShape() {
        RuntimeModel fixed = runtime.open(BatchBundles.bundle(dir.resolve("fixed"),
                TestModels.identity(DataType.FLOAT32, 2, 3), UnaryOperator.identity()));

        assertThatThrownBy(() -> DynamicBatching.defaults().wrap(fixed))
                .isInstanceOf(UnbatchableModelException.class)
                .hasMessageContaining("identity-float32 1.0.0")
                .hasMessageContaining("input 'x' has shape [2, 3]")
                .hasMessageContaining("output 'y' has shape [2, 3]")
                .hasMessageContaining("first dimension is dynamic (-1)");
        assertThat(fixed.predict(Map.of("x", Tensor.ofFloats(new float[6], 2, 3)))).as("left open, still serving")
                .containsKey("y");
        fixed.close();
    }

    @Test
    void wrap_isUsableAsADecoratorOfEveryOpenedModel() {
        UnaryOperator<RuntimeModel> decorator = DynamicBatching.defaults()::wrap;
        try (RuntimeModel m = decorator.apply(openMlp())) {
            assertThat(m).isInstanceOf(BatchedModel.class);
            assertThat(m.predict(BatchBundles.rows(new SplittableRandom(1), 2)).get("y").shape())
                    .containsExactly(2, BatchBundles.OUTPUTS);
        }
    }

    @Test
    void wrap_warmsUpOnePowerOfTwoAndTheMaximum_onZeros_andCountsNoneOfIt() {
        GatedModel gated = new GatedModel(openMlp());
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(12).build().wrap(gated)) {
            assertThat(gated.callRows).containsExactly(1L, 2L, 4L, 8L, 12L);
            assertThat(gated.callInputs.get(4).get("x").toFloatArray()).containsOnly(0f);
            assertThat(m.stats()).isEqualTo(new BatchStats(0, 0, 0, 0, 0, 0, 0));
        }
        assertThat(gated.isClosed()).as("closing the wrapper closes the wrapped model").isTrue();
    }

    @Test
    void wrap_warmsUpWithGivenInputs_theirRowsRepeatedToEachSize() {
        GatedModel gated = new GatedModel(openMlp());
        Map<String, Tensor> sample = BatchBundles.rows(new SplittableRandom(2), 3);
        float[] rows = sample.get("x").toFloatArray();
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(4).warmupInputs(sample).build()
                .wrap(gated)) {
            assertThat(gated.callRows).containsExactly(1L, 2L, 4L);
            assertThat(m.options().warmupInputs()).isPresent();
            float[] four = gated.callInputs.get(2).get("x").toFloatArray();
            float[] expected = new float[4 * BatchBundles.INPUTS];
            System.arraycopy(rows, 0, expected, 0, rows.length);
            System.arraycopy(rows, 0, expected, rows.length, BatchBundles.INPUTS); // row 4 is row 1 again
            assertThat(four).containsExactly(expected);
        }
    }

    @Test
    void wrap_warmsUpOnZerosClampedIntoTheEnvelope_soARejectingConstraintDoesNotRefuseIt() {
        RuntimeModel bounded = runtime.open(BatchBundles.bundle(dir.resolve("bounded"), BatchBundles.mlp(),
                b -> b.constraint(Constraint.reject("x", 0.5, 2.0))));
        GatedModel gated = new GatedModel(bounded);
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(2).build().wrap(gated)) {
            assertThat(gated.callInputs.get(0).get("x").toFloatArray()).containsOnly(0.5f);
            assertThat(m.stats().batches()).isZero();
        }
    }

    @Test
    void loneRequestOnAnIdleModel_runsAtOnceOnTheCallersThread_withoutWaitingForTheDelay() {
        GatedModel gated = new GatedModel(openMlp());
        try (BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofMinutes(10)).build().wrap(gated)) {
            gated.callThreads.clear();
            long start = System.nanoTime();
            m.predict(BatchBundles.rows(new SplittableRandom(3), 1));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(gated.callThreads).containsExactly(Thread.currentThread());
            assertThat(m.stats().batches()).isEqualTo(1);
        }
    }

    @Test
    void badRequest_failsWithTheSameErrorWhetherItRunsAloneOnAnIdleModelOrArrivesWhileABatchRuns() throws Exception {
        GatedModel gated = new GatedModel(runtime.open(BatchBundles.bundle(dir.resolve("bounded"), BatchBundles.mlp(),
                b -> b.constraint(Constraint.reject("x", -10, 10)))));
        Map<String, Map<String, Tensor>> bad = badRequests();
        try (BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofSeconds(5)).build().wrap(gated)) {
            gated.callRows.clear();
            Map<String, RuntimeException> alone = new LinkedHashMap<>();
            bad.forEach((what, in) -> alone.put(what, thrownBy(() -> m.predict(in))));

            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(
                    new SplittableRandom(9), 1)));
            gated.awaitWaiting(1);
            for (Map.Entry<String, Map<String, Tensor>> e : bad.entrySet()) {
                Future<Map<String, Tensor>> f = pool.submit(() -> m.predict(e.getValue()));
                Throwable whileBusy;
                try {
                    f.get(10, TimeUnit.SECONDS);
                    throw new AssertionError(e.getKey() + ": served");
                } catch (ExecutionException x) {
                    whileBusy = x.getCause();
                }
                RuntimeException first = alone.get(e.getKey());
                assertThat(whileBusy).as(e.getKey()).isInstanceOfAny(InvalidInputException.class,
                        EnvelopeViolationException.class).hasSameClassAs(first).hasMessage(first.getMessage());
            }
            assertThat(((BatchingModel) m).queued()).as("refused before the queue").isZero();
            gated.open();
            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(gated.callRows).as("rows per run that reached the engine").containsExactly(1L);
            assertThat(m.stats()).isEqualTo(new BatchStats(1, 1, 1, 1, 2L * bad.size(), 0, 0));
        }
        assertThat(gated.isClosed()).isTrue();
    }

    /** Requests each refused by one check of the batcher or of the model, some by two (the first one wins). */
    static Map<String, Map<String, Tensor>> badRequests() {
        float[] nan = new float[BatchBundles.INPUTS];
        nan[3] = Float.NaN;
        float[] outside = new float[BatchBundles.INPUTS];
        outside[2] = 50f;
        float[] outsideAndInfinite = new float[2 * BatchBundles.INPUTS];
        outsideAndInfinite[1] = 50f;
        outsideAndInfinite[12] = Float.NEGATIVE_INFINITY;
        float[] nanNarrow = new float[BatchBundles.INPUTS - 1];
        nanNarrow[0] = Float.NaN;
        Map<String, Tensor> extra = new LinkedHashMap<>();
        extra.put("x", Tensor.ofFloats(new float[BatchBundles.INPUTS], 1, BatchBundles.INPUTS));
        extra.put("z", Tensor.ofFloats(new float[1], 1, 1));
        Map<String, Map<String, Tensor>> bad = new LinkedHashMap<>();
        bad.put("one feature too few", Map.of("x", Tensor.ofFloats(new float[BatchBundles.INPUTS - 1], 1, 7)));
        bad.put("float64", Map.of("x", Tensor.ofDoubles(new double[BatchBundles.INPUTS], 1, BatchBundles.INPUTS)));
        bad.put("rank 1", Map.of("x", Tensor.ofFloats(new float[BatchBundles.INPUTS], BatchBundles.INPUTS)));
        bad.put("x missing", Map.of("z", Tensor.ofFloats(new float[BatchBundles.INPUTS], 1, BatchBundles.INPUTS)));
        bad.put("unknown input besides x", extra);
        bad.put("outside the envelope", Map.of("x", Tensor.ofFloats(outside, 1, BatchBundles.INPUTS)));
        bad.put("NaN", Map.of("x", Tensor.ofFloats(nan, 1, BatchBundles.INPUTS)));
        bad.put("NaN and one feature too few", Map.of("x", Tensor.ofFloats(nanNarrow, 1, 7)));
        bad.put("outside the envelope and -Infinity",
                Map.of("x", Tensor.ofFloats(outsideAndInfinite, 2, BatchBundles.INPUTS)));
        return bad;
    }

    static RuntimeException thrownBy(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no exception");
    }

    @Test
    void inputsDisagreeingOnRows_failAloneWithInvalidInputException_namingBothInputs() {
        try (BatchedModel m = DynamicBatching.defaults().wrap(runtime.open(BatchBundles.bundle(dir.resolve("multi"),
                TestModels.multiIO(), UnaryOperator.identity())))) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            in.put("a", Tensor.ofFloats(new float[6], 2, 3));
            in.put("b", Tensor.ofLongs(new long[3], 1, 3));
            assertThatThrownBy(() -> m.predict(in)).isInstanceOf(InvalidInputException.class)
                    .hasMessage("multi-io 1.0.0: input 'b' has 1 rows (shape [1, 3]) but input 'a' has 2; every"
                            + " input's first dimension counts the same rows");
            assertThat(m.stats().rejectedInputs()).isEqualTo(1);
            assertThat(m.stats().batches()).isZero();
        }
    }

    @Test
    void requestsQueuedWhileABatchRuns_runAsOneBatch_splitBackByRowCounts_bitForBit() throws Exception {
        RuntimeModel reference = openMlp();
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(4);
        List<Map<String, Tensor>> requests = List.of(BatchBundles.rows(random, 1), BatchBundles.rows(random, 2),
                BatchBundles.rows(random, 3), BatchBundles.rows(random, 1));
        try (BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofSeconds(5)).build().wrap(gated)) {
            BatchingModel impl = (BatchingModel) m;
            gated.callRows.clear();
            gated.shut();
            Future<Map<String, Tensor>> first = pool.submit(() -> m.predict(requests.get(0)));
            gated.awaitWaiting(1);
            List<Future<Map<String, Tensor>>> queued = new ArrayList<>();
            for (int i = 1; i < requests.size(); i++) {
                Map<String, Tensor> r = requests.get(i);
                queued.add(pool.submit(() -> m.predict(r)));
            }
            awaitQueued(impl, 3);
            gated.open();

            assertSameBits(first.get(10, TimeUnit.SECONDS), reference.predict(requests.get(0)));
            for (int i = 1; i < requests.size(); i++) {
                Map<String, Tensor> out = queued.get(i - 1).get(10, TimeUnit.SECONDS);
                assertThat(out.get("y").shape()).containsExactly(requests.get(i).get("x").shape()[0],
                        BatchBundles.OUTPUTS);
                assertSameBits(out, reference.predict(requests.get(i)));
            }
            assertThat(gated.callRows).as("rows per run of the wrapped model").containsExactly(1L, 6L);
            assertThat(m.stats()).isEqualTo(new BatchStats(4, 7, 2, 6, 0, 0, 0));
        } finally {
            reference.close();
        }
    }

    @Test
    void callerWhoseArrivalFillsAFormingBatch_runsItAtOnceOnItsOwnThread_andTheWaitingLeaderGetsItsRows()
            throws Exception {
        RuntimeModel reference = openMlp();
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Tensor> lead = BatchBundles.rows(random, 1);
        Map<String, Tensor> second = BatchBundles.rows(random, 1);
        Map<String, Tensor> filling = BatchBundles.rows(random, 2);
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(4).maxDelay(Duration.ofSeconds(30)).build()
                .wrap(gated)) {
            BatchingModel impl = (BatchingModel) m;
            gated.callRows.clear();
            gated.callThreads.clear();
            // A request of no rows that arrives while a batch runs goes to the wrapped model without batching; held at
            // a gate there, its caller is one the batcher counts as on its way, so a leader keeps waiting for a fuller
            // batch (up to 30 s).
            CountDownLatch running = gated.shut(1);
            Future<Map<String, Tensor>> alone = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            gated.shut(0);
            Future<Map<String, Tensor>> onItsWay = pool.submit(() -> m.predict(BatchBundles.rows(random, 0)));
            gated.awaitWaiting(2);
            running.countDown();
            alone.get(10, TimeUnit.SECONDS);
            Future<Map<String, Tensor>> leader = pool.submit(() -> m.predict(lead));
            awaitForming(impl, 1);
            Future<Map<String, Tensor>> member = pool.submit(() -> m.predict(second));
            awaitForming(impl, 2);
            Thread.sleep(50); // past the leader's yield phase (1 ms): it sleeps, and must wake to find its batch taken
            List<Thread> filler = new CopyOnWriteArrayList<>();
            Future<Map<String, Tensor>> last = pool.submit(() -> {
                filler.add(Thread.currentThread());
                return m.predict(filling);
            });

            assertSameBits(last.get(10, TimeUnit.SECONDS), reference.predict(filling));
            assertSameBits(leader.get(10, TimeUnit.SECONDS), reference.predict(lead));
            assertSameBits(member.get(10, TimeUnit.SECONDS), reference.predict(second));
            assertThat(gated.callRows).as("rows per run of the wrapped model").containsExactly(1L, 0L, 4L);
            assertThat(gated.callThreads.get(2)).as("the thread that ran the batch of 4 rows")
                    .isSameAs(filler.get(0));
            assertThat(impl.formingRows()).isZero();
            assertThat(m.toString()).contains("full 1");
            gated.open();
            assertThat(onItsWay.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(0, BatchBundles.OUTPUTS);
        } finally {
            reference.close();
        }
    }

    @Test
    @SuppressWarnings("deprecation") // Thread.getId: threadId() is Java 19
    void queuedCallersBehindALongBatch_yieldTheirCoreOnlyBriefly_thenSleepWithoutBurningIt() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadCpuTimeSupported(), "this JVM measures no thread CPU time");
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(9);
        try (BatchedModel m = DynamicBatching.defaults().wrap(gated)) {
            BatchingModel impl = (BatchingModel) m;
            gated.shut();
            Future<Map<String, Tensor>> first = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            List<Thread> waiting = new CopyOnWriteArrayList<>();
            List<Future<Map<String, Tensor>>> queued = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Map<String, Tensor> r = BatchBundles.rows(random, 1);
                queued.add(pool.submit(() -> {
                    waiting.add(Thread.currentThread());
                    return m.predict(r);
                }));
            }
            awaitQueued(impl, 3);
            Thread.sleep(100); // past any yield phase (at most 1 ms)
            long[] before = waiting.stream().mapToLong(t -> threads.getThreadCpuTime(t.getId())).toArray();
            Thread.sleep(500);
            for (int i = 0; i < before.length; i++) {
                // A caller that kept yielding would use most of a core: hundreds of milliseconds.
                long burnt = threads.getThreadCpuTime(waiting.get(i).getId()) - before[i];
                assertThat(burnt).as("CPU ns a queued caller used in 500 ms of waiting")
                        .isLessThan(TimeUnit.MILLISECONDS.toNanos(20));
            }
            gated.open();
            first.get(10, TimeUnit.SECONDS);
            for (Future<Map<String, Tensor>> f : queued) {
                assertThat(f.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(1, BatchBundles.OUTPUTS);
            }
        }
    }

    @Test
    void fullQueue_rejectsTheNextRequestWithBatchQueueFullException_andServesTheQueuedOnes() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(5);
        try (BatchedModel m = DynamicBatching.newBuilder().queueCapacity(2).build().wrap(gated)) {
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            Map<String, Tensor> in = BatchBundles.rows(random, 1);
            Future<Map<String, Tensor>> q1 = pool.submit(() -> m.predict(in));
            Future<Map<String, Tensor>> q2 = pool.submit(() -> m.predict(in));
            awaitQueued((BatchingModel) m, 2);

            assertThatThrownBy(() -> m.predict(in)).isInstanceOfSatisfying(BatchQueueFullException.class,
                    e -> assertThat(e.capacity()).isEqualTo(2))
                    .hasMessageContaining("mlp 1.0.0").hasMessageContaining("holds 2 requests")
                    .hasMessageContaining("queueCapacity");
            gated.open();
            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(q1.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(q2.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(m.stats().rejectedQueueFull()).isEqualTo(1);
            assertThat(m.stats().requests()).isEqualTo(3);
        }
    }

    @Test
    void engineErrorInABatch_failsEachOfItsRequestsWithTheCause_andTheModelKeepsServing() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(6);
        try (BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofSeconds(5)).build().wrap(gated)) {
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            Map<String, Tensor> in = BatchBundles.rows(random, 1);
            Future<Map<String, Tensor>> a = pool.submit(() -> m.predict(in));
            Future<Map<String, Tensor>> b = pool.submit(() -> m.predict(in));
            awaitQueued((BatchingModel) m, 2);
            gated.failNextBatch();
            gated.open();

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            for (Future<Map<String, Tensor>> f : List.of(a, b)) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(BatchFailedException.class)
                        .hasMessageContaining("a batch of 2 requests (2 rows) failed")
                        .hasMessageContaining("injected engine error")
                        .cause().hasMessageContaining("injected engine error");
            }
            assertThat(m.predict(in)).as("serving after the failed batch").containsKey("y");
            assertThat(m.stats().failedBatches()).isEqualTo(1);
        }
    }

    @Test
    void close_failsQueuedRequests_letsTheRunningBatchFinish_closesTheModel_andLeavesNoThread() throws Exception {
        Set<Thread> threadsBefore = Thread.getAllStackTraces().keySet();
        GatedModel gated = new GatedModel(openMlp());
        BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofSeconds(5)).build().wrap(gated);
        assertThat(newThreads(threadsBefore)).as("threads started by wrap").isEmpty();
        SplittableRandom random = new SplittableRandom(7);
        Map<String, Tensor> in = BatchBundles.rows(random, 1);
        gated.shut();
        Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(in));
        gated.awaitWaiting(1);
        Future<Map<String, Tensor>> queued = pool.submit(() -> m.predict(in));
        awaitQueued((BatchingModel) m, 1);

        m.close();
        m.close(); // idempotent

        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed while the request was queued");
        assertThatThrownBy(() -> m.predict(in)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mlp 1.0.0: this batching model is closed");
        assertThat(gated.isClosed()).isTrue();
        gated.open();
        assertThat(running.get(10, TimeUnit.SECONDS)).as("the batch running at close finishes").containsKey("y");
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (Thread t : newThreads(threadsBefore)) {
            t.join(5_000); // a pool's worker may still be on its way out when awaitTermination returns
        }
        assertThat(newThreads(threadsBefore)).as("threads left").isEmpty();
        runtime.evictAll();
        assertThat(ModelRuntime.openSessions()).as("native sessions after close").isEqualTo(sessionsBefore);
    }

    @Test
    void nonFiniteAllowed_servesNaNAsTheUnbatchedModelDoes() {
        try (BatchedModel m = DynamicBatching.newBuilder().nonFinite(NonFinitePolicy.ALLOW).build()
                .wrap(openMlp())) {
            float[] x = new float[BatchBundles.INPUTS];
            x[3] = Float.NaN;
            assertThat(m.predict(Map.of("x", Tensor.ofFloats(x, 1, BatchBundles.INPUTS))).get("y").toFloatArray())
                    .contains(Float.NaN);
        }
    }

    @Test
    void builder_checksEachOptionAtOnce_andRefusesASecondSet() {
        assertThatThrownBy(() -> DynamicBatching.newBuilder().maxBatchRows(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxBatchRows: 0 must be >= 1");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().maxDelay(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxDelay: PT-0.001S");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().queueCapacity(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("queueCapacity: 0 must be >= 1");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().maxConcurrentBatches(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrentBatches: 0 must be >= 1");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().warmupInputs(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("warmupInputs");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().maxBatchRows(8).maxBatchRows(16))
                .isInstanceOf(IllegalStateException.class).hasMessage("maxBatchRows is already set to 8");
        DynamicBatching.Builder b = DynamicBatching.newBuilder().maxBatchRows(8);
        assertThat(b.build().maxBatchRows()).isEqualTo(b.build().maxBatchRows()).isEqualTo(8);
        DynamicBatching d = DynamicBatching.defaults();
        assertThat(List.of(d.maxBatchRows(), d.queueCapacity(), d.maxConcurrentBatches())).containsExactly(64, 1024, 1);
        assertThat(d.maxDelay()).isEqualTo(Duration.ofMillis(1));
        assertThat(d.nonFinite()).isEqualTo(NonFinitePolicy.REJECT);
    }

    @Test
    void warmupInputsThatDoNotFitTheModel_areRefusedNamingTheProblem() {
        RuntimeModel model = openMlp();
        DynamicBatching wrong = DynamicBatching.newBuilder()
                .warmupInputs(Map.of("x", Tensor.ofFloats(new float[3], 1, 3))).build();
        assertThatThrownBy(() -> wrong.wrap(model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupInputs do not fit mlp 1.0.0")
                .hasMessageContaining("dimension 1 must be 8").hasCauseInstanceOf(InvalidInputException.class);
        model.close();
    }

    static void awaitForming(BatchingModel m, int rows) throws InterruptedException {
        await(m::formingRows, n -> n == rows, "rows in the forming batch", rows);
    }

    static void awaitQueued(BatchingModel m, int n) throws InterruptedException {
        await(m::queued, q -> q >= n, "requests queued", n);
    }

    /** Polls {@code value} every millisecond until {@code done} holds, for at most 10 s. */
    private static void await(IntSupplier value, IntPredicate done, String what, int expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int now;
        while (!done.test(now = value.getAsInt())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(now + " " + what + ", expected " + expected);
            }
            Thread.sleep(1);
        }
    }

    static void assertSameBits(Map<String, Tensor> actual, Map<String, Tensor> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            assertThat(actual.get(name).shape()).isEqualTo(expected.get(name).shape());
            assertThat(actual.get(name).toFloatArray()).as("output '%s', bit for bit", name)
                    .isEqualTo(expected.get(name).toFloatArray());
        }
    }

    private static List<Thread> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .filter(t -> !t.getName().startsWith("ForkJoinPool")).toList();
    }
}
