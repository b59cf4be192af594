// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.OutputComparison;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/** The behavioural checks {@link RuntimeModelContract} and {@link BundleContract} run. Stateless. */
final class BehaviourChecks {
    static final int THREADS = 8;
    static final int RUNS_PER_THREAD = 20;

    private BehaviourChecks() {
    }

    /** Every declared output is returned, with its declared dtype and a shape its spec accepts. */
    static void declaredOutputs(RuntimeModel model, List<Sample> samples) {
        List<String> problems = new ArrayList<>();
        for (Sample s : samples) {
            Map<String, Tensor> out = predict(model, s, "");
            for (TensorSpec spec : model.metadata().outputs()) {
                Tensor t = out.get(spec.name());
                if (t == null) {
                    problems.add(s.label() + ": declared output '" + spec.name() + "' is missing (returned "
                            + out.keySet() + ")");
                } else if (t.dtype() != spec.dtype()) {
                    problems.add(s.label() + ": output '" + spec.name() + "' is " + t.dtype() + ", declared "
                            + spec.dtype());
                } else if (!spec.shape().accepts(t.shape())) {
                    problems.add(s.label() + ": output '" + spec.name() + "' has shape " + Arrays.toString(t.shape())
                            + ", which the declared shape " + spec.shape() + " does not accept");
                }
            }
        }
        report("predict does not return the declared outputs", problems);
    }

    /** The same inputs twice give identical outputs. */
    static void determinism(RuntimeModel model, List<Sample> samples) {
        List<String> problems = new ArrayList<>();
        for (Sample s : samples) {
            String diff = Tensors.difference(predict(model, s, " (first run)"), predict(model, s, " (second run)"));
            if (diff != null) {
                problems.add(s.label() + ": " + diff);
            }
        }
        report("the same inputs run twice gave different outputs", problems);
    }

    /** Inputs concatenated along a dynamic axis 0 give the outputs of the samples run one at a time. */
    static void batchConsistency(RuntimeModel model, List<Sample> samples) {
        ModelMetadata meta = model.metadata();
        for (TensorSpec in : meta.inputs()) {
            Shape shape = in.shape();
            Assumptions.assumeTrue(!shape.isScalar() && shape.dimension(0) == Shape.DYNAMIC, () -> "input '"
                    + in.name() + "' has declared shape " + shape + ": its first dimension is not dynamic (-1), so"
                    + " inputs cannot be batched along it");
        }
        List<Sample> parts = samples.size() == 1 ? List.of(samples.get(0), samples.get(0)) : samples;
        Map<String, Tensor> batched = new LinkedHashMap<>();
        for (TensorSpec in : meta.inputs()) {
            List<Tensor> tensors = new ArrayList<>();
            for (Sample s : parts) {
                Tensor t = s.inputs().get(in.name());
                Assumptions.assumeTrue(t != null && t.rank() >= 1, () -> s.label() + " has no input '" + in.name()
                        + "' of rank 1 or more");
                long[] tail = Arrays.copyOfRange(Objects.requireNonNull(t).shape(), 1, t.rank());
                long[] first = tensors.isEmpty() ? t.shape() : tensors.get(0).shape();
                Assumptions.assumeTrue(Arrays.equals(tail, Arrays.copyOfRange(first, 1, first.length)),
                        () -> "the samples' inputs '" + in.name() + "' differ in shape beyond axis 0, so they cannot"
                                + " be concatenated");
                tensors.add(t);
            }
            batched.put(in.name(), Tensors.concat(tensors));
        }
        List<Map<String, Tensor>> singles = new ArrayList<>();
        for (Sample s : parts) {
            singles.add(predict(model, s, ""));
        }
        Map<String, Tensor> together = predict(model, new Sample("the concatenated samples", batched), "");
        List<String> problems = new ArrayList<>();
        for (String name : singles.get(0).keySet()) {
            Tolerance tolerance = meta.adequacy().map(a -> a.toleranceFor(name)).orElse(Tolerance.DEFAULT);
            Tensor all = together.get(name);
            long rows = 0;
            boolean scalar = false;
            for (Map<String, Tensor> single : singles) {
                Tensor t = single.get(name);
                scalar |= t == null || t.rank() == 0;
                rows += t == null || t.rank() == 0 ? 0 : t.shape()[0];
            }
            if (all == null || scalar || all.rank() == 0 || all.shape()[0] != rows) {
                problems.add("output '" + name + "' of the batch is " + all + ", not the " + rows
                        + " rows of the samples' outputs along axis 0");
                continue;
            }
            long from = 0;
            for (int i = 0; i < parts.size(); i++) {
                Tensor single = singles.get(i).get(name);
                long to = from + Objects.requireNonNull(single, name).shape()[0];
                Tensor slice = Tensors.rows(all, from, to);
                OutputResult r = OutputComparison.compare(name, single, Map.of(name, slice), tolerance);
                if (!r.passed()) {
                    problems.add(parts.get(i).label() + " (batch rows " + from + ".." + (to - 1) + ") alone vs in the "
                            + "batch: " + r.describe());
                }
                from = to;
            }
        }
        report("running the samples as one batch gave other outputs than running them one at a time", problems);
    }

