// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.runtime.internal.EnvelopeGuard;
import dev.mlops.runtime.internal.InputCheck;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The batching model: a queue, a lock, and leader hand-off between callers (see {@link DynamicBatching} for the
 * rule). No thread of its own: batches run on callers' threads, and batches led by requests of {@link #predictAsync}
 * on {@link DynamicBatching#executor()}.
 *
 * <p>Invariants, all under {@link #lock}: {@code leaders} counts batches running or about to run (a caller told to
 * lead and not yet awake counts, and so does a batch dispatched to the executor and not yet started); a request is in
 * at most one of: the queue, one leader's batch. The counter {@link #outside} counts callers inside {@code predict}
 * or {@code predictAsync} that are neither queued nor in a batch: each request adds one on entry and takes one when it
 * is queued or starts to run; a waiting caller's request adds one when its batch is done and takes one on exit (an
 * asynchronous request has no caller waiting, so its batch adds nothing for it). Of the {@code leaders},
 * {@link #pendingDispatches} are leads given to the executor whose task has not started; a caller that takes one
 * back holds it from then on, and {@link #reclaimedDispatches} counts the tasks that must return at once when they
 * start (tasks are interchangeable: whichever starts first returns).
 *
 * <p>Thread-safe.
 */
final class BatchingModel implements BatchedModel {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingModel.class);
    /** The outcome that tells a queued caller to lead the next batch. */
    private static final Object LEAD = new Object();
    /** How long a waiting caller yields before it parks, and the longest typical wait for which it yields at all. */
    private static final long YIELD_LIMIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a lead given to the executor may stay unstarted before a {@code predictAsync} caller takes it back. */
    static final long STALE_DISPATCH_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final RuntimeModel model;
    private final DynamicBatching options;
    private final ModelMetadata meta;
    private final String label;
    private final EnvelopeGuard rejects;
    private final int maxRows;
    private final long maxDelayNanos;
    private final Executor executor;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition arrivals = lock.newCondition();
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** Guarded by {@link #lock}. */
    private int leaders;
    /** Written under {@link #lock}: the sum of the rows of the queued requests; a yielding leader reads it without. */
    private volatile int queuedRows;
    /** Guarded by {@link #lock}: queued rows at which a waiting leader wants to be woken. */
    private int wakeAtQueuedRows = Integer.MAX_VALUE;
    /** Leaders waiting for a fuller batch; written under the lock, read without. */
    private volatile int waitingLeaders;
    /** Guarded by {@link #lock}: the batch a leader is waiting to fill, which an arriving caller may complete. */
    private @Nullable Forming forming;
    /** Guarded by {@link #lock}: leads given to the executor whose task has not started. */
    private int pendingDispatches;
    /** Guarded by {@link #lock}: leads a caller took back from the executor; that many tasks return when they start. */
    private int reclaimedDispatches;
    /** Guarded by {@link #lock}: when the latest lead was given to the executor ({@link System#nanoTime()}). */
    private long lastDispatchNanos;
    private volatile boolean closed;
    private final AtomicInteger outside = new AtomicInteger();
    /** A moving average of how long queued callers waited for their outcome; sizes the yield phase of a wait. */
    private volatile long waitEwmaNanos;

    private final LongAdder requests = new LongAdder();
    private final LongAdder rows = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final AtomicLong largest = new AtomicLong();
    private final LongAdder rejectedInputs = new LongAdder();
    private final LongAdder rejectedQueueFull = new LongAdder();
    private final LongAdder failedBatches = new LongAdder();
    /**
     * How batches were formed, for {@link #toString()}: run alone at once, full, delay over, nobody arriving, and
     * dispatched to the executor for asynchronous requests.
     */
    private final LongAdder formedAlone = new LongAdder();
    private final LongAdder formedFull = new LongAdder();
    private final LongAdder formedDelay = new LongAdder();
    private final LongAdder formedNobody = new LongAdder();
    private final LongAdder formedDispatched = new LongAdder();
    /** Set once the executor has refused a batch, so that the warning is logged once. */
    private volatile boolean refusalLogged;
    /** Set once a lead given to the executor was taken back for not starting, so that the warning is logged once. */
    private volatile boolean staleLogged;

    private BatchingModel(RuntimeModel model, DynamicBatching options, EnvelopeGuard rejects) {
        this.model = model;
        this.options = options;
        this.meta = model.metadata();
        this.label = meta.name() + " " + meta.version();
        this.rejects = rejects;
        this.maxRows = options.maxBatchRows();
        this.maxDelayNanos = options.maxDelay().toNanos();
        this.executor = options.executor();
    }

    /** Checks the model, warms it up and wraps it; see {@link DynamicBatching#wrap}. */
    static BatchingModel create(RuntimeModel model, DynamicBatching options) {
        ModelMetadata meta = model.metadata();
        String label = meta.name() + " " + meta.version();
        List<String> problems = new ArrayList<>();
        for (TensorSpec s : meta.inputs()) {
            problem("input", s).ifPresent(problems::add);
        }
        for (TensorSpec s : meta.outputs()) {
            problem("output", s).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new UnbatchableModelException(label + ": cannot batch: " + String.join("; ", problems)
                    + "; dynamic batching needs every input and output to be a tensor whose first dimension is"
                    + " dynamic (-1)");
        }
        // Warn constraints are counted and logged by the wrapped model on the batch, which holds the same values:
        // checking them here too would count each value twice.
        ModelMetadata rejectOnly = new ModelMetadata(meta.schemaVersion(), meta.name(), meta.version(),
                meta.buildId(), meta.description(), meta.author(), meta.createdAt(), meta.modelType(),
                meta.artifact(), meta.inputs(), meta.outputs(), meta.capabilities(),
                meta.constraints().stream().filter(c -> c.action() == ConstraintAction.REJECT).toList(),
                meta.preprocessing(), meta.adequacy(), meta.metrics(), meta.provenance(), meta.runtime(),
                meta.extensions(), meta.statistics());
        BatchingModel batching = new BatchingModel(model, options, new EnvelopeGuard(rejectOnly));
        batching.warmUp();
        return batching;
    }

    private static Optional<String> problem(String kind, TensorSpec s) {
        if (!s.isTensor()) {
            return Optional.of(kind + " '" + s.name() + "' is a " + s.type() + ", not a tensor");
        }
        if (s.shape().rank() == 0 || s.shape().dimension(0) != Shape.DYNAMIC) {
            return Optional.of(kind + " '" + s.name() + "' has shape " + s.shape());
        }
        return Optional.empty();
    }

    /** The batch sizes warm-up runs: 1, the powers of two below the maximum, and the maximum. */
    static List<Integer> warmupSizes(int maxRows) {
        TreeSet<Integer> sizes = new TreeSet<>();
        for (int n = 1; n < maxRows && n > 0; n *= 2) {
            sizes.add(n);
        }
        sizes.add(maxRows);
        return List.copyOf(sizes);
    }

    private void warmUp() {
        Map<String, Tensor> sample;
        if (options.warmupInputs().isPresent()) {
            try {
                sample = admit(options.warmupInputs().get(), null).inputs;
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("warmupInputs do not fit " + label + ": " + e.getMessage(), e);
            }
        } else {
            sample = new LinkedHashMap<>();
            for (TensorSpec spec : meta.inputs()) {
                sample.put(spec.name(), Rows.zeroRow(meta, spec));
            }
        }
        long start = System.nanoTime();
        List<Integer> sizes = warmupSizes(maxRows);
        for (int size : sizes) {
            Map<String, Tensor> in = new LinkedHashMap<>();
            sample.forEach((name, t) -> in.put(name, Rows.repeat(t, size)));
            Map<String, Tensor> out;
            try {
                out = model.predict(in);
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new UnbatchableModelException(label + ": warm-up at a batch of " + size + " rows failed: "
                        + e.getMessage(), e);
            }
            for (Map.Entry<String, Tensor> e : out.entrySet()) {
                long[] shape = e.getValue().shape();
                if (shape.length == 0 || shape[0] != size) {
                    throw new UnbatchableModelException(label + ": warm-up at a batch of " + size + " rows: output '"
                            + e.getKey() + "' has shape " + Arrays.toString(shape) + ", not " + size
                            + " rows: the model does not compute row by row");
                }
            }
        }
        LOG.info("{}: dynamic batching on ({}); warmed up batch sizes {} in {} ms", label, options, sizes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Override
    public ModelMetadata metadata() {
        return meta;
    }

    @Override
    public String deliveryId() {
        return model.deliveryId();
    }

    @Override
    public String executionProvider() {
        return model.executionProvider();
    }

    @Override
    public DynamicBatching options() {
        return options;
    }

    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        return Collections.unmodifiableMap(new LinkedHashMap<String, Value>(predict(inputs)));
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (closed) {
            throw closedError("closed");
        }
        if (claimIdle()) {
            return runAlone(inputs);
        }
        outside.incrementAndGet();
        try {
            Request r;
            try {
                r = admit(inputs, null);
            } catch (InvalidInputException | EnvelopeViolationException e) {
                rejectedInputs.increment();
                throw e;
            }
            if (r.rows == 0) {
                return model.predict(r.inputs); // nothing to batch
            }
            return serve(r);
        } finally {
            if (outside.decrementAndGet() == 0 && waitingLeaders > 0) {
                wakeLeaders();
            }
        }
    }

    @Override
    public CompletableFuture<Map<String, Tensor>> predictAsync(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        if (closed) {
            return CompletableFuture.failedFuture(closedError("closed"));
        }
        CompletableFuture<Map<String, Tensor>> future = new CompletableFuture<>();
        boolean queued = false;
        boolean dispatch = false;
        boolean reclaim = false;
        outside.incrementAndGet();
        try {
            Request r;
            try {
                r = admit(inputs, future);
            } catch (InvalidInputException | EnvelopeViolationException e) {
                rejectedInputs.increment();
                return CompletableFuture.failedFuture(e);
            }
            if (r.rows == 0) {
                try {
                    return CompletableFuture.completedFuture(model.predict(r.inputs)); // nothing to batch
                } catch (RuntimeException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }
            lock.lock();
            try {
                if (closed) {
                    return CompletableFuture.failedFuture(closedError("closed"));
                }
                if (!offer(r)) {
                    return CompletableFuture.failedFuture(queueFull());
                }
                requests.increment();
                rows.add(r.rows);
                queued = true;
                int coming = outside.decrementAndGet();
                if (leaders < options.maxConcurrentBatches()) {
                    dispatch = promoteHead();
                } else if (pendingDispatches > 0 && System.nanoTime() - lastDispatchNanos > STALE_DISPATCH_NANOS) {
                    reclaimDispatch(); // the executor is busy elsewhere, or dropped the task
                    reclaim = true;
                } else if (coming == 0 || queuedRows >= wakeAtQueuedRows) {
                    signalLeaders();
                }
            } finally {
                lock.unlock();
            }
        } finally {
            if (!queued && outside.decrementAndGet() == 0 && waitingLeaders > 0) {
                wakeLeaders();
            }
        }
        if (dispatch) {
            dispatch();
        } else if (reclaim) {
            if (!staleLogged) {
                staleLogged = true;
                LOG.warn("{}: a batch given to the executor did not start within {} ms (the executor is busy with"
                        + " other work, or dropped the task); running it on the submitting thread, and so each time"
                        + " this happens (logged once)", label, TimeUnit.NANOSECONDS.toMillis(STALE_DISPATCH_NANOS));
            }
            Trampoline.run(() -> leadQueuedBatch(false));
        }
        return future;
    }

    /**
     * Under the lock: takes back a lead given to the executor whose task has not started; the task returns at once
     * when it does start. The caller now holds that lead.
     */
    private void reclaimDispatch() {
        pendingDispatches--;
        reclaimedDispatches++;
    }

    /**
     * Takes the lead when the model is idle, for {@link #runAlone}: a lead free, nothing queued, and no other caller
     * on its way in ({@link #outside} zero). The last condition matters under load: the callers of a batch that has
     * just returned come back one by one, and without it the first back would run alone while the others are still
     * being scheduled, then the next, and so on, so that most batches held one request.
     */
    private boolean claimIdle() {
        if (outside.get() != 0) {
            return false;
        }
        lock.lock();
        try {
            if (closed || leaders >= options.maxConcurrentBatches() || !queue.isEmpty() || outside.get() != 0) {
                return false;
            }
            leaders++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The lone request on an idle model, holding a lead: it meets no other request, so it pays only the checks the
     * wrapped model does not make itself (the rows common to all inputs, {@link NonFinitePolicy}) and then calls the
     * wrapped model, which checks names, dtypes, shapes and the envelope. Any error goes through {@link #admit}, so
     * that it is the error a queued request would get: the same exception, the same message.
     */
    private Map<String, Tensor> runAlone(Map<String, Tensor> inputs) {
        try {
            Map<String, Tensor> snapshot;
            int n;
            try {
                snapshot = InputCheck.snapshot(meta, inputs);
                n = quickRows(snapshot);
                if (n < 0) {
                    n = admit(snapshot, null).rows; // throws the error the queued path would
                }
            } catch (InvalidInputException | EnvelopeViolationException e) {
                rejectedInputs.increment();
                throw e;
            }
            Map<String, Tensor> out;
            try {
                out = model.predict(snapshot);
            } catch (InvalidInputException | EnvelopeViolationException e) {
                try {
                    admit(snapshot, null); // the queued path's check, in its order, when it would have refused
                } catch (InvalidInputException | EnvelopeViolationException first) {
                    rejectedInputs.increment();
                    throw first;
                }
                countAlone(n, true);
                throw e;
            } catch (RuntimeException e) {
                countAlone(n, true);
                throw e;
            }
            countAlone(n, false);
            return out;
        } finally {
            if (handOn()) {
                dispatch();
            }
        }
    }

    /**
     * Gives up a lead: the next queued request, if any, leads the next batch.
     *
     * @return {@code true} when the next lead went to the executor, which the caller must then {@link #dispatch()}
     */
    private boolean handOn() {
        lock.lock();
        try {
            leaders--;
            return !closed && !queue.isEmpty() && leaders < options.maxConcurrentBatches() && promoteHead();
        } finally {
            lock.unlock();
        }
    }

    /** Counts a request that ran alone as {@link #run} counts a batch of one; a request of no rows is not counted. */
    private void countAlone(int n, boolean failed) {
        if (n == 0) {
            return;
        }
        requests.increment();
        rows.add(n);
        batches.increment();
        largest.accumulateAndGet(n, Math::max);
        formedAlone.increment();
        if (failed) {
            failedBatches.increment();
        }
    }

    /**
     * The checks {@link #admit} makes that the wrapped model does not: every declared input present with at least
     * one dimension, all with the same first dimension, and, under {@link NonFinitePolicy#REJECT}, no NaN or
     * infinity.
     *
     * @return the rows of the request, or {@code -1} when a check fails (then {@link #admit} says which)
     */
    private int quickRows(Map<String, Tensor> snapshot) {
        long n = -1;
        for (TensorSpec spec : meta.inputs()) {
            Tensor t = snapshot.get(spec.name());
            if (t == null || t.shape().length == 0 || (n >= 0 && t.shape()[0] != n)) {
                return -1;
            }
            n = t.shape()[0];
            if (options.nonFinite() == NonFinitePolicy.REJECT && !Rows.isFinite(t)) {
                return -1;
            }
        }
        return n < 0 || n > Integer.MAX_VALUE ? -1 : (int) n;
    }

    /** Checks one request on its own: everything that could fail it is checked here, before it meets others. */
    private Request admit(Map<String, Tensor> inputs,
            @Nullable CompletableFuture<Map<String, Tensor>> future) {
        Map<String, Tensor> snapshot = InputCheck.snapshot(meta, inputs);
        InputCheck.check(meta, snapshot);
        long n = -1;
        String first = "";
        for (TensorSpec spec : meta.inputs()) {
            Tensor t = Objects.requireNonNull(snapshot.get(spec.name()), spec.name()); // present: checked above
            long d = t.shape()[0];
            if (n < 0) {
                n = d;
                first = spec.name();
            } else if (d != n) {
                throw new InvalidInputException(label + ": input '" + spec.name() + "' has " + d + " rows (shape "
                        + Arrays.toString(t.shape()) + ") but input '" + first + "' has " + n
                        + "; every input's first dimension counts the same rows");
            }
        }
        if (options.nonFinite() == NonFinitePolicy.REJECT) {
            for (Map.Entry<String, Tensor> e : snapshot.entrySet()) {
                Rows.requireFinite(label, e.getKey(), e.getValue());
            }
        }
        rejects.check(snapshot);
        List<Long> key = new ArrayList<>();
        for (TensorSpec spec : meta.inputs()) {
            long[] shape = Objects.requireNonNull(snapshot.get(spec.name()), spec.name()).shape();
            for (int i = 1; i < shape.length; i++) {
                key.add(shape[i]);
            }
        }
        return new Request(snapshot, Math.toIntExact(n), key, future);
    }

    private Map<String, Tensor> serve(Request r) {
        boolean alone;
        boolean dispatch = false;
        @Nullable Forming completed;
        lock.lock();
        try {
            if (closed) {
                throw closedError("closed");
            }
            if (leaders < options.maxConcurrentBatches() && queue.isEmpty() && outside.get() == 1) {
                leaders++; // idle and no other caller on its way (this caller still counts itself in outside)
                alone = true;
            } else {
                if (!offer(r)) {
                    throw queueFull();
                }
                alone = false;
                if (leaders < options.maxConcurrentBatches()) {
                    dispatch = promoteHead(); // an asynchronous request can be ahead of this one
                }
                if (pendingDispatches > 0 && r.outcome == null) {
                    // A lead is waiting for the executor to start its task (maybe just given above): this caller
                    // waits anyway, so it leads on its own thread now instead, taking the requests ahead of it too.
                    if (dispatch) {
                        pendingDispatches--; // never handed to the executor: nothing to take back
                        dispatch = false;
                    } else {
                        reclaimDispatch();
                    }
                    queue.removeLastOccurrence(r);
                    queuedRows -= r.rows;
                    r.outcome = LEAD;
                }
            }
            requests.increment();
            rows.add(r.rows);
            int coming = outside.decrementAndGet();
            completed = alone || r.outcome == LEAD ? null : complete(coming);
            if (completed == null && (coming == 0 || queuedRows >= wakeAtQueuedRows)) {
                signalLeaders();
            }
        } finally {
            lock.unlock();
        }
        if (dispatch) {
            dispatch();
        }
        if (alone) {
            formedAlone.increment();
            return Objects.requireNonNull(lead(r, List.of(r), r.rows));
        }
        if (completed != null) {
            Map<String, Tensor> own = lead(r, completed.batch, completed.total);
            if (own != null) {
                return own;
            }
        }
        Object outcome = await(r);
        if (outcome == LEAD) {
            r.outcome = null;
            return formAndLead(r);
        }
        return unwrap(outcome);
    }

    /**
     * Under the lock, after a caller queued its request: when a leader is waiting to fill a batch and this arrival
     * fills it, or no other caller is on its way ({@code coming} zero), takes that batch from the leader for this
     * caller to run at once, on the core it holds. Waking the leader instead would cost the time until the scheduler
     * gives the leader its next turn, while every request of the batch waits (measured: 1.5 to 2 times the batched
     * throughput at 64 callers on 2 cores, mlops-bench/README.md). The leader, finding its batch taken, waits for
     * its own request's outcome like any member.
     *
     * @return the batch for this caller to run, or {@code null} when there is none to complete
     */
    private @Nullable Forming complete(int coming) {
        Forming f = forming;
        if (f == null || closed) {
            return null;
        }
        f.total = drain(f.batch, f.total, f.key);
        if (f.total < maxRows && coming > 0) {
            return null;
        }
        f.taken = true;
        forming = null;
        (f.total >= maxRows ? formedFull : formedNobody).increment();
        signalLeaders(); // a leader sleeping on the condition wakes to find its batch taken
        return f;
    }

    /**
     * Under the lock: gives the next batch's lead to the request at the head of the queue. A waiting caller is told
     * to lead; a request of {@link #predictAsync} has no caller waiting, so the lead goes to a task on the executor,
     * which the caller of this method must {@link #dispatch()} once it has released the lock (an executor may run a
     * task on the thread that submits it).
     *
     * @return {@code true} when the caller must dispatch
     */
    private boolean promoteHead() {
        Request head = queue.peekFirst();
        if (head == null) {
            return false;
        }
        leaders++;
        if (head.future != null) {
            pendingDispatches++;
            lastDispatchNanos = System.nanoTime();
            return true;
        }
        queue.pollFirst();
        queuedRows -= head.rows;
        finish(head, LEAD);
        return false;
    }

    /**
     * Not under the lock: starts a lead {@link #promoteHead} gave to the executor. When the executor refuses the task
     * (shut down, saturated), the batch runs on this thread instead, as {@link
     * java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy} would: no request is lost and none waits forever.
     */
    private void dispatch() {
        try {
            executor.execute(this::leadQueued);
        } catch (RejectedExecutionException e) {
            if (!refusalLogged) {
                refusalLogged = true;
                LOG.warn("{}: the batching executor refused a batch ({}); running it on the submitting thread, and"
                        + " so each refused batch from now on (logged once)", label, e.toString());
            }
            leadQueued();
        }
    }

    /**
     * The executor's task: leads one batch of what is queued, at once. Nothing waits for a fuller batch here: the
     * requests that arrived while the previous batch ran are what this one takes. Runs through {@link Trampoline},
     * so that an executor that runs tasks on the submitting thread chains batches instead of nesting them.
     */
    private void leadQueued() {
        Trampoline.run(() -> leadQueuedBatch(true));
    }

    /**
     * Takes what is queued as one batch and leads it.
     *
     * @param dispatched {@code true} in the executor's task (or when it ran on the submitting thread because the
     *     executor refused it): its lead may have been taken back meanwhile; {@code false} when the caller took
     *     the lead back itself ({@link #reclaimDispatch})
     */
    private void leadQueuedBatch(boolean dispatched) {
        List<Request> batch = new ArrayList<>();
        int total = 0;
        lock.lock();
        try {
            if (dispatched) {
                if (reclaimedDispatches > 0) {
                    reclaimedDispatches--;
                    return; // a caller took this lead back and leads on its own thread
                }
                pendingDispatches--;
            }
            Request head;
            while ((head = queue.pollFirst()) != null) {
                queuedRows -= head.rows;
                if (!head.abandoned()) {
                    break;
                }
            }
            if (head != null) {
                batch.add(head);
                total = drain(batch, head.rows, head.key);
                formedDispatched.increment();
            }
        } finally {
            lock.unlock();
        }
        if (batch.isEmpty()) {
            if (handOn()) { // closed, or every queued request was cancelled
                dispatch();
            }
        } else {
            lead(null, batch, total);
        }
    }

    /**
     * Waits for a request's outcome: yielding the core for up to {@link #YIELD_LIMIT_NANOS}, then parking. Yielding
     * keeps the caller runnable, so that the deliverer ({@link #finish}) need not wake it, and the caller returns at
     * its next turn on a core instead of through a sleep and a wake-up (on a virtual
     * machine a wake-up on another core is an interrupt and a VM exit; a core with nothing to run halts and must be
     * woken). Measured: at 64 callers on 2 cores this took the batched throughput from 1.05 to 2.1-2.7 times the
     * unbatched (mlops-bench/README.md). When recent waits ({@link #waitEwmaNanos}) were longer than the limit (a slow
     * model, a long delay), a caller parks at once and burns nothing.
     */
    private Object await(Request r) {
        long start = System.nanoTime();
        Object o;
        long typical = waitEwmaNanos;
        long yieldUntil = typical > YIELD_LIMIT_NANOS ? start : start + YIELD_LIMIT_NANOS;
        while ((o = r.outcome) == null) {
            if (System.nanoTime() - yieldUntil < 0) {
                Thread.yield();
            } else {
                r.parked = true; // before the re-check: finish reads the flag after writing the outcome
                if (r.outcome == null) {
                    LockSupport.parkNanos(r, STALE_DISPATCH_NANOS);
                    if (r.outcome == null) {
                        reclaimStale(r);
                    }
                }
            }
        }
        long waited = System.nanoTime() - start;
        // Racy on purpose: a lost update only delays the average's adjustment by one wait.
        waitEwmaNanos = typical + (Math.min(waited, 8 * YIELD_LIMIT_NANOS) - typical) / 8;
        return o;
    }

    /**
     * For a caller that has slept {@link #STALE_DISPATCH_NANOS} with its request still queued: when the lead ahead of
     * it went to the executor that long ago and its task has not started (the executor busy elsewhere, or it dropped
     * the task), takes that lead back for this caller, which then leads on its own thread.
     */
    private void reclaimStale(Request r) {
        lock.lock();
        try {
            if (r.outcome == null && pendingDispatches > 0
                    && System.nanoTime() - lastDispatchNanos > STALE_DISPATCH_NANOS && queue.remove(r)) {
                queuedRows -= r.rows;
                reclaimDispatch();
                r.outcome = LEAD;
            }
        } finally {
            lock.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Tensor> unwrap(Object outcome) {
        if (outcome instanceof RuntimeException e) {
            throw e;
        }
        if (outcome instanceof Error e) {
            throw e;
        }
        return (Map<String, Tensor>) outcome;
    }

    /** The promoted caller: takes what fits, waits for more while more is coming, then runs. */
    private Map<String, Tensor> formAndLead(Request head) {
        Forming f = new Forming(head);
        lock.lock();
        try {
            f.total = drain(f.batch, f.total, f.key);
            // From now, not from the head's arrival: under overload the head has often waited longer than the
            // delay already, and a rule counted from its arrival would stop forming batches when they matter most.
            long formStart = System.nanoTime();
            long deadline = formStart + maxDelayNanos;
            // The first stretch of the wait yields the core instead of sleeping, as a waiting caller does (see
            // await): the callers on their way in are usually a few scheduler turns away.
            long yieldUntil = formStart + Math.min(maxDelayNanos, YIELD_LIMIT_NANOS);
            if (forming == null) { // with several batches at once, one forming batch at a time can be completed
                forming = f;
            }
            while (f.total < maxRows && !closed && outside.get() > 0 && !f.taken) {
                long now = System.nanoTime();
                long left = deadline - now;
                if (left <= 0) {
                    break;
                }
                int need = maxRows - f.total;
                if (now - yieldUntil < 0) {
                    lock.unlock();
                    try {
                        while (!f.taken && !closed && outside.get() > 0 && queuedRows < need
                                && System.nanoTime() - yieldUntil < 0) {
                            Thread.yield();
                        }
                    } finally {
                        lock.lock();
                    }
                } else {
                    wakeAtQueuedRows = Math.min(wakeAtQueuedRows, need);
                    waitingLeaders++;
                    try {
                        arrivals.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    } finally {
                        waitingLeaders--;
                    }
                }
                if (!f.taken) {
                    f.total = drain(f.batch, f.total, f.key);
                }
            }
            if (!f.taken) {
                if (forming == f) {
                    forming = null;
                }
                if (f.total >= maxRows) {
                    formedFull.increment();
                } else if (outside.get() <= 0) {
                    formedNobody.increment();
                } else {
                    formedDelay.increment();
                }
                if (closed) {
                    leaders--;
                    outside.addAndGet(waiting(f.batch));
                }
            }
        } finally {
            lock.unlock();
        }
        if (f.taken) {
            // A caller that arrived completed the batch and runs it (see serve); this head is one of its requests.
            return unwrap(await(head));
        }
        if (closed) {
            for (int i = 1; i < f.batch.size(); i++) {
                finish(f.batch.get(i), closedError("closed before its batch ran"));
            }
            throw closedError("closed before its batch ran");
        }
        return Objects.requireNonNull(lead(head, f.batch, f.total));
    }

    /** @return the requests of {@code batch} whose callers wait for them (not those of {@link #predictAsync}) */
    private static int waiting(List<Request> batch) {
        int n = 0;
        for (Request r : batch) {
            if (r.future == null) {
                n++;
            }
        }
        return n;
    }

    /** Under the lock: moves the queued requests that fit, first in first out, into the batch. */
    private int drain(List<Request> batch, int total, List<Long> key) {
        int sum = total;
        for (Iterator<Request> it = queue.iterator(); it.hasNext() && sum < maxRows;) {
            Request q = it.next();
            if (q.abandoned()) {
                it.remove();
                queuedRows -= q.rows;
                continue;
            }
            if (!q.key.equals(key)) {
                continue;
            }
            if (sum + q.rows > maxRows) {
                break;
            }
            it.remove();
            queuedRows -= q.rows;
            batch.add(q);
            sum += q.rows;
        }
        return sum;
    }

    private void signalLeaders() {
        if (waitingLeaders > 0) {
            wakeAtQueuedRows = Integer.MAX_VALUE;
            arrivals.signalAll();
        }
    }

    private void wakeLeaders() {
        lock.lock();
        try {
            signalLeaders();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs a batch, hands the lead on, and delivers the outcome of every request in it but the caller's own.
     *
     * @return the outputs of the caller's own request, or {@code null} when it is not in the batch (a caller that
     *     completed a forming batch and ran it, see {@link #serve}, may have found it full without its own)
     */
    private @Nullable Map<String, Tensor> lead(@Nullable Request own, List<Request> batch, int total) {
        Object[] outcomes = new Object[batch.size()];
        int mine = own == null ? -1 : batch.indexOf(own);
        boolean dispatch;
        try {
            run(batch, total, outcomes);
        } catch (RuntimeException | Error e) { // a bug here must not leave the others parked forever
            for (int i = 0; i < outcomes.length; i++) {
                if (outcomes[i] == null) {
                    outcomes[i] = i == mine ? e : new BatchFailedException(label + ": the batch failed: " + e, e);
                }
            }
        } finally {
            outside.addAndGet(waiting(batch));
            dispatch = handOn(); // a waiting caller promoted here starts at once
        }
        for (int i = 0; i < batch.size(); i++) {
            if (i != mine) {
                finish(batch.get(i), outcomes[i]);
            }
        }
        if (dispatch) {
            // After the deliveries: an executor may run the next batch on this thread, and this batch's callers must
            // not wait for it.
            dispatch();
        }
        return mine < 0 ? null : unwrap(outcomes[mine]);
    }

    private void run(List<Request> batch, int total, Object[] outcomes) {
        batches.increment();
        largest.accumulateAndGet(total, Math::max);
        if (batch.size() == 1) {
            try {
                outcomes[0] = model.predict(batch.get(0).inputs);
            } catch (RuntimeException e) {
                failedBatches.increment();
                outcomes[0] = e;
            }
            return;
        }
        Map<String, Tensor> in = new LinkedHashMap<>();
        for (TensorSpec spec : meta.inputs()) {
            List<Tensor> parts = new ArrayList<>(batch.size());
            for (Request r : batch) {
                parts.add(Objects.requireNonNull(r.inputs.get(spec.name()), spec.name()));
            }
            in.put(spec.name(), Rows.concat(parts, total));
        }
        Map<String, Tensor> out;
        try {
            out = model.predict(in);
        } catch (InvalidInputException | EnvelopeViolationException e) {
            // Each request passed these checks alone; the wrapped model refusing the batch can only come from a
            // dimension its graph fixes. Run each request alone, so that each gets its own answer.
            LOG.warn("{}: the wrapped model refused a batch of {} requests ({}); running them one by one", label,
                    batch.size(), e.getMessage());
            for (int i = 0; i < batch.size(); i++) {
                try {
                    outcomes[i] = model.predict(batch.get(i).inputs);
                } catch (RuntimeException alone) {
                    outcomes[i] = alone;
                }
            }
            return;
        } catch (RuntimeException e) {
            failedBatches.increment();
            LOG.warn("{}: a batch of {} requests ({} rows) failed: {}", label, batch.size(), total, e.toString());
            for (int i = 0; i < batch.size(); i++) {
                outcomes[i] = e instanceof IllegalStateException
                        ? new IllegalStateException(label + ": " + e.getMessage(), e)
                        : new BatchFailedException(label + ": a batch of " + batch.size() + " requests (" + total
                                + " rows) failed: " + e.getMessage(), e);
            }
            return;
        }
        split(batch, total, out, outcomes);
    }

    private void split(List<Request> batch, int total, Map<String, Tensor> out, Object[] outcomes) {
        List<Map<String, Tensor>> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            results.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : out.entrySet()) {
            Tensor t = e.getValue();
            long[] shape = t.shape();
            if (shape.length == 0 || shape[0] != total) {
                failedBatches.increment();
                for (int i = 0; i < batch.size(); i++) {
                    outcomes[i] = new BatchFailedException(label + ": output '" + e.getKey() + "' has shape "
                            + Arrays.toString(shape) + " for a batch of " + total
                            + " rows: the model does not compute row by row");
                }
                return;
            }
            Object values = Rows.array(t);
            int at = 0;
            for (int i = 0; i < batch.size(); i++) {
                int n = batch.get(i).rows;
                results.get(i).put(e.getKey(), Rows.slice(values, t, at, n));
                at += n;
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            outcomes[i] = Collections.unmodifiableMap(results.get(i));
        }
    }

    /**
     * Delivers an outcome to a waiting caller (whose {@link #outside} count the deliverer has already restored), and
     * wakes it only when it sleeps: a caller still yielding finds the outcome at its next turn, and the deliverer
     * saves the wake-up call. Both fields are volatile, so the caller either sees the outcome when it re-checks after
     * setting {@code parked}, or this sees {@code parked} after setting the outcome.
     */
    @SuppressWarnings("unchecked")
    private void finish(Request r, Object outcome) {
        CompletableFuture<Map<String, Tensor>> future = r.future;
        if (future != null) { // never told to lead: see promoteHead
            if (outcome instanceof Throwable t) {
                future.completeExceptionally(t);
            } else {
                future.complete((Map<String, Tensor>) outcome);
            }
            return;
        }
        r.outcome = outcome;
        if (r.parked) {
            LockSupport.unpark(r.caller);
        }
    }

    /**
     * Under the lock: queues a request, or counts it refused when the queue is full.
     *
     * @return whether it was queued
     */
    private boolean offer(Request r) {
        if (queue.size() >= options.queueCapacity()) {
            rejectedQueueFull.increment();
            return false;
        }
        queue.addLast(r);
        queuedRows += r.rows;
        return true;
    }

    private BatchQueueFullException queueFull() {
        return new BatchQueueFullException(label + ": the batching queue holds " + options.queueCapacity()
                + " requests already (DynamicBatching queueCapacity); retry later or raise the capacity",
                options.queueCapacity());
    }

    private IllegalStateException closedError(String what) {
        return new IllegalStateException(label + ": this batching model is " + what);
    }

    @Override
    public BatchStats stats() {
        return new BatchStats(requests.sum(), rows.sum(), batches.sum(), largest.get(), rejectedInputs.sum(),
                rejectedQueueFull.sum(), failedBatches.sum());
    }

    /** @return the rows of the batch a leader is waiting to fill now, 0 when none, for tests */
    int formingRows() {
        lock.lock();
        try {
            Forming f = forming;
            return f == null ? 0 : f.total;
        } finally {
            lock.unlock();
        }
    }

    /** @return requests waiting in the queue now, for tests */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        List<Request> dropped;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            dropped = new ArrayList<>(queue);
            queue.clear();
            queuedRows = 0;
            outside.addAndGet(waiting(dropped));
            arrivals.signalAll();
        } finally {
            lock.unlock();
        }
        for (Request r : dropped) {
            finish(r, closedError("closed while the request was queued"));
        }
        try {
            model.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the wrapped model failed: {}", label, e.toString());
        }
        LOG.debug("{}: dynamic batching closed; {} request(s) still queued were failed; {}", label, dropped.size(),
                stats());
    }

    @Override
    public String toString() {
        return "BatchedModel[" + label + ", " + options + ", " + stats() + ", batches formed: alone "
                + formedAlone.sum() + ", full " + formedFull.sum() + ", delay over " + formedDelay.sum()
                + ", nobody arriving " + formedNobody.sum() + ", dispatched " + formedDispatched.sum()
                + (closed ? ", closed" : "") + "]";
    }

    /**
     * A batch a leader is waiting to fill: its requests (the leader's first), their rows and the shape key they share.
     * Guarded by {@link #lock}, except {@link #taken}, which the leader polls while it yields.
     */
    static final class Forming {
        final List<Request> batch = new ArrayList<>();
        final List<Long> key;
        int total;
        /** Set when an arriving caller completed the batch and runs it (see {@link #complete}). */
        volatile boolean taken;

        Forming(Request head) {
            batch.add(head);
            key = head.key;
            total = head.rows;
        }
    }

    /** One caller's checked request, and the slot its outcome arrives in. */
    static final class Request {
        final Map<String, Tensor> inputs;
        final int rows;
        /** The dimensions after the first of every input: requests batch together only when equal. */
        final List<Long> key;
        final Thread caller = Thread.currentThread();
        /** {@code null} while waiting; then {@link #LEAD}, the outputs, or the exception to throw. */
        volatile @Nullable Object outcome;
        /** Set by the caller before it sleeps, so that {@link #finish} wakes only callers that sleep. */
        volatile boolean parked;
        /** Where the outcome goes for a request of {@link #predictAsync}; {@code null} when a caller waits. */
        final @Nullable CompletableFuture<Map<String, Tensor>> future;

        Request(Map<String, Tensor> inputs, int rows, List<Long> key,
                @Nullable CompletableFuture<Map<String, Tensor>> future) {
            this.inputs = inputs;
            this.rows = rows;
            this.key = key;
            this.future = future;
        }

        /** @return whether nobody wants the outcome any more: an asynchronous request cancelled or timed out */
        boolean abandoned() {
            CompletableFuture<Map<String, Tensor>> f = future;
            return f != null && f.isDone();
        }
    }
}
