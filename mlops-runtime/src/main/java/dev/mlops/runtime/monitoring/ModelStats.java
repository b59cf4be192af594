// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything measured for one model version. Counters are {@link LongAdder}s; feature statistics are guarded per
 * feature; window bookkeeping by one lock taken once per window. Thread-safe.
 */
final class ModelStats {
    /** Features tracked per tensor at most; the rest of a wider tensor is not monitored. */
    static final int MAX_FEATURES = 256;

    final ModelKey key;
    private final ModelMonitor monitor;
    private final LongAdder requests = new LongAdder();
    private final LongAdder[] errors = adders(ErrorKind.values().length);
    private final LongAdder[] latency = adders(LatencyHistogram.BUCKETS);
    private final LongAdder latencySum = new LongAdder();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Constraint> constraints;
    private final LongAdder[] envelopeRequests;
    private final LongAdder[] envelopeValues;
    private final int[] warnConstraint; // warn check index -> constraint index
    private final TensorStats[] inputs;
    private final TensorStats[] outputs;
    private final int testedFeatures;
    private final double threshold;
    private final AtomicLong windowRows = new AtomicLong();
    private final Object windowLock = new Object();
    private long windows;
    private long windowsDrifted;
    private long rowsAtLastClose;

    ModelStats(ModelKey key, ModelMetadata meta, ModelMonitor monitor) {
        this.key = key;
        this.monitor = monitor;
        this.constraints = meta.constraints();
        this.envelopeRequests = adders(constraints.size());
        this.envelopeValues = adders(constraints.size());
        List<Integer> warns = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            if (constraints.get(i).action() == ConstraintAction.WARN) {
                warns.add(i);
            }
        }
        this.warnConstraint = warns.stream().mapToInt(Integer::intValue).toArray();
        Optional<DataStatistics> stats = meta.statistics();
        long seed = monitor.seed() ^ key.hashCode();
        this.inputs = new TensorStats[meta.inputs().size()];
        int tested = 0;
        for (int i = 0; i < inputs.length; i++) {
            TensorSpec spec = meta.inputs().get(i);
            Map<String, FeatureStatistics> training = stats.map(s -> s.inputs().getOrDefault(spec.name(), Map.of()))
                    .orElse(Map.of());
            inputs[i] = new TensorStats(spec, training, warnChecks(spec), seed + 31L * i);
            if (spec.dtype().isNumeric()) {
                for (FeatureStatistics f : training.values()) {
                    tested += f instanceof FeatureStatistics.Numeric
                            || f instanceof FeatureStatistics.Categorical c && Categories.of(c).isPresent() ? 1 : 0;
                }
            }
        }
        this.outputs = new TensorStats[meta.outputs().size()];
        for (int i = 0; i < outputs.length; i++) {
            TensorSpec spec = meta.outputs().get(i);
            Map<String, FeatureStatistics> training = stats.map(s -> s.outputs().getOrDefault(spec.name(), Map.of()))
                    .orElse(Map.of());
            outputs[i] = new TensorStats(spec, training, List.of(), seed + 7919L * (i + 1));
        }
        this.testedFeatures = tested;
        this.threshold = monitor.alpha() / Math.max(1, tested);
    }

    /** The warn constraints on an input, with their check indexes. */
    private List<FeatureStats.WarnCheck> warnChecks(TensorSpec spec) {
        List<FeatureStats.WarnCheck> list = new ArrayList<>();
        for (int w = 0; w < warnConstraint.length; w++) {
            Constraint c = constraints.get(warnConstraint[w]);
            if (c.input().equals(spec.name())) {
                list.add(new FeatureStats.WarnCheck(c, w));
            }
        }
        return list;
    }

    long nextSequence() {
        return sequence.incrementAndGet();
    }

    void failed(long nanos, RuntimeException e) {
        requests.increment();
        latency(nanos);
        ErrorKind kind = ErrorKind.of(e);
        errors[kind.ordinal()].increment();
        if (e instanceof EnvelopeViolationException) {
            EnvelopeViolationException v = (EnvelopeViolationException) e;
            int c = rejectConstraint(v);
            if (c >= 0) {
                envelopeRequests[c].increment();
                envelopeValues[c].increment();
            }
        }
    }

    private int rejectConstraint(EnvelopeViolationException v) {
        int fallback = -1;
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            if (c.action() != ConstraintAction.REJECT || !c.input().equals(v.input())
                    || !c.feature().orElse("").equals(v.feature())) {
                continue;
            }
            if (c.min().isPresent() && c.min().getAsDouble() == v.limit()
                    || c.max().isPresent() && c.max().getAsDouble() == v.limit()) {
                return i;
            }
            fallback = fallback < 0 ? i : fallback;
        }
        return fallback;
    }

    /** Counts a served call and adds its inputs and outputs to the statistics; may close a drift window. */
    void succeeded(long nanos, Map<String, Tensor> in, Map<String, ? extends Value> out) {
        requests.increment();
        latency(nanos);
        long[] hits = warnConstraint.length == 0 ? NO_HITS : new long[warnConstraint.length];
        long rows = -1;
        for (TensorStats ts : inputs) {
            Tensor t = in.get(ts.spec.name());
            if (t != null) {
                ts.add(t, hits);
                if (rows < 0) {
                    rows = rows(t);
                }
            }
        }
        for (int w = 0; w < hits.length; w++) {
            if (hits[w] > 0) {
                envelopeRequests[warnConstraint[w]].increment();
                envelopeValues[warnConstraint[w]].add(hits[w]);
            }
        }
        for (TensorStats ts : outputs) {
            Value v = out.get(ts.spec.name());
            if (v instanceof Tensor) {
                ts.add((Tensor) v, NO_HITS);
            }
        }
        if (testedFeatures > 0 && rows > 0) {
            int n = monitor.windowRows();
            long after = windowRows.addAndGet(rows);
            if (after / n != (after - rows) / n) {
                closeWindow(after);
            }
        }
    }

    private static final long[] NO_HITS = new long[0];

    private static long rows(Tensor t) {
        if (t.rank() == 0) {
            return 1;
        }
        long width = t.shape()[t.rank() - 1];
        return width == 0 ? 0 : t.size() / width;
    }

    private void closeWindow(long rowsNow) {
        List<DriftVerdict> verdicts = new ArrayList<>();
        long window;
        long rows;
        boolean drifted = false;
        synchronized (windowLock) {
            window = ++windows;
            rows = Math.max(0, rowsNow - rowsAtLastClose); // windows closed out of order under contention
            rowsAtLastClose = Math.max(rowsAtLastClose, rowsNow);
            for (TensorStats ts : inputs) {
                for (FeatureStats f : ts.columns()) {
                    Optional<DriftVerdict> v = f.closeWindow(window, threshold);
                    if (v.isPresent()) {
                        verdicts.add(v.get());
                        drifted |= v.get().drifted();
                    }
                }
            }
            if (drifted) {
                windowsDrifted++;
            }
        }
        Instant at = monitor.now();
        monitor.publish(new MonitorEvent.WindowTested(key, at, window, rows, verdicts, drifted));
        for (DriftVerdict v : verdicts) {
            if (v.drifted()) {
                monitor.publish(new MonitorEvent.DriftDetected(key, at, v));
            }
        }
    }

    private void latency(long nanos) {
        long[] b = LatencyHistogram.BOUNDS;
        int i = Arrays.binarySearch(b, nanos);
        latency[i >= 0 ? i : -i - 1].increment();
        latencySum.add(Math.max(0, nanos));
    }

    ModelSnapshot snapshot() {
        Map<ErrorKind, Long> e = new EnumMap<>(ErrorKind.class);
        for (ErrorKind k : ErrorKind.values()) {
            e.put(k, errors[k.ordinal()].sum());
        }
        List<Long> bounds = new ArrayList<>();
        for (long x : LatencyHistogram.BOUNDS) {
            bounds.add(x);
        }
        List<Long> counts = new ArrayList<>();
        for (LongAdder a : latency) {
            counts.add(a.sum());
        }
        LatencyHistogram lat = new LatencyHistogram(bounds, counts, latencySum.sum());
        List<EnvelopeCount> env = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            Constraint c = constraints.get(i);
            env.add(new EnvelopeCount(c.input(), c.feature().orElse(""), describe(c), c.action(),
                    envelopeRequests[i].sum(), envelopeValues[i].sum()));
        }
        long w;
        long wd;
        synchronized (windowLock) {
            w = windows;
            wd = windowsDrifted;
        }
        return new ModelSnapshot(key, requests.sum(), e, lat, env, features(inputs), features(outputs),
                new DriftSummary(monitor.alpha(), monitor.windowRows(), testedFeatures, w, wd));
    }

    private static List<FeatureSnapshot> features(TensorStats[] tensors) {
        List<FeatureSnapshot> list = new ArrayList<>();
        for (TensorStats ts : tensors) {
            for (FeatureStats f : ts.columns()) {
                list.add(f.snapshot());
            }
        }
        return list;
    }

    /** As the envelope guard describes a constraint: {@code input 'x' feature 'f' in [lo, hi]}. */
    static String describe(Constraint c) {
        String lo = c.min().isPresent() ? "[" + c.min().getAsDouble() : "(-Infinity";
        String hi = c.max().isPresent() ? c.max().getAsDouble() + "]" : "Infinity)";
        return "input '" + c.input() + "'" + c.feature().map(f -> " feature '" + f + "'").orElse("") + " in " + lo
                + ", " + hi;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** The features of one tensor, created when its width is first known. */
    final class TensorStats {
        final TensorSpec spec;
        private final Map<String, FeatureStatistics> training;
        private final List<FeatureStats.WarnCheck> warns;
        private final long seed;
        private volatile FeatureStats[] columns = new FeatureStats[0];
        private volatile FeatureStats.WarnCheck[][] checks = new FeatureStats.WarnCheck[0][];

        TensorStats(TensorSpec spec, Map<String, FeatureStatistics> training, List<FeatureStats.WarnCheck> warns,
                long seed) {
            this.spec = spec;
            this.training = training;
            this.warns = warns;
            this.seed = seed;
            if (spec.dtype().isNumeric()) {
                int width = spec.shape().rank() == 0 ? 1 : (int) Math.min(Integer.MAX_VALUE,
                        spec.shape().dimension(spec.shape().rank() - 1));
                if (!spec.features().isEmpty()) {
                    width = spec.features().size();
                }
                if (width > 0) {
                    grow(width);
                }
            }
        }

        FeatureStats[] columns() {
            return columns;
        }

        void add(Tensor t, long[] hits) {
            if (!t.dtype().isNumeric()) {
                return;
            }
            int width = t.rank() == 0 ? 1 : (int) Math.min(Integer.MAX_VALUE, t.shape()[t.rank() - 1]);
            if (width == 0) {
                return;
            }
            FeatureStats[] cols = columns;
            if (cols.length < Math.min(width, MAX_FEATURES)) {
                grow(width);
                cols = columns;
            }
            FeatureStats.WarnCheck[][] w = checks;
            int n = Math.min(width, cols.length);
            for (int j = 0; j < n; j++) {
                cols[j].add(t, j, width, w[j], hits);
            }
        }

        private synchronized void grow(int width) {
            int n = Math.min(width, MAX_FEATURES);
            FeatureStats[] old = columns;
            if (old.length >= n) {
                return;
            }
            FeatureStats[] cols = Arrays.copyOf(old, n);
            FeatureStats.WarnCheck[][] w = Arrays.copyOf(checks, n);
            for (int j = old.length; j < n; j++) {
                String name = j < spec.features().size() ? spec.features().get(j) : String.valueOf(j);
                cols[j] = new FeatureStats(spec.name(), name, Optional.ofNullable(training.get(name)), seed + j);
                List<FeatureStats.WarnCheck> mine = new ArrayList<>();
                for (FeatureStats.WarnCheck c : warns) {
                    Optional<String> f = c.constraint.feature();
                    if (f.isEmpty() || f.get().equals(name)) {
                        mine.add(c);
                    }
                }
                w[j] = mine.toArray(new FeatureStats.WarnCheck[0]);
            }
            checks = w;
            columns = cols;
        }
    }

    @Override
    public String toString() {
        return "ModelStats[" + key + "]";
    }
}