    /** Rejecting constraints accept their limits and refuse the next value beyond; warning ones accept both. */
    static void envelope(RuntimeModel model, List<Sample> samples) {
        ModelMetadata meta = model.metadata();
        Assumptions.assumeFalse(meta.constraints().isEmpty(), "the model declares no constraints");
        List<String> problems = new ArrayList<>();
        for (Constraint c : meta.constraints()) {
            String where = "constraint on input '" + c.input() + "'" + c.feature().map(f -> " feature '" + f + "'")
                    .orElse("") + " (" + c.action() + ")";
            Optional<TensorSpec> spec = meta.input(c.input());
            Optional<Sample> sample = samples.stream().filter(s -> s.inputs().containsKey(c.input())).findFirst();
            if (spec.isEmpty() || sample.isEmpty()) {
                problems.add(where + ": " + (spec.isEmpty() ? "the model declares no such input" : "no sample has it"));
                continue;
            }
            Tensor base = Objects.requireNonNull(sample.get().inputs().get(c.input()), c.input());
            if (!base.dtype().isNumeric()) {
                problems.add(where + ": input is " + base.dtype() + ", which cannot be bounded");
                continue;
            }
            IntPredicate which = i -> true;
            if (c.feature().isPresent()) {
                int index = spec.get().featureIndex(c.feature().get());
                if (index < 0 || base.rank() == 0) {
                    problems.add(where + ": input '" + c.input() + "' declares no feature '" + c.feature().get()
                            + "' (features " + spec.get().features() + ")");
                    continue;
                }
                long last = base.shape()[base.rank() - 1];
                which = i -> i % last == index;
            }
            checkBound(model, sample.get(), c, where + " max", c.max(), true, base, which, problems);
            checkBound(model, sample.get(), c, where + " min", c.min(), false, base, which, problems);
        }
        report("the operating envelope is not enforced as declared", problems);
    }

