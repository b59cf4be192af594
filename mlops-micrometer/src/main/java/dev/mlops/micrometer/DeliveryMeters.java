// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import dev.mlops.runtime.delivery.Delivery;
import dev.mlops.runtime.delivery.RolloutEvent;
import dev.mlops.runtime.delivery.RolloutPhase;
import dev.mlops.runtime.delivery.RolloutSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * The meters of one {@link Delivery}: its rollouts' counts, summed over every rollout since binding (a rollout that
 * ends is folded into the totals by the listener, under this object's lock, so the counters never go down when the
 * next rollout starts from zero), the running or last rollout's phase and latency percentiles, and its events.
 * Thread-safe.
 */
final class DeliveryMeters {
    static final List<String> ARMS = List.of("stable", "candidate");
    private static final double[] QUANTILES = {0.5, 0.99};
    private static final List<RolloutPhase> TRIALS = List.of(RolloutPhase.SHADOW, RolloutPhase.CANARY);
    private static final List<RolloutPhase> ROLLED_BACK_FROM =
            List.of(RolloutPhase.SHADOW, RolloutPhase.CANARY, RolloutPhase.BAKING);

    /** Counts summed over rollouts; mutable, guarded by the owner's lock. */
    static final class Totals {
        final long[] requests = new long[ARMS.size()];
        final long[] envelopeRejections = new long[ARMS.size()];
        final List<Map<String, Long>> errors = List.of(new LinkedHashMap<>(), new LinkedHashMap<>());
        long submitted;
        long compared;
        long disagreements;
        long timeouts;
        long failures;
        long dropped;
        long windows;

        Totals copy() {
            Totals t = new Totals();
            t.add(this);
            return t;
        }

