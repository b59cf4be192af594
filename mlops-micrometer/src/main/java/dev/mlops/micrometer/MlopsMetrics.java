// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import dev.mlops.runtime.batching.BatchedModel;
import dev.mlops.runtime.delivery.Delivery;
import dev.mlops.runtime.monitoring.DriftVerdict;
import dev.mlops.runtime.monitoring.ErrorKind;
import dev.mlops.runtime.monitoring.ModelMonitor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what a {@link ModelMonitor} measures as Micrometer meters, per model name and version: requests, errors
 * by kind, latency, envelope crossings per constraint and, per input feature, values, missing values and the drift
 * test of the last window; and, when added, what a {@link Delivery} counts of its rollouts ({@link #withDelivery})
 * and what a {@link BatchedModel} counts of its batches ({@link #withBatching}). Meter names and tags are listed in
 * {@code mlops-micrometer/README.md}.
 *
 * <p>{@link #of(ModelMonitor)} starts from a monitor; {@link #empty()} from nothing, for an application that
 * publishes only deliveries or batched models. Each {@code with} method returns a new binder with one more source;
 * bind the last one.
 *
 * <p>The meters are functions of the monitor's {@link ModelMonitor#snapshot() snapshot}: nothing is added to the
 * serving path. One snapshot serves every meter read within {@link #withSnapshotMaxAge the snapshot's maximum age}
 * (default {@value #DEFAULT_SNAPSHOT_MAX_AGE_MILLIS} ms), so a scrape of all meters costs one snapshot. Each new
 * snapshot is also checked for model versions that appeared since the last one (a version opened or swapped in after
 * binding): their meters are registered then, in every registry this binder is bound to, so they appear from the next
 * read of any meter on (at the latest, the scrape after the one that found them). The gauge
 * {@code mlops.monitor.models} exists even while the monitor has no model, so every scrape looks.
 *
 * <p>Being a {@link MeterBinder}, an instance declared as a Spring bean is bound by Spring Boot's metrics
 * auto-configuration to every registry it configures; other applications call {@link #bindTo} once per registry.
 *
 * <p>Thread-safe: bind, and read the meters, from any thread. The registries hold the binder's sources strongly
 * (through {@code mlops.monitor.models}, {@code mlops.rollout.phase} and {@code mlops.batching.batch.rows.max}); a
 * bound delivery holds its meters' listener.
 *
 * @since 0.2.0
 */
public final class MlopsMetrics implements MeterBinder {
    /** How long one snapshot serves the meters when {@link #withSnapshotMaxAge} is not called, in milliseconds. */
    public static final long DEFAULT_SNAPSHOT_MAX_AGE_MILLIS = 1000;

    /** The {@code feature} tag of an envelope constraint over a whole tensor rather than one feature. */
    public static final String WHOLE_TENSOR = "*";

    private static final Logger LOG = LoggerFactory.getLogger(MlopsMetrics.class);
    private static final double[] QUANTILES = {0.5, 0.99};

    private final @Nullable ModelMonitor monitor;
    private final long maxAgeNanos;
    private final List<DeliveryMeters> deliveries;
    private final List<BatchingMeters> batchings;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<MetricsView.ModelId> bound = ConcurrentHashMap.newKeySet();
    private final Object lock = new Object();
    private MetricsView view = MetricsView.EMPTY;
    private long takenAt;
    private boolean taken;

    private MlopsMetrics(@Nullable ModelMonitor monitor, long maxAgeNanos, List<DeliveryMeters> deliveries,
            List<BatchingMeters> batchings) {
        this.monitor = monitor;
        this.maxAgeNanos = maxAgeNanos;
        List<DeliveryMeters> d = new ArrayList<>();
        for (DeliveryMeters x : deliveries) {
            d.add(new DeliveryMeters(x.model(), x.delivery(), maxAgeNanos));
        }
        this.deliveries = List.copyOf(d);
        this.batchings = List.copyOf(batchings);
    }

    /**
     * Returns a binder for {@code monitor}'s measurements, with a snapshot maximum age of
     * {@value #DEFAULT_SNAPSHOT_MAX_AGE_MILLIS} ms.
     *
     * @param monitor the monitor whose models are published
     * @return a binder, bound to no registry yet
     * @throws NullPointerException when {@code monitor} is {@code null}
     */
    public static MlopsMetrics of(ModelMonitor monitor) {
        return new MlopsMetrics(Objects.requireNonNull(monitor, "monitor"),
                TimeUnit.MILLISECONDS.toNanos(DEFAULT_SNAPSHOT_MAX_AGE_MILLIS), List.of(), List.of());
    }

    /**
     * Returns a binder of no source, for an application that publishes deliveries or batched models without a
     * monitor: add them with {@link #withDelivery} and {@link #withBatching}. Bound as it is, it registers nothing.
     *
     * @return a binder without a monitor, bound to no registry yet
     */
    public static MlopsMetrics empty() {
        return new MlopsMetrics(null, TimeUnit.MILLISECONDS.toNanos(DEFAULT_SNAPSHOT_MAX_AGE_MILLIS), List.of(),
                List.of());
    }

    /**
     * Returns a binder that also publishes {@code delivery}'s rollouts, tagged {@code model} with the name of the
     * version it serves now: the phase of the running or last rollout, per arm ({@code stable}, {@code candidate})
     * requests, errors by exception type, envelope rejections and latency percentiles, the shadow counts, and the
     * rollout events (started, promoted, completed, rolled back, refused, checks). The counts are summed over every
     * rollout (each rollout's own counts start from zero; a rollout that ends is folded into the sum by a listener
     * that the first {@link #bindTo} registers with the delivery), so they never go down; the events are counted from
     * the first binding on. The delivery's snapshot is reused within the snapshot's maximum age, as the monitor's.
     *
     * @param delivery the delivery
     * @return a new binder, bound to no registry yet
     * @throws NullPointerException when {@code delivery} is {@code null}
     * @throws IllegalArgumentException when a delivery of the same model name was already added
     */
    public MlopsMetrics withDelivery(Delivery delivery) {
        Objects.requireNonNull(delivery, "delivery");
        String model = delivery.metadata().name();
        for (DeliveryMeters d : deliveries) {
            if (d.model().equals(model)) {
                throw new IllegalArgumentException("delivery: a delivery of model '" + model + "' was already added"
                        + " (" + d.delivery() + "); its meters would share every tag: add one delivery per model name");
            }
        }
        List<DeliveryMeters> d = new ArrayList<>(deliveries);
        d.add(new DeliveryMeters(model, delivery, maxAgeNanos));
        return new MlopsMetrics(monitor, maxAgeNanos, d, batchings);
    }

    /**
     * Returns a binder that also publishes {@code model}'s batching counters ({@link BatchedModel#stats()}), tagged
     * {@code model} with {@code name}: requests, rows, batches, failed batches, rejections by reason and the largest
     * batch. The name is the tag a dashboard selects on; the model's metadata name is the natural choice, and two
     * batched models of one name (two versions side by side) need two names.
     *
     * @param name the {@code model} tag, not blank
     * @param model the batched model
     * @return a new binder, bound to no registry yet
     * @throws NullPointerException when an argument is {@code null}
     * @throws IllegalArgumentException when {@code name} is blank or a batched model of that name was already added
     */
    public MlopsMetrics withBatching(String name, BatchedModel model) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(model, "model");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name: the model tag of a batched model must not be blank");
        }
        for (BatchingMeters b : batchings) {
            if (b.name().equals(name)) {
                throw new IllegalArgumentException("name: a batched model named '" + name + "' was already added ("
                        + b.model() + "); give each batched model its own name");
            }
        }
        List<BatchingMeters> b = new ArrayList<>(batchings);
        b.add(new BatchingMeters(name, model));
        return new MlopsMetrics(monitor, maxAgeNanos, deliveries, b);
    }

    /**
     * Returns a binder of the same sources whose meters reuse one snapshot (of the monitor, of each delivery) for at
     * most {@code maxAge}: zero takes a snapshot for every meter read (exact, for tests; a scrape then costs one
     * snapshot per meter).
     *
     * @param maxAge how long a snapshot serves, not negative
     * @return a new binder, bound to no registry yet
     * @throws IllegalArgumentException when {@code maxAge} is negative
     */
    public MlopsMetrics withSnapshotMaxAge(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: " + maxAge + " must not be negative");
        }
        long nanos;
        try {
            nanos = maxAge.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return new MlopsMetrics(monitor, nanos, deliveries, batchings);
    }

    /**
     * Registers the meters of every model version the monitor has wrapped, and {@code mlops.monitor.models}; model
     * versions wrapped later get theirs when a meter read first sees them. Registers the meters of each delivery and
     * batched model added (a rollout error type seen later gets its meter when a meter read first sees it). Binding
     * to the same registry twice registers nothing new.
     *
     * @param registry the registry
     * @throws NullPointerException when {@code registry} is {@code null}
     */
    @Override
    public void bindTo(MeterRegistry registry) {
        Objects.requireNonNull(registry, "registry");
        synchronized (registries) {
            if (registries.stream().anyMatch(r -> r == registry)) {
                return;
            }
            registries.add(registry);
        }
        for (DeliveryMeters d : deliveries) {
            d.bindTo(registry);
        }
        for (BatchingMeters b : batchings) {
            b.bindTo(registry);
        }
        if (monitor == null) {
            return;
        }
        Gauge.builder("mlops.monitor.models", this, m -> m.current().models().size())
                .description("Model name and version pairs the monitor has wrapped").strongReference(true)
                .register(registry);
        MetricsView v = current();
        for (MetricsView.ModelId id : v.models().keySet()) {
            bound.add(id);
            register(registry, id, v);
        }
    }

    /** The view, refreshed when older than the maximum age; registers the meters of models seen for the first time. */
    MetricsView current() {
        ModelMonitor monitor = this.monitor;
        if (monitor == null) {
            return MetricsView.EMPTY;
        }
        MetricsView v;
        boolean fresh = false;
        synchronized (lock) {
            long now = System.nanoTime();
            if (!taken || now - takenAt > maxAgeNanos || maxAgeNanos == 0) {
                view = MetricsView.of(monitor.snapshot());
                takenAt = now;
                taken = true;
                fresh = true;
            }
            v = view;
        }
        if (fresh) {
            for (MetricsView.ModelId id : v.models().keySet()) {
                if (bound.add(id)) {
                    for (MeterRegistry r : registries) {
                        register(r, id, v);
                    }
                }
            }
        }
        return v;
    }

    private void register(MeterRegistry registry, MetricsView.ModelId id, MetricsView v) {
        MetricsView.Model model = v.models().get(id);
        if (model == null) {
            return;
        }
        LOG.debug("registering meters of model {} {} in {}", id.name(), id.version(), registry);
        Tags tags = Tags.of("model", id.name(), "version", id.version());
        counter(registry, "mlops.model.requests", "Calls, whatever their outcome", tags, id, m -> m.requests);
        for (ErrorKind kind : ErrorKind.values()) {
            counter(registry, "mlops.model.errors", "Failed calls by kind",
                    tags.and("kind", kind.name().toLowerCase(Locale.ROOT)), id, m -> m.errors.getOrDefault(kind, 0L));
        }
        FunctionTimer.builder("mlops.model.latency", this,
                        b -> b.current().model(id).map(m -> (double) m.latency.count()).orElse(0.0).longValue(),
                        b -> b.current().model(id).map(m -> (double) m.latency.sumNanos()).orElse(0.0),
                        TimeUnit.NANOSECONDS)
                .description("Latency of every call, failed ones included").tags(tags).register(registry);
        for (double q : QUANTILES) {
            gauge(registry, "mlops.model.latency.percentile",
                    "Latency percentile over every call since the monitor started (from its histogram)",
                    tags.and("phi", String.valueOf(q)), "seconds", id, m -> m.latencyQuantileSeconds(q));
        }
        counter(registry, "mlops.model.drift.windows", "Drift windows tested", tags, id, m -> m.windows);
        counter(registry, "mlops.model.drift.windows.drifted",
                "Drift windows in which at least one input feature drifted", tags, id, m -> m.windowsDrifted);
        for (MetricsView.EnvelopeId e : model.envelope.keySet()) {
            Tags et = tags.and("input", e.input(), "feature", e.feature().isEmpty() ? WHOLE_TENSOR : e.feature(),
                    "action", e.action().name().toLowerCase(Locale.ROOT));
            counter(registry, "mlops.model.envelope.requests", "Calls with a value outside the constraint", et, id,
                    m -> envelope(m, e, true));
            counter(registry, "mlops.model.envelope.values", "Values outside the constraint", et, id,
                    m -> envelope(m, e, false));
        }
        for (Map.Entry<MetricsView.FeatureId, MetricsView.Feature> e : model.features.entrySet()) {
            MetricsView.FeatureId f = e.getKey();
            Tags ft = tags.and("input", f.input(), "feature", f.feature());
            counter(registry, "mlops.feature.values", "Input values seen, missing ones included", ft, id,
                    m -> feature(m, f, x -> x.values));
            counter(registry, "mlops.feature.missing", "Input values that were NaN or infinite", ft, id,
                    m -> feature(m, f, x -> x.missing));
            if (!e.getValue().tested) {
                continue;
            }
            counter(registry, "mlops.feature.drift.windows", "Windows that tested the feature for drift", ft, id,
                    m -> feature(m, f, x -> x.windowsTested));
            counter(registry, "mlops.feature.drift.windows.drifted", "Windows in which the feature drifted", ft, id,
                    m -> feature(m, f, x -> x.windowsDrifted));
            gauge(registry, "mlops.feature.drift.pvalue",
                    "p-value of the last window's drift test (NaN before the first)", ft, null, id,
                    m -> verdict(m, f, DriftVerdict::pValue));
            gauge(registry, "mlops.feature.drift.threshold",
                    "p-value below which the feature counts as drifted (alpha / features tested)", ft, null, id,
                    m -> verdict(m, f, DriftVerdict::threshold));
            gauge(registry, "mlops.feature.drift.statistic",
                    "Distance of the last window tested from the training data: Kolmogorov-Smirnov for a numeric"
                            + " feature, total variation for a categorical one", ft, null, id,
                    m -> verdict(m, f, DriftVerdict::distance));
            gauge(registry, "mlops.feature.drift.psi", "Population stability index of the last window tested", ft,
                    null, id, m -> verdict(m, f, DriftVerdict::psi));
        }
    }

    private static long envelope(MetricsView.Model m, MetricsView.EnvelopeId e, boolean requests) {
        MetricsView.Envelope c = m.envelope.get(e);
        return c == null ? 0 : requests ? c.requests : c.values;
    }

    private static long feature(MetricsView.Model m, MetricsView.FeatureId f,
            ToLongFunction<MetricsView.Feature> field) {
        MetricsView.Feature x = m.features.get(f);
        return x == null ? 0 : field.applyAsLong(x);
    }

    private static double verdict(MetricsView.Model m, MetricsView.FeatureId f,
            ToDoubleFunction<DriftVerdict> field) {
        MetricsView.Feature x = m.features.get(f);
        return x == null || x.last.isEmpty() ? Double.NaN : field.applyAsDouble(x.last.get());
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags,
            MetricsView.ModelId id, ToLongFunction<MetricsView.Model> value) {
        FunctionCounter.builder(name, this, b -> b.read(id, m -> (double) value.applyAsLong(m), 0))
                .description(description).tags(tags).register(registry);
    }

    private void gauge(MeterRegistry registry, String name, String description, Tags tags, @Nullable String unit,
            MetricsView.ModelId id, ToDoubleFunction<MetricsView.Model> value) {
        Gauge.Builder<MlopsMetrics> b = Gauge.builder(name, this, x -> x.read(id, value::applyAsDouble, Double.NaN))
                .description(description).tags(tags);
        if (unit != null) {
            b = b.baseUnit(unit);
        }
        b.register(registry);
    }

    private double read(MetricsView.ModelId id, Function<MetricsView.Model, Double> value, double absent) {
        return current().model(id).map(value).orElse(absent);
    }

    @Override
    public String toString() {
        return "MlopsMetrics[" + (monitor == null ? "no monitor" : monitor) + ", " + deliveries.size()
                + " deliveries, " + batchings.size() + " batched models, " + registries.size() + " registries]";
    }
}
