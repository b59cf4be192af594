// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.internal.Interfaces;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryEntry;
import dev.mlops.runtime.repository.RepositoryEvent;
import dev.mlops.runtime.repository.RepositoryWatch;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A serving handle that replaces its model version under load without failing a request (blue/green): every call is
 * answered by exactly one version, a new version takes traffic only after it loaded and passed its adequacy gate, the
 * switch is atomic, calls in flight finish on the old version, and the old version is closed after them.
 *
 * <pre>{@code
 * try (ServingModel serving = ServingModel.serve(runtime, Path.of("models/weather/1.0.0"))) {
 *     serving.addListener(event -> metrics.record(event));
 *     float[][] y = serving.predict(rows);                       // answered by 1.0.0
 *     serving.swapTo(Path.of("models/weather/1.1.0"));            // loads, gates, then switches
 *     serving.rollback();                                         // 1.0.0 serves again
 * }
 * }</pre>
 *
 * <h2>Why no call ever runs on a closed model</h2>
 * Each loaded version has its own reference count: one <em>owner</em> reference while the version is the current or
 * the previous one, plus one per call running on it; the model is closed by whoever drops the count to zero, and a
 * count that reached zero can never be raised again. A call reads the current version once and takes a reference on
 * it. A swap, a rollback or {@link #close()} first replaces the state (one compare-and-set on an
 * {@link AtomicReference}) and only then drops the owner reference of each version the new state no longer holds. So
 * when a call fails to take a reference, the version it read has already left the state, and the call reads the
 * state again: it retries at most once per state change that completes while it runs, and it is never answered by a
 * closed model. A version that left the state never returns to it (rollback only promotes the previous version, which
 * still holds its owner reference). Underneath, the runtime's own lease counting keeps the native session open while
 * any handle on it runs, so even a misuse cannot close a session under {@code run()}.
 *
 * <h2>Swaps, rollback, close</h2>
 * {@link #swapTo(Path)} and {@link #rollback()} are serialized on this handle: a second swap waits for the first to
 * finish (the second then replaces the first's version). The version replaced by a swap stays loaded as the
 * <em>previous</em> version, so that {@link #rollback()} is a switch, not a load: this costs the memory of one extra
 * session (the runtime shares it when the two versions are the same delivery) and is released by the next swap, by a
 * rollback (the version rolled back from is closed after its calls, and then there is no previous version) or by
 * {@link #close()}. A candidate that fails leaves the serving version untouched, raises a
 * {@link ServingEvent.SwapFailed} and throws {@link SwapFailedException}. {@link #close()} never waits: a swap still
 * loading when the handle closes closes what it loaded and throws {@link IllegalStateException}.
 *
 * <p>Events are delivered synchronously, after the switch, on the thread that swapped, to each listener in the order
 * of registration; a listener that throws is logged and does not undo the switch or stop the other listeners.
 *
 * <p>Automatic rollback by a rule (error rate, latency over a window) belongs to progressive delivery:
 * {@link dev.mlops.runtime.delivery.Delivery} wraps this handle, checks a promoted version over its bake windows and
 * calls {@link #rollback()} when its rules fail.
 *
 * <p>Thread-safe: any thread may predict, swap, roll back, register listeners and close at the same time.
 *
 * @since 0.2.0
 */
public final class ServingModel implements RuntimeModel {
    private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

    /** What serves: replaced by one compare-and-set; only {@link #close()} changes it without {@link #swapLock}. */
    private final AtomicReference<State> ref;
    private final ReentrantLock swapLock = new ReentrantLock();
    private final ModelRuntime runtime;
    private final List<Consumer<? super ServingEvent>> listeners = new CopyOnWriteArrayList<>();

    /**
     * The serving state. {@code current} stays set when closed, so that {@link #metadata()} keeps answering.
     *
     * @param current the version that answers calls
     * @param previous the version that {@link #rollback()} returns to
     * @param closed whether this handle is closed (then neither version holds an owner reference)
     */
    private record State(Version current, @Nullable Version previous, boolean closed) {
    }

    private ServingModel(ModelRuntime runtime, RuntimeModel initial) {
        this.runtime = runtime;
        this.ref = new AtomicReference<>(new State(new Version(initial), null, false));
    }

    /**
     * Loads a bundle through the runtime (integrity, signature and adequacy gate as {@link ModelRuntime#open(Path)})
     * and serves it.
     *
     * @param runtime the runtime that loads this and every later version; closing the handle does not close it
     * @param bundle the first version's directory or {@code .zip}
     * @return the handle, serving {@code bundle}; close it when done
     * @throws MlopsException (or a subtype) as {@link ModelRuntime#open(Path)} throws it, when the bundle does not load
     * @throws IllegalStateException when the runtime is closed
     */
    public static ServingModel serve(ModelRuntime runtime, Path bundle) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(bundle, "bundle");
        return serve(runtime, runtime.open(bundle));
    }

    /**
     * Serves a model already loaded; the handle takes it over and closes it.
     *
     * @param runtime the runtime that loads later versions given by path; closing the handle does not close it
     * @param initial the first version, for example from {@link ModelRuntime#open(String, String)}; the caller must
     *     not close it or use it afterwards
     * @return the handle, serving {@code initial}
     */
    public static ServingModel serve(ModelRuntime runtime, RuntimeModel initial) {
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(initial, "initial");
        ServingModel serving = new ServingModel(runtime, initial);
        LOG.info("serving {}", serving.current());
        return serving;
    }

    /**
     * Loads a new version and, once it has loaded, passed its adequacy gate and matches the serving version's inputs
     * and outputs, switches to it atomically. Calls in flight finish on the version they started on. Serialized with
     * the other swaps and rollbacks of this handle.
     *
     * @param bundle the new version's directory or {@code .zip}
     * @return the event also delivered to the listeners
     * @throws SwapFailedException when the candidate does not load (its cause is the runtime's error: invalid bundle,
     *     signature mismatch, adequacy failure, closed runtime) or does not match; the serving version is untouched
     * @throws IllegalStateException when this handle is closed, or closes while the candidate loads
     */
    public ServingEvent.Swapped swapTo(Path bundle) {
        Objects.requireNonNull(bundle, "bundle");
        String source = bundle.toString();
        swapLock.lock();
        try {
            ensureOpen();
            RuntimeModel candidate;
            try {
                candidate = runtime.open(bundle);
            } catch (RuntimeException e) {
                throw refused(source, new SwapFailedException(source, "candidate " + source + " refused, "
                        + state().current().served + " keeps serving: " + e.getMessage(), e));
            }
            return install(candidate, source);
        } finally {
            swapLock.unlock();
        }
    }

    /**
     * Follows a repository: whenever a version of this model newer than the one serving appears there, complete and
     * verified (the repository lists nothing else), swaps to it through {@link #swapTo(Path)}, so it is loaded and
     * gated before it takes traffic. A candidate that fails leaves the serving version in place, with a
     * {@link ServingEvent.SwapFailed} event, and is not tried again until its bundle changes. Versions that are not
     * newer than the serving one, other models and removals are ignored (roll back with {@link #rollback()}).
     *
     * <p>The swaps run on the watch's thread, one at a time; closing the returned watch stops following, and closing
     * this handle makes the watch ignore further versions.
     *
     * @param repository the repository holding this model's versions as {@code <root>/<name>/<version>}
     * @return the watch; close it to stop following
     * @throws IllegalStateException when this handle or the repository is closed
     * @since 0.2.0
     */
    public RepositoryWatch follow(ModelRepository repository) {
        Objects.requireNonNull(repository, "repository");
        ensureOpen();
        String name = current().name();
        return repository.watch(event -> {
            RepositoryEntry entry;
            if (event instanceof RepositoryEvent.Added added) {
                entry = added.entry();
            } else if (event instanceof RepositoryEvent.Changed changed) {
                entry = changed.current();
            } else {
                return;
            }
            if (state().closed() || !entry.name().equals(name)
                    || entry.version().compareTo(current().version()) <= 0) {
                return;
            }
            try {
                swapTo(entry.location());
            } catch (SwapFailedException e) {
                LOG.debug("following {}: {} {} refused: {}", repository.root(), name, entry.version(), e.getMessage());
            } catch (IllegalStateException e) {
                LOG.debug("following {}: the handle closed while {} {} loaded", repository.root(), name,
                        entry.version());
            }
        });
    }

    /**
     * Switches to a model already loaded (and gated) by a runtime, once it matches the serving version's inputs and
     * outputs. The handle takes it over: it closes it when it is refused, replaced or when the handle closes.
     *
     * @param candidate the new version; the caller must not close it or use it afterwards
     * @return the event also delivered to the listeners
     * @throws SwapFailedException when its inputs or outputs do not match the serving version's (it is closed)
     * @throws IllegalStateException when this handle is closed (the candidate is closed)
     */
    public ServingEvent.Swapped swapTo(RuntimeModel candidate) {
        Objects.requireNonNull(candidate, "candidate");
        swapLock.lock();
        try {
            if (state().closed()) {
                candidate.close();
                throw closedError();
            }
            return install(candidate, "model");
        } finally {
            swapLock.unlock();
        }
    }

    /** Under {@link #swapLock}: checks the candidate, publishes it and lets go of the version it pushes out. */
    private ServingEvent.Swapped install(RuntimeModel candidate, String source) {
        State before = state();
        if (before.closed()) { // closed while the candidate loaded
            candidate.close();
            throw closedError();
        }
        Version to;
        try {
            List<String> mismatches = Interfaces.mismatches(before.current().model.metadata(), candidate.metadata());
            if (!mismatches.isEmpty()) {
                throw refused(source, new SwapFailedException(source, "candidate " + source + " ("
                        + candidate.metadata().name() + " " + candidate.metadata().version() + ") refused, "
                        + before.current().served + " keeps serving: its inputs and outputs must match: "
                        + String.join("; ", mismatches)));
            }
            to = new Version(candidate);
        } catch (RuntimeException | Error e) {
            candidate.close();
            throw e;
        }
        State after = new State(to, before.current(), false);
        if (!ref.compareAndSet(before, after)) { // only close() changes the state outside the lock
            to.release();
            throw closedError();
        }
        Version dropped = before.previous();
        if (dropped != null) {
            dropped.release(); // the owner reference; closes after its last call
        }
        ServingEvent.Swapped event = new ServingEvent.Swapped(Instant.now(), before.current().served, to.served,
                source);
        LOG.info("swapped {} -> {} (from {})", event.from(), event.to(), source);
        deliver(event);
        return event;
    }

    /**
     * Returns to the previous version, which is still loaded, so this is a switch with no load. The version rolled
     * back from is closed after its calls in flight; afterwards there is no previous version until the next swap.
     *
     * @return the event also delivered to the listeners
     * @throws IllegalStateException when there is no previous version (no swap yet, or already rolled back), or this
     *     handle is closed
     */
    public ServingEvent.RolledBack rollback() {
        swapLock.lock();
        try {
            ensureOpen();
            State before = state();
            Version to = before.previous();
            if (to == null) {
                throw new IllegalStateException(before.current().served
                        + " has no previous version to roll back to (none was swapped out, or it was rolled back)");
            }
            if (!ref.compareAndSet(before, new State(to, null, false))) {
                throw closedError();
            }
            before.current().release();
            ServingEvent.RolledBack event = new ServingEvent.RolledBack(Instant.now(), before.current().served,
                    to.served);
            LOG.warn("rolled back {} -> {}", event.from(), event.to());
            deliver(event);
            return event;
        } finally {
            swapLock.unlock();
        }
    }

    /** @return the version that answers calls now (the last one served, once closed) */
    public ServedVersion current() {
        return state().current().served;
    }

    /** @return the version {@link #rollback()} would return to, if one is kept */
    public Optional<ServedVersion> previous() {
        Version p = state().previous();
        return p == null ? Optional.empty() : Optional.of(p.served);
    }

    /**
     * Registers a listener for the events of this handle, delivered synchronously on the thread that swapped.
     *
     * @param listener called once per event; an exception it throws is logged and ignored
     */
    public void addListener(Consumer<? super ServingEvent> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Removes a listener registered with {@link #addListener}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean removeListener(Consumer<? super ServingEvent> listener) {
        return listeners.remove(Objects.requireNonNull(listener, "listener"));
    }

    /** @return the serving version's metadata (versions may differ in everything but their inputs and outputs) */
    @Override
    public ModelMetadata metadata() {
        return state().current().model.metadata();
    }

    /** @return the serving version's delivery id */
    @Override
    public String deliveryId() {
        return state().current().served.deliveryId();
    }

    /** @return the serving version's execution provider */
    @Override
    public String executionProvider() {
        return state().current().model.executionProvider();
    }

    /**
     * Runs the serving version, read once for this call.
     *
     * @param inputs one tensor per declared input, by name
     * @return the declared tensor outputs, by name
     * @throws dev.mlops.api.InvalidInputException as the serving version throws it
     * @throws IllegalStateException when this handle is closed
     */
    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return call(m -> m.predict(inputs));
    }

    /**
     * Runs the serving version, read once for this call, and returns every declared output.
     *
     * @param inputs one tensor per declared input, by name
     * @return every declared output, by name
     * @throws dev.mlops.api.InvalidInputException as the serving version throws it
     * @throws IllegalStateException when this handle is closed
     */
    @Override
    public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        return call(m -> m.predictValues(inputs));
    }

    /**
     * Runs the serving version, read once for this call (its metadata and its run come from the same version).
     *
     * @param rows the batch, {@code [batch, features]}
     * @return the outputs, {@code [batch, outputs]}
     * @throws dev.mlops.api.InvalidInputException as the serving version throws it
     * @throws IllegalStateException when this handle is closed
     */
    @Override
    public float[][] predict(float[][] rows) {
        Objects.requireNonNull(rows, "rows");
        return call(m -> m.predict(rows));
    }

    /** Runs {@code op} on the current version under a call reference; see the class comment for why it is safe. */
    private <R> R call(Function<RuntimeModel, R> op) {
        while (true) {
            State s = state();
            if (s.closed()) {
                throw closedError();
            }
            Version v = s.current();
            if (v.tryAcquire()) {
                try {
                    return op.apply(v.model);
                } finally {
                    v.release();
                }
            }
            // v's owner reference was dropped, which happens only after v left the state: read the new state
            Thread.onSpinWait();
        }
    }

    /**
     * Closes the handle: later calls throw {@link IllegalStateException}; calls in flight finish, then both versions
     * close. Idempotent, never throws, never waits (a swap still loading closes what it loaded).
     */
    @Override
    public void close() {
        State before;
        do {
            before = state();
            if (before.closed()) {
                return;
            }
        } while (!ref.compareAndSet(before, new State(before.current(), null, true)));
        before.current().release();
        Version previous = before.previous();
        if (previous != null) {
            previous.release();
        }
        LOG.info("closed serving handle of {}", before.current().served);
    }

    private SwapFailedException refused(String source, SwapFailedException e) {
        ServingEvent.SwapFailed event = new ServingEvent.SwapFailed(Instant.now(), state().current().served,
                source, e);
        LOG.warn("swap refused: {}", e.getMessage());
        deliver(event);
        return e;
    }

    private void deliver(ServingEvent event) {
        for (Consumer<? super ServingEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("serving event listener {} failed on {}", listener, event, e);
            }
        }
    }

    /** @return the state now (never {@code null}: the reference is set at construction and only ever replaced) */
    private State state() {
        return Objects.requireNonNull(ref.get(), "state");
    }

    private void ensureOpen() {
        if (state().closed()) {
            throw closedError();
        }
    }

    private IllegalStateException closedError() {
        return new IllegalStateException(state().current().served + ": this ServingModel is closed");
    }

    @Override
    public String toString() {
        State s = state();
        return "ServingModel[" + s.current().served + (s.previous() == null ? "" : ", previous " + s.previous().served)
                + (s.closed() ? ", closed" : "") + "]";
    }
}
