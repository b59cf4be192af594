// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.EnvelopeViolationException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/** The counters of a rollout: per window and in total, per arm, and of the shadow work. Thread-safe, lock-free. */
final class Counters {
    private Counters() {
    }

    /** One arm's calls in one window. */
    static final class ArmWindow {
        final AtomicLong ended = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong envelope = new AtomicLong();
        final LatencyHistogram latency = new LatencyHistogram();

        void record(long nanos, @Nullable Throwable failure) {
            if (failure instanceof EnvelopeViolationException) {
                envelope.incrementAndGet();
            } else if (failure != null) {
                errors.incrementAndGet();
            }
            latency.record(nanos);
            ended.incrementAndGet();
        }

        /** The arm's metrics with a value in this window. */
        Map<Metric, Double> values(long extraCalls) {
            Map<Metric, Double> out = new EnumMap<>(Metric.class);
            long n = ended.get() + extraCalls;
            if (n > 0) {
                out.put(Metric.ERROR_RATE, errors.get() / (double) n);
                out.put(Metric.ENVELOPE_REJECTION_RATE, envelope.get() / (double) n);
            }
            OptionalDouble p99 = latency.quantileMillis(0.99);
            if (p99.isPresent()) {
                out.put(Metric.P99_LATENCY_MS, p99.getAsDouble());
            }
            return out;
        }
    }

    /** One window: both arms and the shadow outcomes. */
    static final class Window {
        final int number;
        final long startNanos = System.nanoTime();
        final ArmWindow stable = new ArmWindow();
        final ArmWindow candidate = new ArmWindow();
        final AtomicLong compared = new AtomicLong();
        final AtomicLong disagreements = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final AtomicLong dropped = new AtomicLong();
        final AtomicBoolean closing = new AtomicBoolean();
        private final boolean shadow;

        /** @param shadow whether the window measures shadow calls (then it has a timeout rate) */
        Window(int number, boolean shadow) {
            this.number = number;
            this.shadow = shadow;
        }

        /** @return the candidate's calls that ended, timed-out shadow calls included */
        long candidateCalls() {
            return candidate.ended.get() + timeouts.get();
        }

        Duration length() {
            return Duration.ofNanos(System.nanoTime() - startNanos);
        }

        Map<Metric, Double> candidateValues() {
            Map<Metric, Double> out = candidate.values(timeouts.get());
            long c = compared.get();
            if (c > 0) {
                out.put(Metric.SHADOW_DISAGREEMENT_RATE, disagreements.get() / (double) c);
            }
            long started = candidate.ended.get() + timeouts.get();
            if (started > 0 && shadow) {
                out.put(Metric.SHADOW_TIMEOUT_RATE, timeouts.get() / (double) started);
            }
            return out;
        }
    }

    /** One arm's calls since the rollout started. */
    static final class ArmTotals {
        final LongAdder requests = new LongAdder();
        final LongAdder envelope = new LongAdder();
        final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
        final LatencyHistogram latency = new LatencyHistogram();

        void record(long nanos, @Nullable Throwable failure) {
            if (failure instanceof EnvelopeViolationException) {
                envelope.increment();
            } else if (failure != null) {
                errors.computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder()).increment();
            }
            latency.record(nanos);
            requests.increment();
        }

        Map<String, Long> errorsByType() {
            Map<String, Long> out = new TreeMap<>();
            errors.forEach((k, v) -> out.put(k, v.sum()));
            return out;
        }
    }

    /** The shadow work since the rollout started. */
    static final class ShadowTotals {
        final LongAdder submitted = new LongAdder();
        final LongAdder compared = new LongAdder();
        final LongAdder disagreements = new LongAdder();
        final LongAdder timeouts = new LongAdder();
        final LongAdder failures = new LongAdder();
        final LongAdder dropped = new LongAdder();

        RolloutSnapshot.ShadowStats stats() {
            return new RolloutSnapshot.ShadowStats(submitted.sum(), compared.sum(), disagreements.sum(),
                    timeouts.sum(), failures.sum(), dropped.sum());
        }
    }
}
