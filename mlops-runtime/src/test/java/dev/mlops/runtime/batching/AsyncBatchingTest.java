// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import static dev.mlops.runtime.batching.DynamicBatchingTest.assertSameBits;
import static dev.mlops.runtime.batching.DynamicBatchingTest.awaitQueued;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchedModel#predictAsync} on real ONNX Runtime sessions: batches of asynchronous requests run on the given
 * executor, results match unbatched calls bit for bit, errors stay per request and arrive through the future, the
 * queue bound, close, cancellation, and executors that refuse tasks or run them on the submitting thread.
 */
class AsyncBatchingTest extends RealRuntimeTest {
    /** Where the batches of asynchronous requests run in these tests; its threads are named for the assertions. */
    private final ExecutorService batches = Executors.newSingleThreadExecutor(r -> new Thread(r, "batches"));

    @AfterEach
    void stopBatches() throws InterruptedException { // before the runtime closes (superclass methods run after)
        batches.shutdownNow();
        assertThat(batches.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private BatchedModel wrap(RuntimeModel model, Executor executor) {
        return DynamicBatching.newBuilder().maxDelay(Duration.ofSeconds(5)).executor(executor).build().wrap(model);
    }

    @Test
    void requestsKeptInFlightByTwoThreads_runInBatchesOnTheExecutor_eachGettingTheUnbatchedAnswerBitForBit()
            throws Exception {
        RuntimeModel reference = openMlp();
        GatedModel gated = new GatedModel(openMlp());
        int threads = 2;
        int perThread = 1500;
        int window = 32;
        List<List<Map<String, Tensor>>> sent = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(100 + t);
            List<Map<String, Tensor>> requests = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                requests.add(BatchBundles.rows(random, 1 + i % 3));
            }
            sent.add(requests);
        }
        try (BatchedModel m = wrap(gated, batches)) {
            gated.callThreads.clear();
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<List<Map<String, Tensor>>>> done = new ArrayList<>();
            for (List<Map<String, Tensor>> requests : sent) {
                done.add(pool.submit(() -> {
                    start.await();
                    List<CompletableFuture<Map<String, Tensor>>> futures = new ArrayList<>();
                    List<Map<String, Tensor>> answers = new ArrayList<>();
                    for (int i = 0; i < requests.size(); i++) {
                        if (i >= window) {
                            answers.add(futures.get(i - window).get(10, TimeUnit.SECONDS));
                        }
                        futures.add(m.predictAsync(requests.get(i)));
                    }
                    for (int i = Math.max(0, requests.size() - window); i < requests.size(); i++) {
                        answers.add(futures.get(i).get(10, TimeUnit.SECONDS));
                    }
                    return answers;
                }));
            }
            for (int t = 0; t < threads; t++) {
                List<Map<String, Tensor>> answers = done.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < perThread; i++) {
                    assertSameBits(answers.get(i), reference.predict(sent.get(t).get(i)));
                }
            }
            BatchStats stats = m.stats();
            assertThat(stats.requests()).isEqualTo((long) threads * perThread);
            assertThat(stats.batches()).as("runs of the wrapped model").isLessThan(stats.requests());
            assertThat(gated.callThreads).as("threads the batches ran on").extracting(Thread::getName)
                    .containsOnly("batches");
            assertThat(m.toString()).contains("dispatched " + stats.batches());
        } finally {
            reference.close();
        }
    }

    @Test
    void syncAndAsyncRequestsUnderLoadTogether_eachGetTheUnbatchedAnswerBitForBit() throws Exception {
        RuntimeModel reference = openMlp();
        GatedModel gated = new GatedModel(openMlp());
        int syncThreads = 8;
        int asyncThreads = 2;
        int each = 300;
        List<List<Map<String, Tensor>>> sent = new ArrayList<>();
        for (int t = 0; t < syncThreads + asyncThreads; t++) {
            SplittableRandom random = new SplittableRandom(300 + t);
            List<Map<String, Tensor>> requests = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                requests.add(BatchBundles.rows(random, 1 + i % 2));
            }
            sent.add(requests);
        }
        try (BatchedModel m = wrap(gated, batches)) {
            gated.callThreads.clear();
            CyclicBarrier start = new CyclicBarrier(syncThreads + asyncThreads);
            List<Future<List<Map<String, Tensor>>>> done = new ArrayList<>();
            for (int t = 0; t < syncThreads + asyncThreads; t++) {
                List<Map<String, Tensor>> requests = sent.get(t);
                boolean async = t >= syncThreads;
                done.add(pool.submit(() -> {
                    start.await();
                    List<Map<String, Tensor>> answers = new ArrayList<>();
                    List<CompletableFuture<Map<String, Tensor>>> futures = new ArrayList<>();
                    for (Map<String, Tensor> r : requests) {
                        if (async) {
                            futures.add(m.predictAsync(r));
                        } else {
                            answers.add(m.predict(r));
                        }
                    }
                    for (CompletableFuture<Map<String, Tensor>> f : futures) {
                        answers.add(f.get(30, TimeUnit.SECONDS));
                    }
                    return answers;
                }));
            }
            for (int t = 0; t < done.size(); t++) {
                List<Map<String, Tensor>> answers = done.get(t).get(60, TimeUnit.SECONDS);
                for (int i = 0; i < each; i++) {
                    assertSameBits(answers.get(i), reference.predict(sent.get(t).get(i)));
                }
            }
            assertThat(m.stats().requests()).isEqualTo((long) (syncThreads + asyncThreads) * each);
            assertThat(m.stats().batches()).isLessThan(m.stats().requests());
        } finally {
            reference.close();
        }
    }

    @Test
    void loneRequestOnAnIdleModel_isDispatchedAtOnce_withoutWaitingForTheDelay() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        try (BatchedModel m = DynamicBatching.newBuilder().maxDelay(Duration.ofMinutes(10)).executor(batches).build()
                .wrap(gated)) {
            gated.callThreads.clear();
            Map<String, Tensor> out = m.predictAsync(BatchBundles.rows(new SplittableRandom(1), 2))
                    .get(5, TimeUnit.SECONDS);
            assertThat(out.get("y").shape()).containsExactly(2, BatchBundles.OUTPUTS);
            assertThat(gated.callThreads).extracting(Thread::getName).containsExactly("batches");
            assertThat(m.stats()).isEqualTo(new BatchStats(1, 2, 1, 2, 0, 0, 0));
        }
    }

    @Test
    void requestOfNoRows_isAnsweredBeforePredictAsyncReturns_withoutABatch() {
        try (BatchedModel m = wrap(openMlp(), batches)) {
            CompletableFuture<Map<String, Tensor>> f = m.predictAsync(BatchBundles.rows(new SplittableRandom(8), 0));
            assertThat(f).isCompleted();
            assertThat(f.join().get("y").shape()).containsExactly(0, BatchBundles.OUTPUTS);
            assertThat(m.stats().batches()).isZero();
        }
    }

    @Test
    void badRequest_failsItsOwnFutureAtOnce_withTheErrorPredictThrows_andIsNeverQueued() {
        GatedModel gated = new GatedModel(runtime.open(BatchBundles.bundle(dir.resolve("bounded"), BatchBundles.mlp(),
                b -> b.constraint(Constraint.reject("x", -10, 10)))));
        Map<String, Map<String, Tensor>> bad = DynamicBatchingTest.badRequests();
        try (BatchedModel m = wrap(gated, batches)) {
            gated.callRows.clear();
            bad.forEach((what, in) -> {
                RuntimeException thrown = DynamicBatchingTest.thrownBy(() -> m.predict(in));
                CompletableFuture<Map<String, Tensor>> f = m.predictAsync(in);
                assertThat(f).as(what).isCompletedExceptionally();
                assertThatThrownBy(f::join).as(what).cause()
                        .isInstanceOfAny(InvalidInputException.class, EnvelopeViolationException.class)
                        .hasSameClassAs(thrown).hasMessage(thrown.getMessage());
            });
            assertThat(gated.callRows).as("rows that reached the engine").isEmpty();
            assertThat(m.stats().rejectedInputs()).isEqualTo(2L * bad.size());
            assertThat(m.stats().requests()).isZero();
        }
    }

    @Test
    void requestsQueuedBehindARunningBatch_runAsOneBatchOnTheExecutor_andAFullQueueFailsTheNextFuture()
            throws Exception {
        RuntimeModel reference = openMlp();
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(2);
        Map<String, Tensor> a = BatchBundles.rows(random, 1);
        Map<String, Tensor> b = BatchBundles.rows(random, 3);
        try (BatchedModel m = DynamicBatching.newBuilder().queueCapacity(2).executor(batches).build().wrap(gated)) {
            gated.callRows.clear();
            gated.callThreads.clear();
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            CompletableFuture<Map<String, Tensor>> fa = m.predictAsync(a);
            CompletableFuture<Map<String, Tensor>> fb = m.predictAsync(b);
            awaitQueued((BatchingModel) m, 2);

            CompletableFuture<Map<String, Tensor>> refused = m.predictAsync(a);
            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join).cause().isInstanceOfSatisfying(BatchQueueFullException.class,
                    e -> assertThat(e.capacity()).isEqualTo(2)).hasMessageContaining("holds 2 requests");
            assertThat(fa).isNotDone();
            gated.open();

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertSameBits(fa.get(10, TimeUnit.SECONDS), reference.predict(a));
            assertSameBits(fb.get(10, TimeUnit.SECONDS), reference.predict(b));
            assertThat(gated.callRows).as("rows per run").containsExactly(1L, 4L);
            assertThat(gated.callThreads.get(1).getName()).as("the thread of the batch of 4 rows")
                    .isEqualTo("batches");
            assertThat(m.stats()).isEqualTo(new BatchStats(3, 5, 2, 4, 0, 1, 0));
        } finally {
            reference.close();
        }
    }

    @Test
    void engineErrorInABatch_failsEachFutureWithBatchFailedException_andTheModelKeepsServing() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(3);
        try (BatchedModel m = wrap(gated, batches)) {
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            List<CompletableFuture<Map<String, Tensor>>> futures = List.of(
                    m.predictAsync(BatchBundles.rows(random, 1)), m.predictAsync(BatchBundles.rows(random, 1)));
            awaitQueued((BatchingModel) m, 2);
            gated.failNextBatch();
            gated.open();

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            for (CompletableFuture<Map<String, Tensor>> f : futures) {
                assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).cause()
                        .isInstanceOf(BatchFailedException.class)
                        .hasMessageContaining("a batch of 2 requests (2 rows) failed")
                        .hasMessageContaining("injected engine error");
            }
            assertThat(m.predictAsync(BatchBundles.rows(random, 1)).get(10, TimeUnit.SECONDS))
                    .as("serving after the failed batch").containsKey("y");
            assertThat(m.stats().failedBatches()).isEqualTo(1);
        }
    }

    @Test
    void close_failsQueuedFutures_andLaterRequestsAtOnce_andLeavesNoSession() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        BatchedModel m = wrap(gated, batches);
        Map<String, Tensor> in = BatchBundles.rows(new SplittableRandom(4), 1);
        gated.shut();
        Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(in));
        gated.awaitWaiting(1);
        CompletableFuture<Map<String, Tensor>> queued = m.predictAsync(in);
        awaitQueued((BatchingModel) m, 1);

        m.close();

        assertThatThrownBy(() -> queued.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed while the request was queued");
        CompletableFuture<Map<String, Tensor>> after = m.predictAsync(in);
        assertThat(after).isCompletedExceptionally();
        assertThatThrownBy(after::join).cause().isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mlp 1.0.0: this batching model is closed");
        gated.open();
        assertThat(running.get(10, TimeUnit.SECONDS)).as("the batch running at close finishes").containsKey("y");
        assertThat(gated.isClosed()).isTrue();
        runtime.evictAll();
        assertThat(ModelRuntime.openSessions()).as("native sessions after close").isEqualTo(sessionsBefore);
    }

    @Test
    void futureCancelledOrTimedOutWhileQueued_dropsItsRequestFromTheBatch() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(5);
        try (BatchedModel m = wrap(gated, batches)) {
            gated.callRows.clear();
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            CompletableFuture<Map<String, Tensor>> cancelled = m.predictAsync(BatchBundles.rows(random, 2));
            CompletableFuture<Map<String, Tensor>> timedOut = m.predictAsync(BatchBundles.rows(random, 3))
                    .orTimeout(1, TimeUnit.MILLISECONDS);
            CompletableFuture<Map<String, Tensor>> kept = m.predictAsync(BatchBundles.rows(random, 4));
            awaitQueued((BatchingModel) m, 3);
            assertThat(cancelled.cancel(false)).isTrue();
            assertThatThrownBy(() -> timedOut.get(10, TimeUnit.SECONDS)).cause()
                    .isInstanceOf(java.util.concurrent.TimeoutException.class);
            gated.open();

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(kept.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(4, BatchBundles.OUTPUTS);
            assertThat(gated.callRows).as("rows per run: the abandoned requests never reach the engine")
                    .containsExactly(1L, 4L);
        }
    }

    @Test
    void executorThatRefusesTasks_runsTheBatchOnTheSubmittingThread_andLosesNoRequest() throws Exception {
        ExecutorService shutDown = Executors.newSingleThreadExecutor();
        shutDown.shutdown();
        GatedModel gated = new GatedModel(openMlp());
        try (BatchedModel m = wrap(gated, shutDown)) {
            gated.callThreads.clear();
            CompletableFuture<Map<String, Tensor>> f = m.predictAsync(BatchBundles.rows(new SplittableRandom(6), 1));
            assertThat(f).as("ran before predictAsync returned").isCompleted();
            assertThat(f.get().get("y").shape()).containsExactly(1, BatchBundles.OUTPUTS);
            assertThat(gated.callThreads).containsExactly(Thread.currentThread());
            assertThat(sendFromThreads(m, 4, 500)).as("requests answered under load").isEqualTo(2000);
        }
    }

    @Test
    void executorThatRunsTasksOnTheSubmittingThread_chainsBatchesWithoutNestingThem() throws Exception {
        AtomicInteger deepest = new AtomicInteger();
        GatedModel gated = new GatedModel(openMlp());
        Map<String, Tensor> row = BatchBundles.rows(new SplittableRandom(7), 1);
        int chained = 300;
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(1).executor(Runnable::run).build()
                .wrap(new DepthRecordingModel(gated, deepest))) {
            deepest.set(0);
            m.predictAsync(row).get(10, TimeUnit.SECONDS);
            int shallow = deepest.get();
            // One row per batch: when the gate opens, the thread of the running batch hands the lead on to the
            // first queued request, whose batch the executor runs on that same thread, which then hands it on...
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(row));
            gated.awaitWaiting(1);
            List<CompletableFuture<Map<String, Tensor>>> queued = new ArrayList<>();
            for (int i = 0; i < chained; i++) {
                queued.add(m.predictAsync(row));
            }
            awaitQueued((BatchingModel) m, chained);
            gated.open();

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            for (CompletableFuture<Map<String, Tensor>> f : queued) {
                assertThat(f.get(10, TimeUnit.SECONDS)).containsKey("y");
            }
            assertThat(m.stats().batches()).isEqualTo(2 + chained);
            // Nested, each of the 300 batches would add its frames (about a dozen) to the stack.
            assertThat(deepest.get()).as("deepest stack in a run of the model, against %d for a lone request",
                    shallow).isLessThan(shallow + 40);
            assertThat(sendFromThreads(m, 4, 500)).as("answered under load").isEqualTo(2000);
        }
    }

    @Test
    void executorThatRunsTasksOnTheSubmittingThread_getsTheNextBatchOnlyAfterTheLeaderHasDeliveredItsOwn()
            throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(9);
        try (BatchedModel m = DynamicBatching.newBuilder().maxBatchRows(3).executor(Runnable::run).build()
                .wrap(gated)) {
            BatchingModel impl = (BatchingModel) m;
            gated.callRows.clear();
            gated.callThreads.clear();
            CountDownLatch first = gated.shut(1);
            Future<Map<String, Tensor>> alone = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            List<Thread> leader = new CopyOnWriteArrayList<>();
            Future<Map<String, Tensor>> b = pool.submit(() -> {
                leader.add(Thread.currentThread());
                return m.predict(BatchBundles.rows(random, 1));
            });
            awaitQueued(impl, 1);
            Future<Map<String, Tensor>> d = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            awaitQueued(impl, 2);
            CompletableFuture<Map<String, Tensor>> c = m.predictAsync(BatchBundles.rows(random, 3)); // does not fit
            awaitQueued(impl, 3);
            CountDownLatch third = gated.shut(3);
            first.countDown();

            // b leads [b, d]; then the lead goes to c, whose batch the executor runs on b's thread, held at the gate:
            // d must have its answer already.
            assertThat(alone.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(d.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(1, BatchBundles.OUTPUTS);
            gated.awaitWaiting(1);
            assertThat(c).isNotDone();
            third.countDown();
            assertThat(c.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(3, BatchBundles.OUTPUTS);
            assertThat(b.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(gated.callRows).containsExactly(1L, 2L, 3L);
            assertThat(gated.callThreads.get(2)).as("the thread of c's batch").isSameAs(leader.get(0));
        }
    }

    @Test
    void syncCallerBehindALeadTheExecutorHasNotStarted_takesItBack_andTheLateTaskLeadsNothing() throws Exception {
        List<Runnable> accepted = new CopyOnWriteArrayList<>(); // an executor that is busy: tasks wait here
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(10);
        try (BatchedModel m = wrap(gated, accepted::add)) {
            gated.callRows.clear();
            gated.callThreads.clear();
            CompletableFuture<Map<String, Tensor>> a = m.predictAsync(BatchBundles.rows(random, 1));
            assertThat(accepted).hasSize(1);
            List<Thread> caller = new CopyOnWriteArrayList<>();
            Future<Map<String, Tensor>> b = pool.submit(() -> {
                caller.add(Thread.currentThread());
                return m.predict(BatchBundles.rows(random, 2));
            });

            assertThat(b.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(2, BatchBundles.OUTPUTS);
            assertThat(a.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(1, BatchBundles.OUTPUTS);
            assertThat(gated.callRows).as("one batch: the caller's request and the one ahead of it")
                    .containsExactly(3L);
            assertThat(gated.callThreads).containsExactly(caller.get(0));

            accepted.remove(0).run(); // the executor gets to the task at last: its lead was taken back
            assertThat(gated.callRows).hasSize(1);
            CompletableFuture<Map<String, Tensor>> c = m.predictAsync(BatchBundles.rows(random, 1));
            assertThat(accepted).as("the model is idle again: the next request's lead goes to the executor")
                    .hasSize(1);
            accepted.remove(0).run();
            assertThat(c).isCompleted();
            assertThat(gated.callRows).containsExactly(3L, 1L);
        }
    }

    @Test
    void asyncRequestsBehindALeadTheExecutorNeverStarts_areRunByASubmitterOnceTheLeadIsStale() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(11);
        try (BatchedModel m = wrap(gated, task -> { })) { // accepts every task and drops it
            gated.callRows.clear();
            gated.callThreads.clear();
            CompletableFuture<Map<String, Tensor>> a = m.predictAsync(BatchBundles.rows(random, 1));
            CompletableFuture<Map<String, Tensor>> b = m.predictAsync(BatchBundles.rows(random, 1));
            assertThat(b).as("queued behind a lead given a moment ago").isNotDone();
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(BatchingModel.STALE_DISPATCH_NANOS) + 100);

            CompletableFuture<Map<String, Tensor>> c = m.predictAsync(BatchBundles.rows(random, 1));
            assertThat(c).as("the submitter took the stale lead back and ran the batch").isCompleted();
            for (CompletableFuture<Map<String, Tensor>> f : List.of(a, b, c)) {
                assertThat(f.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(1, BatchBundles.OUTPUTS);
            }
            assertThat(gated.callRows).containsExactly(3L);
            assertThat(gated.callThreads).containsExactly(Thread.currentThread());
        }
    }

    @Test
    void syncCallerQueuedBeforeALeadWentToAnExecutorThatDropsIt_takesTheStaleLeadBack() throws Exception {
        GatedModel gated = new GatedModel(openMlp());
        SplittableRandom random = new SplittableRandom(12);
        try (BatchedModel m = wrap(gated, task -> { })) { // accepts every task and drops it
            BatchingModel impl = (BatchingModel) m;
            gated.callRows.clear();
            gated.shut();
            Future<Map<String, Tensor>> running = pool.submit(() -> m.predict(BatchBundles.rows(random, 1)));
            gated.awaitWaiting(1);
            CompletableFuture<Map<String, Tensor>> async = m.predictAsync(BatchBundles.rows(random, 2));
            awaitQueued(impl, 1);
            Future<Map<String, Tensor>> waiting = pool.submit(() -> m.predict(BatchBundles.rows(random, 3)));
            awaitQueued(impl, 2);
            gated.open(); // the lead goes to the asynchronous request at the head: a task the executor drops

            assertThat(running.get(10, TimeUnit.SECONDS)).containsKey("y");
            assertThat(waiting.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(3, BatchBundles.OUTPUTS);
            assertThat(async.get(10, TimeUnit.SECONDS).get("y").shape()).containsExactly(2, BatchBundles.OUTPUTS);
            assertThat(gated.callRows).containsExactly(1L, 5L);
        }
    }

    @Test
    void builder_takesOneExecutor_andDefaultsToTheCommonPool() {
        Executor e = Runnable::run;
        assertThat(DynamicBatching.defaults().executor()).isSameAs(ForkJoinPool.commonPool());
        assertThat(DynamicBatching.newBuilder().executor(e).build().executor()).isSameAs(e);
        assertThat(DynamicBatching.newBuilder().executor(e).build().toString())
                .contains("asynchronous batches on the given executor");
        assertThatThrownBy(() -> DynamicBatching.newBuilder().executor(e).executor(e))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("executor is already set");
    }

    /**
     * Sends from {@code threads} threads {@code each} requests apiece, 16 in flight per thread, and checks each
     * answer's shape.
     *
     * @return the requests answered
     */
    private int sendFromThreads(BatchedModel m, int threads, int each) throws Exception {
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<Integer>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SplittableRandom random = new SplittableRandom(200 + t);
            done.add(pool.submit(() -> {
                start.await();
                List<CompletableFuture<Map<String, Tensor>>> inFlight = new ArrayList<>();
                int answered = 0;
                for (int i = 0; i < each; i++) {
                    inFlight.add(m.predictAsync(BatchBundles.rows(random, 1)));
                    if (inFlight.size() == 16 || i == each - 1) {
                        for (CompletableFuture<Map<String, Tensor>> f : inFlight) {
                            assertThat(f.get(10, TimeUnit.SECONDS).get("y").shape())
                                    .containsExactly(1, BatchBundles.OUTPUTS);
                            answered++;
                        }
                        inFlight.clear();
                    }
                }
                return answered;
            }));
        }
        int answered = 0;
        for (Future<Integer> f : done) {
            answered += f.get(60, TimeUnit.SECONDS);
        }
        return answered;
    }

    /** A real model that records the deepest call stack any run of it sees. */
    private static final class DepthRecordingModel extends ForwardingModel {
        private final AtomicInteger deepest;

        DepthRecordingModel(RuntimeModel real, AtomicInteger deepest) {
            super(real);
            this.deepest = deepest;
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            deepest.accumulateAndGet(Thread.currentThread().getStackTrace().length, Math::max);
            return real.predict(inputs);
        }
    }
}