    private static void checkBound(RuntimeModel model, Sample sample, Constraint c, String where, OptionalDouble bound,
            boolean upper, Tensor base, IntPredicate which, List<String> problems) {
        if (bound.isEmpty()) {
            return;
        }
        double[] limits = limits(base.dtype(), bound.getAsDouble(), upper);
        String at = where + " " + bound.getAsDouble() + ": " + sample.label() + " with the value ";
        try {
            model.predict(replaced(sample, c.input(), Tensors.with(base, which, limits[0])));
        } catch (EnvelopeViolationException e) {
            if (!byOther(e, c)) {
                problems.add(at + show(base.dtype(), limits[0]) + " (at the limit) was refused: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            problems.add(at + show(base.dtype(), limits[0]) + " (at the limit) was refused: " + e);
        }
        if (limits.length < 2) {
            return;
        }
        Map<String, Tensor> beyond = replaced(sample, c.input(), Tensors.with(base, which, limits[1]));
        if (c.action() == ConstraintAction.WARN) {
            try {
                model.predict(beyond);
            } catch (EnvelopeViolationException e) {
                if (!byOther(e, c)) {
                    problems.add(at + show(base.dtype(), limits[1])
                            + " (beyond the limit) was refused, but the constraint only warns: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                problems.add(at + show(base.dtype(), limits[1])
                        + " (beyond the limit) was refused, but the constraint only warns: " + e);
            }
            return;
        }
        try {
            model.predict(beyond);
            problems.add(at + show(base.dtype(), limits[1])
                    + " (beyond the limit) was served; expected EnvelopeViolationException");
        } catch (EnvelopeViolationException e) {
            // refused: by this constraint, or by another one the changed elements also cross
        } catch (RuntimeException e) {
            problems.add(at + show(base.dtype(), limits[1]) + " (beyond the limit) threw " + e
                    + "; expected EnvelopeViolationException");
        }
    }

    /**
     * Tells whether a refusal came from another constraint that the changed elements also cross (a feature bound
     * inside a whole-input bound), so it says nothing about the constraint under test.
     */
    private static boolean byOther(EnvelopeViolationException e, Constraint c) {
        return !e.input().equals(c.input()) || !e.feature().equals(c.feature().orElse(""));
    }

    /**
     * Returns the value at the limit that the dtype represents and, when the dtype has one, the next value beyond.
     */
    static double[] limits(DataType dtype, double bound, boolean upper) {
        switch (dtype) {
            case FLOAT64 -> {
                return new double[] {bound, upper ? Math.nextUp(bound) : Math.nextDown(bound)};
            }
            case FLOAT32, FLOAT16, BFLOAT16 -> {
                float f = (float) bound;
                if (upper && f > bound) {
                    f = Math.nextDown(f);
                } else if (!upper && f < bound) {
                    f = Math.nextUp(f);
                }
                return new double[] {f, upper ? Math.nextUp(f) : Math.nextDown(f)};
            }
            default -> {
                double lo = switch (dtype) {
                    case INT8 -> Byte.MIN_VALUE;
                    case INT16 -> Short.MIN_VALUE;
                    case INT32 -> Integer.MIN_VALUE;
                    case INT64 -> Long.MIN_VALUE;
                    default -> 0;
                };
                double hi = switch (dtype) {
                    case INT8 -> Byte.MAX_VALUE;
                    case UINT8 -> 255;
                    case INT16 -> Short.MAX_VALUE;
                    case INT32 -> Integer.MAX_VALUE;
                    case INT64 -> Long.MAX_VALUE;
                    default -> 1;
                };
                double at = Math.max(lo, Math.min(hi, upper ? Math.floor(bound) : Math.ceil(bound)));
                double next = upper ? at + 1 : at - 1;
                return next < lo || next > hi ? new double[] {at} : new double[] {at, next};
            }
        }
    }

    /** Renders a value as the dtype holds it: {@code 100.00001} for a float32, {@code 101} for an int64. */
    private static String show(DataType dtype, double value) {
        if (dtype == DataType.FLOAT64) {
            return Double.toString(value);
        }
        return dtype.isFloatingPoint() ? Float.toString((float) value) : Long.toString((long) value);
    }

    private static Map<String, Tensor> replaced(Sample sample, String input, Tensor value) {
        Map<String, Tensor> inputs = new HashMap<>(sample.inputs());
        inputs.put(input, value);
        return inputs;
    }

    /** No floating-point output holds NaN or an infinity. */
    static void finiteOutputs(RuntimeModel model, List<Sample> samples) {
        List<String> problems = new ArrayList<>();
        for (Sample s : samples) {
            for (Map.Entry<String, Tensor> e : predict(model, s, "").entrySet()) {
                Tensor t = e.getValue();
                if (!t.dtype().isFloatingPoint()) {
                    continue;
                }
                for (int i = 0; i < t.size(); i++) {
                    double v = t.getDouble(i);
                    if (!Double.isFinite(v)) {
                        problems.add(s.label() + ": output '" + e.getKey() + "' element " + i + " "
                                + OutputComparison.position(i, t.shape()) + " is " + v);
                        break;
                    }
                }
            }
        }
        report("outputs are not finite", problems);
    }

    /** Many threads predicting at once get the answers one thread gets. */
    static void threads(RuntimeModel model, List<Sample> samples) {
        List<Map<String, Tensor>> expected = new ArrayList<>();
        for (Sample s : samples) {
            expected.add(predict(model, s, " (single thread)"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<String> problems = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<@Nullable String>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    for (int r = 0; r < RUNS_PER_THREAD; r++) {
                        int k = (thread + r) % samples.size();
                        Sample s = samples.get(k);
                        try {
                            String diff = Tensors.difference(expected.get(k), model.predict(s.inputs()));
                            if (diff != null) {
                                return "thread " + thread + " run " + r + ", " + s.label() + ": " + diff
                                        + " (single thread, then concurrent)";
                            }
                        } catch (RuntimeException e) {
                            return "thread " + thread + " run " + r + ", " + s.label() + ": predict threw " + e;
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<@Nullable String> f : results) {
                String problem = f.get(2, TimeUnit.MINUTES);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionFailedError("interrupted while waiting for the threads", e);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new AssertionFailedError(THREADS + " threads x " + RUNS_PER_THREAD + " runs did not finish: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        report(THREADS + " threads x " + RUNS_PER_THREAD + " runs got other answers than one thread", problems);
    }

    private static Map<String, Tensor> predict(RuntimeModel model, Sample s, String when) {
        Map<String, Tensor> out;
        try {
            out = model.predict(s.inputs());
        } catch (RuntimeException e) {
            throw new AssertionFailedError(s.label() + when + ": predict threw " + e, e);
        }
        if (out == null) {
            throw new AssertionFailedError(s.label() + when + ": predict returned null");
        }
        return out;
    }

    private static void report(String headline, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new AssertionFailedError(headline + ":\n  " + String.join("\n  ", problems));
        }
    }
}
