// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Monitors models in production: {@link #wrap} returns a model that answers exactly as the wrapped one and measures
 * every call; {@link #snapshot()} reports what was measured.
 *
 * <p>Per model version (name, version and delivery id; see {@link ModelKey}), the monitor keeps:
 * <ul>
 *   <li>calls, each counted once whatever its outcome, and errors by {@link ErrorKind};</li>
 *   <li>a {@link LatencyHistogram} of every call's latency;</li>
 *   <li>envelope crossings per constraint: a rejected call from its {@link dev.mlops.api.EnvelopeViolationException},
 *       and the values of a served call outside each {@code warn} constraint;</li>
 *   <li>per numeric feature of every input and output of a served call: count, missing (NaN or infinite), min, max,
 *       mean, standard deviation, the 101 percentiles from a KLL sketch and a histogram on the training bins, beside
 *       the training statistics the bundle carries ({@code statistics}, schema 1.1);</li>
 *   <li>drift: the rows of served calls are cut into windows of {@link Builder#windowRows} rows; at the end of a
 *       window each input feature with numeric training statistics is tested with a Kolmogorov-Smirnov test against
 *       the training distribution, at {@code alpha / features} (Bonferroni), so that a window of data drawn from the
 *       training distribution raises an alarm with probability at most {@link Builder#alpha} (measured: 0.8% at the
 *       defaults, {@code DriftFalseAlarmTest}); the PSI over the training bins is reported beside it. See
 *       {@code docs/deployment/monitoring.md} for the method.</li>
 * </ul>
 * Each window raises a {@link MonitorEvent.WindowTested} and, per drifted feature, a {@link MonitorEvent.DriftDetected},
 * delivered to the listeners on the thread whose call closed the window, and logged (drift at WARN, at most once per
 * {@link Builder#logInterval} per model version). Sampled calls go to the {@link PredictionLog}, when one is given.
 *
 * <p>Cost: a call pays two {@link System#nanoTime()} reads and a few {@link java.util.concurrent.atomic.LongAdder}
 * increments, then one pass over its numeric input and output values: per value and feature, under that feature's
 * lock, a Welford update, a KLL sketch insert (amortized constant), and for a feature with training statistics two
 * binary searches (about 7 and 4 comparisons) and two counter increments; per warn constraint one comparison. Closing a
 * window (once per {@code windowRows} rows) costs about 300 operations per feature. Memory per feature is bounded:
 * about 1,200 sketch items (10 KB) and a few hundred counters, whatever the traffic; at most 256 features per tensor are
 * tracked. Statistics are kept for every version ever wrapped, until the monitor is discarded.
 *
 * <p>Thread-safe: wrap, call and snapshot from any thread.
 *
 * <pre>{@code
 * ModelMonitor monitor = ModelMonitor.newBuilder().listener(event -> alerts.send(event)).build();
 * try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
 *     model.predict(inputs);
 * }
 * MonitorSnapshot snapshot = monitor.snapshot();
 * }</pre>
 *
 * @since 0.2.0
 */
public final class ModelMonitor {
    /** The rows a drift window holds when the builder does not say. */
    public static final int DEFAULT_WINDOW_ROWS = 1000;
    /** The family-wise false-alarm probability per window when the builder does not say. */
    public static final double DEFAULT_ALPHA = 0.01;
    /** How often, at most, drift is logged per model version when the builder does not say. */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(ModelMonitor.class);

    private final int windowRows;
    private final double alpha;
    private final long seed;
    private final Duration logInterval;
    private final Clock clock;
    private final List<Consumer<? super MonitorEvent>> listeners;
    private final @Nullable PredictionLog predictionLog;
    private final double sampleRate;
    private final Map<ModelKey, ModelStats> stats = new LinkedHashMap<>();
    private final Map<ModelKey, AtomicLong> nextDriftLog = new ConcurrentHashMap<>();
    private final Map<ModelKey, AtomicLong> suppressedDriftLogs = new ConcurrentHashMap<>();

    private ModelMonitor(Builder b) {
        this.windowRows = b.windowRows == 0 ? DEFAULT_WINDOW_ROWS : b.windowRows;
        this.alpha = Double.isNaN(b.alpha) ? DEFAULT_ALPHA : b.alpha;
        this.seed = b.seed == null ? System.nanoTime() : b.seed;
        this.logInterval = b.logInterval == null ? DEFAULT_LOG_INTERVAL : b.logInterval;
        this.clock = b.clock == null ? Clock.systemUTC() : b.clock;
        this.listeners = List.copyOf(b.listeners);
        this.predictionLog = b.predictionLog;
        this.sampleRate = b.sampleRate;
    }

    /**
     * Starts a builder with the defaults: windows of {@value #DEFAULT_WINDOW_ROWS} rows, {@code alpha}
     * {@value #DEFAULT_ALPHA}, no listener, no prediction log.
     *
     * @return a new builder
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Returns a model that answers exactly as {@code model} does, and measures every call. Closing it closes
     * {@code model}. Usable as a runtime's model decorator. Wrapping a model this monitor already wraps returns it
     * unchanged; two wrappers of bundles with the same {@link ModelKey} share their statistics.
     *
     * @param model the model to monitor
     * @return the monitored model
     * @throws IllegalArgumentException when the model's metadata declares a constraint on an undeclared input
     */
    public RuntimeModel wrap(RuntimeModel model) {
        Objects.requireNonNull(model, "model");
        if (model instanceof MonitoredModel && ((MonitoredModel) model).monitor == this) {
            return model;
        }
        ModelKey key = ModelKey.of(model);
        ModelStats s;
        synchronized (stats) {
            s = stats.get(key);
            if (s == null) {
                s = new ModelStats(key, model.metadata(), this);
                stats.put(key, s);
            }
        }
        return new MonitoredModel(model, this, s);
    }

    /**
     * Returns what was measured so far, for every model version this monitor has wrapped, in the order first wrapped.
     *
     * @return an immutable snapshot
     */
    public MonitorSnapshot snapshot() {
        List<ModelStats> all;
        synchronized (stats) {
            all = new ArrayList<>(stats.values());
        }
        List<ModelSnapshot> models = new ArrayList<>(all.size());
        for (ModelStats s : all) {
            models.add(s.snapshot());
        }
        return new MonitorSnapshot(clock.instant(), models);
    }

    int windowRows() {
        return windowRows;
    }

    double alpha() {
        return alpha;
    }

    long seed() {
        return seed;
    }

    Instant now() {
        return clock.instant();
    }

    void sample(ModelKey key, long sequence, Map<String, Tensor> inputs, Map<String, ? extends Value> outputs) {
        PredictionLog log = predictionLog;
        if (log == null || !sampled(key, sequence)) {
            return;
        }
        try {
            log.accept(new PredictionRecord(clock.instant(), key, sequence, inputs,
                    new LinkedHashMap<String, Value>(outputs)));
        } catch (RuntimeException e) {
            LOG.warn("prediction log {} failed on {} #{}: {}", log, key, sequence, e.toString());
        }
    }

    /** A deterministic coin per (seed, model, call number): SplitMix64's finalizer, compared with the rate. */
    private boolean sampled(ModelKey key, long sequence) {
        if (sampleRate >= 1) {
            return true;
        }
        long z = seed ^ (key.hashCode() * 0x9E3779B97F4A7C15L) ^ (sequence * 0xBF58476D1CE4E5B9L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53 < sampleRate;
    }

    void publish(MonitorEvent event) {
        if (event instanceof MonitorEvent.DriftDetected) {
            logDrift((MonitorEvent.DriftDetected) event);
        } else if (LOG.isDebugEnabled()) {
            MonitorEvent.WindowTested w = (MonitorEvent.WindowTested) event;
            LOG.debug("{}: drift window {} ({} rows, {} feature(s) tested): {}", w.model(), w.window(), w.rows(),
                    w.verdicts().size(), w.drifted() ? "drifted" : "no drift");
        }
        for (Consumer<? super MonitorEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("monitor listener {} failed on {}: {}", l, event.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }

    private void logDrift(MonitorEvent.DriftDetected d) {
        if (!LOG.isWarnEnabled()) {
            return;
        }
        long now = System.nanoTime();
        AtomicLong next = nextDriftLog.computeIfAbsent(d.model(), k -> new AtomicLong(now));
        AtomicLong suppressed = suppressedDriftLogs.computeIfAbsent(d.model(), k -> new AtomicLong());
        long at = next.get();
        if (now - at < 0 || !next.compareAndSet(at, now + saturatedNanos(logInterval))) {
            suppressed.incrementAndGet();
            return;
        }
        DriftVerdict v = d.verdict();
        LOG.warn("{}: input '{}' feature '{}' drifted from the training data in window {}: {} {}, p-value {}"
                + " < threshold {} ({} values; PSI {}){}", d.model(), v.input(), v.feature(), v.window(),
                v.test() == DriftTest.CHI_SQUARE ? "chi-square test, total variation distance" : "KS distance",
                String.format("%.4f", v.distance()), String.format("%.3g", v.pValue()),
                String.format("%.3g", v.threshold()), v.values(), String.format("%.4f", v.psi()),
                suppressedNote(suppressed.getAndSet(0)));
    }

    private static String suppressedNote(long n) {
        return n == 0 ? "" : "; " + n + " more drift event(s) since the last such log were not logged";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "ModelMonitor[windowRows=" + windowRows + ", alpha=" + alpha + "]";
    }

    /**
     * Configures a {@link ModelMonitor}. Each option may be set once; {@link #build()} leaves the builder unchanged.
     *
     * <p>Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private int windowRows;
        private double alpha = Double.NaN;
        private @Nullable Long seed;
        private @Nullable Duration logInterval;
        private @Nullable Clock clock;
        private final List<Consumer<? super MonitorEvent>> listeners = new ArrayList<>();
        private @Nullable PredictionLog predictionLog;
        private double sampleRate;

        private Builder() {
        }

        /**
         * Sets the rows a drift window holds (default {@value ModelMonitor#DEFAULT_WINDOW_ROWS}); a request's rows
         * all go in one window, which closes with the request that brings it to at least this many.
         *
         * @param rows the rows, at least 20
         * @return this builder
         * @throws IllegalArgumentException when {@code rows} is below 20
         * @throws IllegalStateException when already set
         */
        public Builder windowRows(int rows) {
            if (windowRows != 0) {
                throw new IllegalStateException("windowRows was already set to " + windowRows);
            }
            if (rows < FeatureStats.MIN_TESTED) {
                throw new IllegalArgumentException("windowRows: " + rows + " is below " + FeatureStats.MIN_TESTED
                        + " (a KS test on fewer values says little)");
            }
            this.windowRows = rows;
            return this;
        }

        /**
         * Sets the family-wise false-alarm probability of a window (default {@value ModelMonitor#DEFAULT_ALPHA}):
         * each of the {@code d} features tested is tested at {@code alpha / d}.
         *
         * @param value the probability, in {@code (0, 0.5]}
         * @return this builder
         * @throws IllegalArgumentException when outside {@code (0, 0.5]}
         * @throws IllegalStateException when already set
         */
        public Builder alpha(double value) {
            if (!Double.isNaN(alpha)) {
                throw new IllegalStateException("alpha was already set to " + alpha);
            }
            if (!(value > 0 && value <= 0.5)) {
                throw new IllegalArgumentException("alpha: " + value + " is outside (0, 0.5]");
            }
            this.alpha = value;
            return this;
        }

        /**
         * Seeds the prediction-log sampling and the sketches' compaction coins, for reproducible tests (default: from
         * {@link System#nanoTime()}).
         *
         * @param value the seed
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder seed(long value) {
            if (seed != null) {
                throw new IllegalStateException("seed was already set to " + seed);
            }
            this.seed = value;
            return this;
        }

        /**
         * Sets how often, at most, drift is logged per model version (default one minute); events still reach every
         * listener.
         *
         * @param interval the least time between two logs, not negative
         * @return this builder
         * @throws IllegalArgumentException when negative
         * @throws IllegalStateException when already set
         */
        public Builder logInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (logInterval != null) {
                throw new IllegalStateException("logInterval was already set to " + logInterval);
            }
            if (interval.isNegative()) {
                throw new IllegalArgumentException("logInterval: " + interval + " must not be negative");
            }
            this.logInterval = interval;
            return this;
        }

        /**
         * Sets the clock that stamps events, records and snapshots (default UTC system clock).
         *
         * @param value the clock
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder clock(Clock value) {
            Objects.requireNonNull(value, "clock");
            if (clock != null) {
                throw new IllegalStateException("clock was already set");
            }
            this.clock = value;
            return this;
        }

        /**
         * Adds a listener for {@link MonitorEvent}s; called in the order added, on the thread whose call closed the
         * window, so it should be quick; an exception it throws is logged and ignored.
         *
         * @param listener the listener
         * @return this builder
         */
        public Builder listener(Consumer<? super MonitorEvent> listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Samples served calls to a prediction log: each call is logged with probability {@code rate}, decided by a
         * coin seeded by {@link #seed} and the call's number. The application owns the log and closes it.
         *
         * @param log the sink
         * @param rate the share of calls logged, in {@code (0, 1]}
         * @return this builder
         * @throws IllegalArgumentException when {@code rate} is outside {@code (0, 1]}
         * @throws IllegalStateException when already set
         */
        public Builder predictionLog(PredictionLog log, double rate) {
            Objects.requireNonNull(log, "log");
            if (predictionLog != null) {
                throw new IllegalStateException("predictionLog was already set to " + predictionLog);
            }
            if (!(rate > 0 && rate <= 1)) {
                throw new IllegalArgumentException("rate: " + rate + " is outside (0, 1]");
            }
            this.predictionLog = log;
            this.sampleRate = rate;
            return this;
        }

        /**
         * Builds the monitor.
         *
         * @return a new monitor
         */
        public ModelMonitor build() {
            return new ModelMonitor(this);
        }
    }
}