        void add(Totals o) {
            for (int i = 0; i < ARMS.size(); i++) {
                requests[i] += o.requests[i];
                envelopeRejections[i] += o.envelopeRejections[i];
                for (Map.Entry<String, Long> e : o.errors.get(i).entrySet()) {
                    errors.get(i).merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            submitted += o.submitted;
            compared += o.compared;
            disagreements += o.disagreements;
            timeouts += o.timeouts;
            failures += o.failures;
            dropped += o.dropped;
            windows += o.windows;
        }

        void add(RolloutSnapshot s) {
            for (int i = 0; i < ARMS.size(); i++) {
                RolloutSnapshot.ArmStats a = s.arm(ARMS.get(i));
                requests[i] += a.requests();
                envelopeRejections[i] += a.envelopeRejections();
                for (Map.Entry<String, Long> e : a.errorsByType().entrySet()) {
                    errors.get(i).merge(e.getKey(), e.getValue(), Long::sum);
                }
            }
            RolloutSnapshot.ShadowStats sh = s.shadow();
            submitted += sh.submitted();
            compared += sh.compared();
            disagreements += sh.disagreements();
            timeouts += sh.timeouts();
            failures += sh.failures();
            dropped += sh.dropped();
            windows += s.windows();
        }
    }

    /** What the meters read: the totals and the running or last rollout. */
    record View(Totals totals, Optional<RolloutSnapshot> last) {
        OptionalDouble quantileMillis(int arm, double q) {
            if (last.isEmpty()) {
                return OptionalDouble.empty();
            }
            RolloutSnapshot.ArmStats a = last.get().arm(ARMS.get(arm));
            return q == 0.5 ? a.p50Ms() : a.p99Ms();
        }
    }

    private final String model;
    private final Delivery delivery;
    private final long maxAgeNanos;
    private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
    private final Set<String> boundErrors = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final Consumer<RolloutEvent> listener = this::onEvent;
    private final Object lock = new Object();
    // guarded by lock
    private final Totals ended = new Totals();
    private boolean lastFolded;
    private @Nullable View view;
    private long takenAt;
    // event counts, since the first binding
    private final EnumMap<RolloutPhase, AtomicLong> started = counts(TRIALS);
    private final EnumMap<RolloutPhase, AtomicLong> rolledBack = counts(ROLLED_BACK_FROM);
    private final AtomicLong promoted = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong checksPassed = new AtomicLong();
    private final AtomicLong checksFailed = new AtomicLong();

    DeliveryMeters(String model, Delivery delivery, long maxAgeNanos) {
        this.model = model;
        this.delivery = delivery;
        this.maxAgeNanos = maxAgeNanos;
    }

    private static EnumMap<RolloutPhase, AtomicLong> counts(List<RolloutPhase> phases) {
        EnumMap<RolloutPhase, AtomicLong> m = new EnumMap<>(RolloutPhase.class);
        for (RolloutPhase p : phases) {
            m.put(p, new AtomicLong());
        }
        return m;
    }

    String model() {
        return model;
    }

    Delivery delivery() {
        return delivery;
    }

    private void onEvent(RolloutEvent event) {
        if (event instanceof RolloutEvent.Started e) {
            AtomicLong c = started.get(e.mode());
            if (c != null) {
                c.incrementAndGet();
            }
            synchronized (lock) {
                lastFolded = false;
                view = null;
            }
        } else if (event instanceof RolloutEvent.Promoted) {
            promoted.incrementAndGet();
        } else if (event instanceof RolloutEvent.Completed) {
            completed.incrementAndGet();
            fold();
        } else if (event instanceof RolloutEvent.RolledBack e) {
            AtomicLong c = rolledBack.get(e.phase());
            if (c != null) {
                c.incrementAndGet();
            }
            fold();
        } else if (event instanceof RolloutEvent.Refused) {
            refused.incrementAndGet();
        } else if (event instanceof RolloutEvent.CheckPassed) {
            checksPassed.incrementAndGet();
        } else if (event instanceof RolloutEvent.CheckFailed) {
            checksFailed.incrementAndGet();
        }
    }

    /**
     * A rollout ended: its counts join the totals. The delivery emits under its decision lock, so the snapshot is of
     * the rollout that ended; shadow calls finishing after this are not counted.
     */
    private void fold() {
        Optional<RolloutSnapshot> s = delivery.snapshot();
        synchronized (lock) {
            if (!lastFolded && s.isPresent()) {
                ended.add(s.get());
                lastFolded = true;
            }
            view = null;
        }
    }

    View current() {
        View v;
        synchronized (lock) {
            long now = System.nanoTime();
            v = view;
            if (v == null || now - takenAt > maxAgeNanos || maxAgeNanos == 0) {
                Optional<RolloutSnapshot> s = delivery.snapshot();
                Totals t = ended.copy();
                if (!lastFolded && s.isPresent()) {
                    t.add(s.get());
                }
                v = new View(t, s);
                view = v;
                takenAt = now;
            }
        }
        registerNewErrorTypes(v);
        return v;
    }

    void bindTo(MeterRegistry registry) {
        registries.add(registry);
        if (listening.compareAndSet(false, true)) {
            delivery.addListener(listener);
        }
        Tags tags = Tags.of("model", model);
        for (RolloutPhase p : RolloutPhase.values()) {
            Gauge.builder("mlops.rollout.phase", this,
                            d -> d.current().last().map(s -> s.phase() == p ? 1.0 : 0.0).orElse(0.0))
                    .description("1 for the phase of the running or last rollout, 0 for the others (all 0 before"
                            + " the first)")
                    .tags(tags.and("phase", tag(p))).strongReference(true).register(registry);
        }
        for (int i = 0; i < ARMS.size(); i++) {
            int arm = i;
            Tags at = tags.and("arm", ARMS.get(i));
            counter(registry, "mlops.rollout.requests", "Calls of the arm that ended, summed over rollouts", at,
                    t -> t.requests[arm]);
            counter(registry, "mlops.rollout.envelope.rejections",
                    "Calls of the arm rejected by the operating envelope, summed over rollouts", at,
                    t -> t.envelopeRejections[arm]);
            for (double q : QUANTILES) {
                Gauge.builder("mlops.rollout.latency.percentile", this,
                                d -> d.current().quantileMillis(arm, q).orElse(Double.NaN) / 1e3)
                        .description("Latency percentile of the arm in the running or last rollout (NaN without"
                                + " calls)")
                        .tags(at.and("phi", String.valueOf(q))).baseUnit("seconds").register(registry);
            }
        }
        counter(registry, "mlops.rollout.shadow.submitted", "Requests copied to the candidate", tags,
                t -> t.submitted);
        counter(registry, "mlops.rollout.shadow.compared", "Shadow calls where both versions answered", tags,
                t -> t.compared);
        counter(registry, "mlops.rollout.shadow.disagreements",
                "Compared shadow calls whose answers differ beyond the candidate's adequacy tolerance", tags,
                t -> t.disagreements);
        counter(registry, "mlops.rollout.shadow.timeouts", "Shadow calls that ran past the shadow timeout", tags,
                t -> t.timeouts);
        counter(registry, "mlops.rollout.shadow.failures", "Shadow calls where the candidate threw", tags,
                t -> t.failures);
        counter(registry, "mlops.rollout.shadow.dropped", "Requests not copied because the shadow queue was full",
                tags, t -> t.dropped);
        counter(registry, "mlops.rollout.windows", "Windows checked, summed over rollouts", tags, t -> t.windows);
        for (RolloutPhase p : TRIALS) {
            event(registry, "mlops.rollout.started", "Rollouts started", tags.and("phase", tag(p)), started.get(p));
        }
        event(registry, "mlops.rollout.promoted", "Candidates promoted", tags, promoted);
        event(registry, "mlops.rollout.completed", "Rollouts whose bake passed", tags, completed);
        for (RolloutPhase p : ROLLED_BACK_FROM) {
            event(registry, "mlops.rollout.rolled.back", "Rollouts rolled back, by the phase rolled back from",
                    tags.and("phase", tag(p)), rolledBack.get(p));
        }
        event(registry, "mlops.rollout.refused", "Candidates found by a repository watch and not tried", tags,
                refused);
        event(registry, "mlops.rollout.checks", "Windows checked, by verdict", tags.and("result", "passed"),
                checksPassed);
        event(registry, "mlops.rollout.checks", "Windows checked, by verdict", tags.and("result", "failed"),
                checksFailed);
        View v = current();
        for (int i = 0; i < ARMS.size(); i++) {
            for (String type : v.totals().errors.get(i).keySet()) {
                registerError(registry, i, type);
            }
        }
    }

    private void registerNewErrorTypes(View v) {
        for (int i = 0; i < ARMS.size(); i++) {
            for (String type : v.totals().errors.get(i).keySet()) {
                if (boundErrors.add(ARMS.get(i) + "\u0000" + type)) {
                    for (MeterRegistry r : registries) {
                        registerError(r, i, type);
                    }
                }
            }
        }
    }

    private void registerError(MeterRegistry registry, int arm, String type) {
        counter(registry, "mlops.rollout.errors",
                "Calls of the arm that threw, by exception type (envelope rejections excepted), summed over rollouts",
                Tags.of("model", model, "arm", ARMS.get(arm), "type", type),
                t -> t.errors.get(arm).getOrDefault(type, 0L));
    }

    private void counter(MeterRegistry registry, String name, String description, Tags tags,
            ToLongFunction<Totals> value) {
        FunctionCounter.builder(name, this, d -> value.applyAsLong(d.current().totals()))
                .description(description).tags(tags).register(registry);
    }

    private static void event(MeterRegistry registry, String name, String description, Tags tags,
            @Nullable AtomicLong count) {
        if (count == null) {
            throw new IllegalStateException("no count for " + name + " " + tags);
        }
        FunctionCounter.builder(name, count, AtomicLong::doubleValue).description(description).tags(tags)
                .register(registry);
    }

    static String tag(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
