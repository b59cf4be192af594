// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.internal;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces a model's operating envelope, its {@link ModelMetadata#constraints() constraints}, on prediction inputs.
 *
 * <p>Internal: {@code public} only so that other runtime packages can call it; {@code dev.mlops.runtime.internal} is
 * not exported and may change without notice.
 *
 * <p>A constraint with a feature covers the elements at that feature's index ({@link TensorSpec#featureIndex})
 * along the last axis of its input; one without covers every element. Only numeric inputs are checked; NaN lies
 * outside every constraint. A value outside a {@link ConstraintAction#REJECT} constraint fails the request with an
 * {@link EnvelopeViolationException}; one outside a {@link ConstraintAction#WARN} constraint is served, counted, and
 * logged at WARN at most once per log interval per constraint, with the number of values seen outside since the last
 * such log. Reject constraints are checked first, so a rejected request counts no warnings.
 *
 * <p>Thread-safe: {@link #check} may be called concurrently; counters are {@link LongAdder}s.
 */
public final class EnvelopeGuard {
    /** How often, at most, each warn constraint is logged when no interval is given. */
    public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final Logger LOG = LoggerFactory.getLogger(EnvelopeGuard.class);

    private final String model;
    private final Rule[] rejects;
    private final Rule[] warns;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final LongAdder logsEmitted = new LongAdder();

    /**
     * Creates a guard that logs each warn constraint at most once a minute.
     *
     * @param meta the model's metadata
     * @throws IllegalArgumentException when a constraint names an input or a feature the metadata does not declare
     */
    public EnvelopeGuard(ModelMetadata meta) {
        this(meta, DEFAULT_LOG_INTERVAL, System::nanoTime);
    }

    /**
     * Creates a guard.
     *
     * @param meta the model's metadata
     * @param logInterval the least time between two logs of the same warn constraint; zero logs every violation
     * @param nanoTime the clock, in nanoseconds, as {@link System#nanoTime()}
     * @throws IllegalArgumentException when the interval is negative, or a constraint names an input or a feature
     *     the metadata does not declare
     */
    public EnvelopeGuard(ModelMetadata meta, Duration logInterval, LongSupplier nanoTime) {
        Objects.requireNonNull(meta, "meta");
        Objects.requireNonNull(logInterval, "logInterval");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        if (logInterval.isNegative()) {
            throw new IllegalArgumentException("logInterval: " + logInterval + " must not be negative");
        }
        this.intervalNanos = saturatedNanos(logInterval);
        this.model = meta.name() + " " + meta.version();
        List<Rule> rejectRules = new ArrayList<>();
        List<Rule> warnRules = new ArrayList<>();
        long now = meta.constraints().isEmpty() ? 0 : nanoTime.getAsLong();
        List<Constraint> constraints = meta.constraints();
        for (int i = 0; i < constraints.size(); i++) {
            Rule r = rule(meta, constraints.get(i), i, now);
            (r.constraint.action() == ConstraintAction.REJECT ? rejectRules : warnRules).add(r);
        }
        this.rejects = rejectRules.toArray(new Rule[0]);
        this.warns = warnRules.toArray(new Rule[0]);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Rule rule(ModelMetadata meta, Constraint c, int index, long now) {
        String where = "constraints[" + index + "]";
        TensorSpec spec = meta.input(c.input()).orElseThrow(() -> new IllegalArgumentException(where + ": input '"
                + c.input() + "' is not declared (inputs are "
                + meta.inputs().stream().map(TensorSpec::name).toList() + ")"));
        int featureIndex = -1;
        if (c.feature().isPresent()) {
            featureIndex = spec.featureIndex(c.feature().get());
            if (featureIndex < 0) {
                throw new IllegalArgumentException(where + ": '" + c.feature().get() + "' is not a feature of input '"
                        + c.input() + "' (its features are " + spec.features() + ")");
            }
        }
        return new Rule(c, featureIndex, now);
    }

    /**
     * Checks the inputs against every constraint. Inputs a constraint names but the map lacks, and inputs too small
     * to hold a constrained feature, are left to {@link InputCheck}.
     *
     * @param inputs the tensors by input name
     * @throws EnvelopeViolationException at the first value outside a reject constraint, naming the input, feature,
     *     value, limit, element and the constraint's message
     */
    public void check(Map<String, Tensor> inputs) {
        if (rejects.length == 0 && warns.length == 0) {
            return;
        }
        Objects.requireNonNull(inputs, "inputs");
        for (Rule r : rejects) {
            Tensor t = inputs.get(r.input());
            if (t == null || !r.applies(t)) {
                continue;
            }
            int bad = r.nextViolation(t, r.first());
            if (bad >= 0) {
                double v = t.getDouble(bad);
                throw new EnvelopeViolationException(r.input(), r.feature(), v, r.limit(v), r.violation(t, bad));
            }
        }
        for (Rule r : warns) {
            Tensor t = inputs.get(r.input());
            if (t == null || !r.applies(t)) {
                continue;
            }
            int first = r.nextViolation(t, r.first());
            if (first < 0) {
                continue;
            }
            long count = 1;
            for (int i = r.nextViolation(t, (long) first + r.step(t)); i >= 0;
                    i = r.nextViolation(t, (long) i + r.step(t))) {
                count++;
            }
            r.count.add(count);
            maybeLog(r, t, first);
        }
    }

    private void maybeLog(Rule r, Tensor t, int first) {
        long now = nanoTime.getAsLong();
        long next = r.nextLogAt.get();
        if (now - next < 0 || !r.nextLogAt.compareAndSet(next, now + intervalNanos)) {
            return;
        }
        long total = r.count.sum();
        long previous = r.loggedCount.getAndAccumulate(total, Math::max);
        long since = Math.max(0, total - previous);
        logsEmitted.increment();
        if (LOG.isWarnEnabled()) {
            LOG.warn("{}: {}; served anyway, {} value(s) outside this constraint since {} ({} in all)", model,
                    r.violation(t, first), since, previous == 0 ? "the model was loaded" : "the last warning", total);
        }
    }

    /**
     * Returns the number of values served outside warn constraints, over all of them.
     *
     * @return the total since the guard was created
     */
    public long warnings() {
        long n = 0;
        for (Rule r : warns) {
            n += r.count.sum();
        }
        return n;
    }

    /**
     * Returns the number of values served outside each warn constraint.
     *
     * @return counts keyed by a description of the constraint, such as
     *     {@code "input 'features' feature 'celsius' in [-40.0, 100.0]"}, in declaration order; an unmodifiable
     *     snapshot
     */
    public Map<String, Long> warningCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Rule r : warns) {
            counts.merge(r.description(), r.count.sum(), Long::sum);
        }
        return Collections.unmodifiableMap(counts);
    }

    /**
     * Returns how many warnings were logged, over every warn constraint; with the rate limit, at most one per
     * constraint per log interval.
     *
     * @return the number of WARN log calls made
     */
    public long warnLogsEmitted() {
        return logsEmitted.sum();
    }

    /**
     * Tells whether the guard has anything to check.
     *
     * @return {@code true} when the model declares no constraint
     */
    public boolean isEmpty() {
        return rejects.length == 0 && warns.length == 0;
    }

    @Override
    public String toString() {
        return "EnvelopeGuard[" + model + ", " + rejects.length + " reject, " + warns.length + " warn]";
    }

    /** One constraint, resolved against its input's spec, with its counters. */
    private static final class Rule {
        final Constraint constraint;
        final int featureIndex;
        final LongAdder count = new LongAdder();
        final AtomicLong nextLogAt;
        final AtomicLong loggedCount = new AtomicLong();

        Rule(Constraint constraint, int featureIndex, long now) {
            this.constraint = constraint;
            this.featureIndex = featureIndex;
            this.nextLogAt = new AtomicLong(now);
        }

        String input() {
            return constraint.input();
        }

        String feature() {
            return constraint.feature().orElse("");
        }

        /** Whether the tensor can be checked: numeric, and holding the feature when there is one. */
        boolean applies(Tensor t) {
            DataType d = t.dtype();
            if (!d.isNumeric()) {
                return false;
            }
            if (featureIndex < 0) {
                return true;
            }
            return t.rank() > 0 && featureIndex < t.shape()[t.rank() - 1];
        }

        int first() {
            return Math.max(featureIndex, 0);
        }

        int step(Tensor t) {
            return featureIndex < 0 ? 1 : (int) t.shape()[t.rank() - 1];
        }

        /** The index of the first covered element at or after {@code from} that is outside, or -1. */
        int nextViolation(Tensor t, long from) {
            int n = t.size();
            int step = step(t);
            for (long i = from; i < n; i += step) {
                if (!constraint.admits(t.getDouble((int) i))) {
                    return (int) i;
                }
            }
            return -1;
        }

        /** The limit a value crossed: the minimum for a low value, the maximum for a high one or for NaN. */
        double limit(double v) {
            if (constraint.min().isPresent() && (v < constraint.min().getAsDouble()
                    || Double.isNaN(v) && constraint.max().isEmpty())) {
                return constraint.min().getAsDouble();
            }
            return constraint.max().getAsDouble();
        }

        String subject() {
            return "input '" + input() + "'" + constraint.feature().map(f -> " feature '" + f + "'").orElse("");
        }

        String envelope() {
            String lo = constraint.min().isPresent() ? "[" + constraint.min().getAsDouble() : "(-Infinity";
            String hi = constraint.max().isPresent() ? constraint.max().getAsDouble() + "]" : "Infinity)";
            return lo + ", " + hi;
        }

        String description() {
            return subject() + " in " + envelope();
        }

        /** The message for the value at {@code index}, which is outside. */
        String violation(Tensor t, int index) {
            double v = t.getDouble(index);
            StringBuilder sb = new StringBuilder(subject()).append(" = ").append(format(t.dtype(), v));
            if (Double.isNaN(v)) {
                sb.append(" is not a number, so it is outside the envelope ").append(envelope());
            } else if (constraint.min().isPresent() && v < constraint.min().getAsDouble()) {
                sb.append(" is below the envelope minimum ").append(constraint.min().getAsDouble());
            } else {
                sb.append(" is above the envelope maximum ").append(constraint.max().getAsDouble());
            }
            sb.append(" (element ").append(Tensors.position(index, t.shape())).append(')');
            constraint.message().ifPresent(m -> sb.append(": ").append(m));
            return sb.toString();
        }

        private static String format(DataType dtype, double v) {
            if (dtype == DataType.FLOAT64) {
                return Double.toString(v);
            }
            if (dtype.isFloatingPoint()) {
                return Float.toString((float) v);
            }
            return Long.toString((long) v);
        }
    }
}
