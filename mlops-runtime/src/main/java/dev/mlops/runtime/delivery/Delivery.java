// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.internal.Interfaces;
import dev.mlops.runtime.OutputComparison;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryEntry;
import dev.mlops.runtime.repository.RepositoryEvent;
import dev.mlops.runtime.repository.RepositoryWatch;
import dev.mlops.runtime.serving.ServedVersion;
import dev.mlops.runtime.serving.ServingEvent;
import dev.mlops.runtime.serving.ServingModel;
import dev.mlops.runtime.serving.SwapFailedException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progressive delivery over a {@link ServingModel}: tries a candidate version on real traffic, in shadow or as a
 * canary, checks its {@linkplain RolloutPlan plan}'s rules over windows of calls, promotes it (the serving handle swaps
 * to it) after enough consecutive passing windows, keeps checking it while it bakes, and rolls it back automatically
 * when the rules fail a configured number of consecutive times. Applications predict through this handle instead of
 * the serving handle; with no rollout running it answers exactly as the serving handle does.
 *
 * <pre>{@code
 * try (Delivery delivery = Delivery.of(runtime, ServingModel.serve(runtime, Path.of("models/weather/1.0.0")))) {
 *     delivery.start(Path.of("models/weather/1.1.0"), RolloutPlan.canary(0.1).rule("error_rate <= 0.01").build());
 *     Map<String, Tensor> y = delivery.predict(userId, inputs);      // the same user, the same arm
 * }
 * }</pre>
 *
 * <h2>Traffic</h2>
 * <ul>
 *   <li><b>Shadow</b>: the serving version answers; afterwards a copy of the request is queued for the candidate on a
 *       bounded queue run by the plan's shadow threads. A full queue drops the copy and counts it; a candidate call
 *       running past the shadow timeout is counted as a timeout and interrupted, its answer ignored; an exception in
 *       the candidate is counted. None of it ever reaches or slows the caller beyond one non-blocking queue offer.
 *       Answers are compared output by output with {@link OutputComparison} and the candidate's adequacy tolerance.
 *   <li><b>Canary</b>: a call with a key goes to the candidate when a stable 64-bit hash of the key (and the plan's
 *       seed) falls below the weight, so one key stays on one arm for the whole trial; a call without a key is routed
 *       by a seeded draw. The candidate's answers and exceptions reach the caller: that is what a canary is.
 *   <li><b>Baking</b>: after promotion every call goes through the serving handle, which now serves the candidate;
 *       its calls are measured as the candidate's. Relative rules compare with the stable values of the last trial
 *       window.
 * </ul>
 *
 * <h2>Windows and decisions</h2>
 * A window closes after {@link RolloutPlan#windowCalls()} candidate calls, or after
 * {@link RolloutPlan#windowDuration()} once it has {@link RolloutPlan#minWindowCalls()}. Its check runs on this
 * handle's scheduler thread, never on a caller's: each rule is evaluated on the window's values (a rule whose metric
 * has no value in the window is not evaluated; a window where no rule could be evaluated is no verdict). Decisions
 * (start, each check, promotion, rollback, close) are serialized by one lock: a promotion racing a rollback, or two
 * rollouts started at once, are decided one after the other, and the loser gets a {@link RolloutStateException}. The
 * serving handle switches atomically, so no version is ever half-switched.
 *
 * <h2>Resources</h2>
 * The candidate is reference-counted: the rollout holds one reference until promotion or rollback, each canary or
 * shadow call one while it runs, and the serving handle one after promotion; the model closes after the last. Closing
 * this handle ends a running trial (rolled back), stops its threads, waits up to the shadow timeout for shadow calls
 * to stop, and closes the serving handle, which closes its versions after their calls in flight.
 *
 * <p>Events are delivered synchronously, on the thread that decided (the scheduler thread for rule decisions), to
 * each listener in registration order; a listener that throws is logged. Keep listeners short: they delay the next
 * check and shadow timeouts.
 *
 * <p>Thread-safe: any thread may predict, start, promote, roll back, take snapshots and close at the same time.
 *
 * @since 0.2.0
 */
public final class Delivery implements RuntimeModel {
    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ModelRuntime runtime;
    private final ServingModel serving;
    private final AtomicReference<@Nullable Trial> trial = new AtomicReference<>();
    private final ReentrantLock decisions = new ReentrantLock();
    private final List<Consumer<? super RolloutEvent>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Delivery(ModelRuntime runtime, ServingModel serving) {
        this.runtime = runtime;
        this.serving = serving;
        this.scheduler = new ScheduledThreadPoolExecutor(1, daemon("mlops-delivery-checks-"));
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    /**
     * Wraps a serving handle; the delivery takes it over and closes it when closed.
     *
     * @param runtime the runtime that loads candidates given by path; closing the delivery does not close it
     * @param serving the serving handle, serving the stable version; the caller keeps predicting through the delivery
     * @return the delivery, with no rollout running
     */
    public static Delivery of(ModelRuntime runtime, ServingModel serving) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(serving, "serving");
        return new Delivery(runtime, serving);
    }

    /**
     * Loads a candidate through the runtime (integrity, signature, adequacy gate) and starts a rollout of it.
     *
     * @param bundle the candidate's directory or {@code .zip}
     * @param plan how it is tried and decided on
     * @return the event also delivered to the listeners
     * @throws dev.mlops.api.MlopsException (or a subtype) as {@link ModelRuntime#open(Path)} throws it, when the
     *     candidate does not load or pass its gate
     * @throws CandidateRefusedException when its inputs or outputs differ from the serving version's
     * @throws RolloutStateException when another rollout is running
     * @throws IllegalStateException when this handle or the runtime is closed
     */
    public RolloutEvent.Started start(Path bundle, RolloutPlan plan) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(plan, "plan");
        ensureOpen();
        return start(runtime.open(bundle), plan);
    }

    /**
     * Starts a rollout of a candidate already loaded and gated; the delivery takes it over and closes it when it is
     * refused, rolled back, or replaced after promotion.
     *
     * @param candidate the candidate; the caller must not close it or use it afterwards
     * @param plan how it is tried and decided on
     * @return the event also delivered to the listeners
     * @throws CandidateRefusedException when its inputs or outputs differ from the serving version's
     * @throws RolloutStateException when another rollout is running (the phase it is in is named)
     * @throws IllegalStateException when this handle is closed
     */
    public RolloutEvent.Started start(RuntimeModel candidate, RolloutPlan plan) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(plan, "plan");
        decisions.lock();
        try {
            if (closed.get()) {
                candidate.close();
                throw closedError();
            }
            Trial running = trial.get();
            if (running != null && !running.phase.isFinal()) {
                candidate.close();
                throw new RolloutStateException(running.phase, "cannot start a rollout of "
                        + candidate.metadata().name() + " " + candidate.metadata().version() + ": the rollout of "
                        + running.lease.served + " is in phase " + running.phase + "; wait for it to complete or roll"
                        + " it back");
            }
            List<String> mismatches = Interfaces.mismatches(serving.metadata(), candidate.metadata());
            if (!mismatches.isEmpty()) {
                candidate.close();
                throw new CandidateRefusedException("candidate " + candidate.metadata().name() + " "
                        + candidate.metadata().version() + " refused, " + serving.current() + " keeps serving: its"
                        + " inputs and outputs must match: " + String.join("; ", mismatches));
            }
            Lease lease = new Lease(candidate);
            ThreadPoolExecutor pool = null;
            if (plan.mode() == RolloutPhase.SHADOW) {
                pool = new ThreadPoolExecutor(plan.shadowThreads(), plan.shadowThreads(), 0, TimeUnit.MILLISECONDS,
                        new ArrayBlockingQueue<>(plan.shadowQueue()), daemon("mlops-delivery-shadow-"),
                        new ThreadPoolExecutor.AbortPolicy());
            }
            Trial t = new Trial(lease, serving.current(), plan, pool);
            long tick = Math.max(10, Math.min(1000, plan.windowDuration().toMillis() / 10));
            t.ticker = scheduler.scheduleAtFixedRate(() -> tick(t), tick, tick, TimeUnit.MILLISECONDS);
            trial.set(t);
            RolloutEvent.Started event = new RolloutEvent.Started(Instant.now(), t.stable, lease.served, plan.mode(),
                    plan.toString());
            emit(event);
            return event;
        } finally {
            decisions.unlock();
        }
    }

    /**
     * Follows a repository: each version of the serving model newer than the one serving (and than the candidate
     * being tried) that appears there complete and verified starts a rollout with {@code plan}. A version that does
     * not load, does not match, or appears while another rollout runs is not tried (a {@link RolloutEvent.Refused}
     * says why) until its bundle changes.
     *
     * @param repository the repository holding the model's versions as {@code <root>/<name>/<version>}
     * @param plan the plan of every rollout it starts
     * @return the watch; close it to stop following (closing this handle makes it ignore further versions)
     * @throws IllegalStateException when this handle or the repository is closed
     */
    public RepositoryWatch follow(ModelRepository repository, RolloutPlan plan) {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(plan, "plan");
        ensureOpen();
        String name = serving.current().name();
        return repository.watch(event -> {
            RepositoryEntry entry;
            if (event instanceof RepositoryEvent.Added added) {
                entry = added.entry();
            } else if (event instanceof RepositoryEvent.Changed changed) {
                entry = changed.current();
            } else {
                return;
            }
            if (closed.get() || !entry.name().equals(name)
                    || entry.version().compareTo(serving.current().version()) <= 0) {
                return;
            }
            Trial t = trial.get();
            if (t != null && entry.version().compareTo(t.lease.served.version()) <= 0) {
                return;
            }
            String source = entry.location().toString();
            try {
                start(entry.location(), plan);
            } catch (RuntimeException e) {
                emit(new RolloutEvent.Refused(Instant.now(), source, e.getClass().getSimpleName() + ": "
                        + e.getMessage()));
            }
        });
    }

    /**
     * Promotes the candidate now, without waiting for its rules: the serving handle swaps to it and its bake begins.
     *
     * @return the event also delivered to the listeners
     * @throws RolloutStateException when no rollout is in a trial phase (none started, already promoted, rolled back
     *     or completed), or the serving handle refused the candidate (then it was rolled back)
     * @throws IllegalStateException when this handle is closed
     */
    public RolloutEvent.Promoted promote() {
        decisions.lock();
        try {
            ensureOpen();
            Trial t = trial.get();
            if (t == null || (t.phase != RolloutPhase.SHADOW && t.phase != RolloutPhase.CANARY)) {
                RolloutPhase phase = t == null ? RolloutPhase.COMPLETED : t.phase;
                throw new RolloutStateException(phase, t == null ? "no rollout to promote"
                        : "cannot promote " + t.lease.served + ": its rollout is in phase " + phase);
            }
            Optional<RolloutEvent.Promoted> p = promote(t, "promoted on demand");
            return p.orElseThrow(() -> new RolloutStateException(t.phase, "the serving handle refused "
                    + t.lease.served + "; it was rolled back"));
        } finally {
            decisions.unlock();
        }
    }

    /**
     * Rolls the running rollout back now: before promotion the candidate is dropped (closed after its calls in
     * flight); while baking the serving handle rolls back to the stable version.
     *
     * @return the event also delivered to the listeners
     * @throws RolloutStateException when no rollout is running (none started, completed or already rolled back)
     * @throws IllegalStateException when this handle is closed
     */
    public RolloutEvent.RolledBack rollback() {
        decisions.lock();
        try {
            ensureOpen();
            Trial t = trial.get();
            if (t == null || t.phase.isFinal()) {
                RolloutPhase phase = t == null ? RolloutPhase.COMPLETED : t.phase;
                throw new RolloutStateException(phase, t == null ? "no rollout to roll back"
                        : "cannot roll back " + t.lease.served + ": its rollout is already " + phase);
            }
            return rollback(t, "rolled back on demand", Optional.empty());
        } finally {
            decisions.unlock();
        }
    }

    /** @return the phase of the running or last rollout, empty when none was started */
    public Optional<RolloutPhase> phase() {
        Trial t = trial.get();
        return t == null ? Optional.empty() : Optional.of(t.phase);
    }

    /** @return the counts of the running or last rollout, empty when none was started */
    public Optional<RolloutSnapshot> snapshot() {
        Trial t = trial.get();
        return t == null ? Optional.empty() : Optional.of(t.snapshot());
    }

    /** @return the version the serving handle serves now */
    public ServedVersion current() {
        return serving.current();
    }

    /**
     * Registers a listener for the events of this handle.
     *
     * @param listener called once per event; an exception it throws is logged and ignored
     */
    public void addListener(Consumer<? super RolloutEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener registered with {@link #addListener}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeListener(Consumer<? super RolloutEvent> listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the serving version's metadata (a candidate's inputs and outputs match it) */
    @Override
    public ModelMetadata metadata() {
        return serving.metadata();
    }

    /** @return the serving version's delivery id */
    @Override
    public String deliveryId() {
        return serving.deliveryId();
    }

    /** @return the serving version's execution provider */
    @Override
    public String executionProvider() {
        return serving.executionProvider();
    }

    /**
     * Runs a call without a key: in a canary it goes to an arm drawn by weight.
     *
     * @param inputs one tensor per declared input, by name
     * @return the declared tensor outputs, by name
     * @throws dev.mlops.api.InvalidInputException as the version that answers throws it
     * @throws IllegalStateException when this handle is closed
     */
    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return route(null, inputs, m -> m.predict(inputs));
    }

    /**
     * Runs a call with a request key: in a canary the same key goes to the same arm for the whole trial.
     *
     * @param key the request key, for example a user or session id
     * @param inputs one tensor per declared input, by name
     * @return the declared tensor outputs, by name
     * @throws dev.mlops.api.InvalidInputException as the version that answers throws it
     * @throws IllegalStateException when this handle is closed
     */
    public Map<String, Tensor> predict(String key, Map<String, Tensor> inputs) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(inputs, "inputs");
        return route(key, inputs, m -> m.predict(inputs));
    }

    /**
     * Runs a call without a key and returns every declared output.
     *
     * @param inputs one tensor per declared input, by name
     * @return every declared output, by name
     * @throws dev.mlops.api.InvalidInputException as the version that answers throws it
     * @throws IllegalStateException when this handle is closed
     */
    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return route(null, inputs, m -> m.predictValues(inputs));
    }

    /**
     * Runs a call with a request key and returns every declared output.
     *
     * @param key the request key
     * @param inputs one tensor per declared input, by name
     * @return every declared output, by name
     * @throws dev.mlops.api.InvalidInputException as the version that answers throws it
     * @throws IllegalStateException when this handle is closed
     */
    public Map<String, Value> predictValues(String key, Map<String, Tensor> inputs) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(inputs, "inputs");
        return route(key, inputs, m -> m.predictValues(inputs));
    }

    // ---------------------------------------------------------------- routing

    private <R extends Map<String, ? extends Value>> R route(@Nullable String key, Map<String, Tensor> inputs,
            Function<RuntimeModel, R> op) {
        if (closed.get()) {
            throw closedError();
        }
        Trial t = trial.get();
        if (t == null) {
            return op.apply(serving);
        }
        RolloutPhase phase = t.phase;
        if (phase == RolloutPhase.SHADOW) {
            long start = System.nanoTime();
            R answer;
            try {
                answer = op.apply(serving);
            } catch (RuntimeException | Error e) {
                recordStable(t, System.nanoTime() - start, e);
                shadow(t, op, null);
                throw e;
            }
            recordStable(t, System.nanoTime() - start, null);
            shadow(t, op, answer);
            return answer;
        }
        if (phase == RolloutPhase.CANARY) {
            if (toCandidate(t, key) && t.lease.tryAcquire()) {
                long start = System.nanoTime();
                try {
                    R answer = op.apply(t.lease.model);
                    recordCandidate(t, System.nanoTime() - start, null);
                    return answer;
                } catch (RuntimeException | Error e) {
                    recordCandidate(t, System.nanoTime() - start, e);
                    throw e;
                } finally {
                    t.lease.release();
                }
            }
            long start = System.nanoTime();
            try {
                R answer = op.apply(serving);
                recordStable(t, System.nanoTime() - start, null);
                return answer;
            } catch (RuntimeException | Error e) {
                recordStable(t, System.nanoTime() - start, e);
                throw e;
            }
        }
        if (phase == RolloutPhase.BAKING) {
            long start = System.nanoTime();
            try {
                R answer = op.apply(serving);
                recordCandidate(t, System.nanoTime() - start, null);
                return answer;
            } catch (RuntimeException | Error e) {
                recordCandidate(t, System.nanoTime() - start, e);
                throw e;
            }
        }
        return op.apply(serving);
    }

    /** Whether a call goes to the candidate: by the key's stable hash, or by a seeded draw without a key. */
    private static boolean toCandidate(Trial t, @Nullable String key) {
        double weight = t.plan.canaryWeight().orElse(0);
        double u = key == null ? unit(mix(t.plan.seed() + t.draws.getAndIncrement() * 0x9E3779B97F4A7C15L))
                : keyUnit(key, t.plan.seed());
        return u < weight;
    }

    /** A key's place in {@code [0, 1)}: FNV-1a over its UTF-16 units and the seed, then mixed; the same everywhere. */
    static double keyUnit(String key, long seed) {
        long h = 0xcbf29ce484222325L ^ seed;
        for (int i = 0; i < key.length(); i++) {
            h ^= key.charAt(i);
            h *= 0x100000001b3L;
        }
        return unit(mix(h));
    }

    private static double unit(long bits) {
        return (bits >>> 11) * 0x1.0p-53;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private void recordStable(Trial t, long nanos, @Nullable Throwable failure) {
        t.window().stable.record(nanos, failure);
        t.stableTotals.record(nanos, failure);
    }

    private void recordCandidate(Trial t, long nanos, @Nullable Throwable failure) {
        Counters.Window w = t.window();
        w.candidate.record(nanos, failure);
        t.candidateTotals.record(nanos, failure);
        closeIfFull(t, w);
    }

    private void closeIfFull(Trial t, Counters.Window w) {
        if (w.candidateCalls() >= t.plan.windowCalls()) {
            closeWindow(t, w, false);
        }
    }

    /** Replaces the window and checks it on the scheduler thread (at once when already on it). */
    private void closeWindow(Trial t, Counters.Window w, boolean onScheduler) {
        if (!w.closing.compareAndSet(false, true)) {
            return;
        }
        Duration length = w.length();
        t.window.compareAndSet(w, new Counters.Window(w.number + 1, t.phase == RolloutPhase.SHADOW));
        if (onScheduler) {
            check(t, w, length);
            return;
        }
        try {
            scheduler.execute(() -> check(t, w, length));
        } catch (RejectedExecutionException e) {
            LOG.debug("window {} of {} not checked: the delivery is closed", w.number, t.lease.served);
        }
    }

    private void tick(Trial t) {
        Counters.Window w = t.window();
        if (w.length().compareTo(t.plan.windowDuration()) >= 0 && w.candidateCalls() >= t.plan.minWindowCalls()) {
            closeWindow(t, w, true);
        }
    }

    // ---------------------------------------------------------------- shadow

    private <R extends Map<String, ? extends Value>> void shadow(Trial t, Function<RuntimeModel, R> op,
            @Nullable R stableAnswer) {
        ThreadPoolExecutor pool = t.shadowPool;
        if (pool == null || t.phase != RolloutPhase.SHADOW) {
            return;
        }
        try {
            pool.execute(() -> runShadow(t, op, stableAnswer));
            t.shadow.submitted.increment();
        } catch (RejectedExecutionException e) {
            if (pool.isShutdown()) {
                return; // the trial left the shadow phase while this call ran
            }
            t.shadow.dropped.increment();
            t.window().dropped.incrementAndGet();
        }
    }

    private <R extends Map<String, ? extends Value>> void runShadow(Trial t, Function<RuntimeModel, R> op,
            @Nullable R stableAnswer) {
        if (!t.lease.tryAcquire()) {
            return; // the candidate was dropped while this copy waited
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread worker = Thread.currentThread();
        ScheduledFuture<?> timer = null;
        try {
            timer = scheduler.schedule(() -> {
                if (done.compareAndSet(false, true)) {
                    worker.interrupt();
                    t.shadow.timeouts.increment();
                    Counters.Window w = t.window();
                    w.timeouts.incrementAndGet();
                    LOG.debug("shadow call on {} ran past {}", t.lease.served, t.plan.shadowTimeout());
                    closeIfFull(t, w);
                }
            }, t.plan.shadowTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // closed: no timer, the call still ends
        }
        long start = System.nanoTime();
        R answer = null;
        Throwable failure = null;
        try {
            answer = op.apply(t.lease.model);
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            t.lease.release();
        }
        long nanos = System.nanoTime() - start;
        if (!done.compareAndSet(false, true)) {
            Thread.interrupted(); // timed out: counted by the timer; clear its interrupt
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        Counters.Window w = t.window();
        if (failure != null) {
            t.shadow.failures.increment();
            LOG.debug("shadow call on {} threw", t.lease.served, failure);
        } else if (stableAnswer != null && answer != null) {
            boolean agree = agree(t, stableAnswer, answer);
            t.shadow.compared.increment();
            w.compared.incrementAndGet();
            if (!agree) {
                t.shadow.disagreements.increment();
                w.disagreements.incrementAndGet();
            }
        }
        w.candidate.record(nanos, failure);
        t.candidateTotals.record(nanos, failure);
        closeIfFull(t, w);
    }

    private static boolean agree(Trial t, Map<String, ? extends Value> stable, Map<String, ? extends Value> candidate) {
        for (Map.Entry<String, ? extends Value> e : stable.entrySet()) {
            OutputResult r = OutputComparison.compare(e.getKey(), (Value) e.getValue(), candidate,
                    t.tolerance(e.getKey()));
            if (!r.passed()) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- decisions

    private void check(Trial t, Counters.Window w, Duration length) {
        decisions.lock();
        try {
            if (trial.get() != t || t.phase.isFinal() || closed.get()) {
                return;
            }
            long dropped = w.dropped.get();
            if (dropped > 0) {
                emit(new RolloutEvent.ShadowOverloaded(Instant.now(), t.lease.served, dropped,
                        t.plan.shadowQueue()));
            }
            RolloutPhase phase = t.phase;
            Map<Metric, Double> candidate = w.candidateValues();
            Map<Metric, Double> stable = phase == RolloutPhase.BAKING ? t.baseline : w.stable.values(0);
            List<RuleResult> results = new ArrayList<>();
            List<Rule> notEvaluated = new ArrayList<>();
            for (Rule rule : t.plan.rules()) {
                Double v = candidate.get(rule.metric());
                Double s = stable.get(rule.metric());
                if (v == null || rule.relative() && s == null) {
                    notEvaluated.add(rule);
                    continue;
                }
                double threshold = rule.threshold(s == null ? 0 : s);
                results.add(new RuleResult(rule, v, threshold, rule.operator().test(v, threshold)));
            }
            if (results.isEmpty()) {
                LOG.debug("window {} of {}: no rule could be evaluated ({}), no verdict", w.number, t.lease.served,
                        notEvaluated);
                return;
            }
            if (phase != RolloutPhase.BAKING && !stable.isEmpty()) {
                t.baseline = stable;
            }
            boolean passed = results.stream().allMatch(RuleResult::passed);
            t.windowsChecked++;
            WindowCheck check = new WindowCheck(t.windowsChecked, phase, length, w.candidateCalls(), candidate,
                    stable, results, notEvaluated, passed);
            if (passed) {
                t.fails = 0;
                t.passes++;
                int required = phase == RolloutPhase.BAKING ? t.plan.bakeWindows() : t.plan.promoteAfter();
                emit(new RolloutEvent.CheckPassed(Instant.now(), t.lease.served, check, t.passes, required));
                if (t.passes >= required) {
                    if (phase == RolloutPhase.BAKING) {
                        complete(t);
                    } else {
                        promote(t, "consecutive passing windows " + t.passes + "/" + required);
                    }
                }
            } else {
                t.passes = 0;
                t.fails++;
                emit(new RolloutEvent.CheckFailed(Instant.now(), t.lease.served, check, t.fails,
                        t.plan.rollbackAfter()));
                if (t.fails >= t.plan.rollbackAfter()) {
                    rollback(t, "consecutive failed checks " + t.fails + "/" + t.plan.rollbackAfter(),
                            Optional.of(check));
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking window {} of {} failed", w.number, t.lease.served, e);
        } finally {
            decisions.unlock();
        }
    }

    /** Under the lock, in a trial phase: swaps the serving handle to the candidate; empty when it was refused. */
    private Optional<RolloutEvent.Promoted> promote(Trial t, String reason) {
        if (!t.lease.tryAcquire()) { // cannot fail while the trial holds its owner reference
            throw new IllegalStateException("candidate " + t.lease.served + " already closed");
        }
        ServingEvent.Swapped swapped;
        try {
            swapped = serving.swapTo(new LeasedModel(t.lease)); // on refusal the serving handle closes it
        } catch (SwapFailedException | IllegalStateException e) {
            rollback(t, "promotion refused by the serving handle: " + e.getMessage(), Optional.empty());
            return Optional.empty();
        }
        stopTrialTraffic(t);
        t.phase = RolloutPhase.BAKING;
        t.passes = 0;
        t.fails = 0;
        t.window.set(new Counters.Window(t.window().number + 1, false));
        RolloutEvent.Promoted event = new RolloutEvent.Promoted(swapped.at(), swapped.from(), swapped.to(), reason);
        emit(event);
        if (t.plan.bakeWindows() == 0) {
            complete(t);
        }
        return Optional.of(event);
    }

    private void complete(Trial t) {
        t.phase = RolloutPhase.COMPLETED;
        end(t);
        emit(new RolloutEvent.Completed(Instant.now(), t.lease.served, t.passes));
    }

    /** Under the lock, on a running trial: drops the candidate, or rolls the serving handle back after promotion. */
    private RolloutEvent.RolledBack rollback(Trial t, String reason, Optional<WindowCheck> check) {
        RolloutPhase from = t.phase;
        String why = reason;
        if (from == RolloutPhase.BAKING) {
            if (serving.current().equals(t.lease.served)) {
                try {
                    serving.rollback();
                } catch (IllegalStateException e) {
                    why = reason + " (the serving handle could not roll back: " + e.getMessage() + ")";
                }
            } else {
                why = reason + " (the serving handle no longer serves " + t.lease.served + " but "
                        + serving.current() + ", left as it is)";
            }
        }
        t.phase = RolloutPhase.ROLLED_BACK;
        end(t);
        RolloutEvent.RolledBack event = new RolloutEvent.RolledBack(Instant.now(), t.lease.served, serving.current(),
                from, why, check);
        emit(event);
        return event;
    }

    /** Stops the shadow threads (a running call is interrupted) and releases the rollout's own reference. */
    private void stopTrialTraffic(Trial t) {
        ThreadPoolExecutor pool = t.shadowPool;
        if (pool != null) {
            pool.shutdownNow();
        }
        if (t.ownerHeld) {
            t.ownerHeld = false;
            t.lease.release();
        }
    }

    private void end(Trial t) {
        stopTrialTraffic(t);
        ScheduledFuture<?> ticker = t.ticker;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    private void emit(RolloutEvent event) {
        log(event);
        for (Consumer<? super RolloutEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("rollout event listener {} failed on {}", listener, event, e);
            }
        }
    }

    private static void log(RolloutEvent event) {
        if (event instanceof RolloutEvent.CheckPassed e) {
            LOG.debug("{}: check passed {}/{}: {}", e.candidate(), e.consecutive(), e.required(), e.check());
        } else if (event instanceof RolloutEvent.CheckFailed e) {
            LOG.warn("{}: check failed {}/{}: {}", e.candidate(), e.consecutive(), e.required(), e.check());
        } else if (event instanceof RolloutEvent.Promoted e) {
            LOG.info("promoted {} over {} ({})", e.to(), e.from(), e.reason());
        } else if (event instanceof RolloutEvent.Completed e) {
            LOG.info("rollout of {} completed after {} bake windows", e.candidate(), e.bakeWindows());
        } else if (event instanceof RolloutEvent.RolledBack e) {
            LOG.warn("rolled back {} from {}, {} serves: {}", e.candidate(), e.phase(), e.serving(), e.reason());
        } else if (event instanceof RolloutEvent.ShadowOverloaded e) {
            LOG.warn("shadow queue of {} full: {} requests dropped in the window (capacity {})", e.candidate(),
                    e.dropped(), e.queueCapacity());
        } else if (event instanceof RolloutEvent.Refused e) {
            LOG.warn("candidate {} not tried: {}", e.candidate(), e.reason());
        } else if (event instanceof RolloutEvent.Started e) {
            LOG.info("rollout of {} beside {} started: {}", e.candidate(), e.stable(), e.plan());
        }
    }

    // ---------------------------------------------------------------- close

    /**
     * Closes the handle: a running trial is rolled back (a {@link RolloutEvent.RolledBack}), the check and shadow
     * threads stop (waiting up to the shadow timeout for a shadow call to end), and the serving handle closes, its
     * versions after their calls in flight. Later calls throw {@link IllegalStateException}. Idempotent, never
     * throws.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        Trial t;
        decisions.lock();
        try {
            t = trial.get();
            if (t != null && !t.phase.isFinal()) {
                if (t.phase == RolloutPhase.BAKING) {
                    t.phase = RolloutPhase.COMPLETED;
                    end(t);
                } else {
                    try {
                        rollback(t, "the delivery handle closed", Optional.empty());
                    } catch (RuntimeException e) {
                        LOG.warn("closing the rollout of {} failed", t.lease.served, e);
                    }
                }
            }
        } finally {
            decisions.unlock();
        }
        scheduler.shutdownNow();
        if (t != null && t.shadowPool != null) {
            try {
                t.shadowPool.awaitTermination(t.plan.shadowTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        serving.close();
        LOG.info("closed delivery handle of {}", serving.current());
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(serving.current() + ": this Delivery is closed");
    }

    private static ThreadFactory daemon(String prefix) {
        return r -> {
            Thread th = new Thread(r, prefix + THREADS.incrementAndGet());
            th.setDaemon(true);
            return th;
        };
    }

    @Override
    public String toString() {
        Trial t = trial.get();
        return "Delivery[" + serving.current() + (t == null ? "" : ", rollout of " + t.lease.served + " " + t.phase)
                + (closed.get() ? ", closed" : "") + "]";
    }
}
