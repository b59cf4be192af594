// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueRange;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Shrinkable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What a generated tensor may hold: its shape rules and, per column of the last axis, the envelope of its values.
 * Immutable and thread-safe.
 */
final class TensorPlan {
    /** How far an open side of a range or constraint reaches, and the span of unconstrained finite floats. */
    static final double OPEN = 1e6;
    static final String ALPHABET = "ab Z\u00e9\u65e5\uD83D\uDE00";
    static final String UNICODE_CORNER = "\u00e9\u65e5\uD83D\uDE00";

    private static final float[] SPECIAL_FLOATS = {
        Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -Float.MAX_VALUE,
        Float.MIN_VALUE, -Float.MIN_VALUE, -0.0f, Float.MIN_NORMAL,
    };
    private static final double[] SPECIAL_DOUBLES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE, -Double.MAX_VALUE,
        Double.MIN_VALUE, -Double.MIN_VALUE, -0.0, Double.MIN_NORMAL,
    };

    /** The kinds of corner value. */
    enum Corner { LOW, HIGH, ZERO, NAN, POSITIVE_INFINITY, NEGATIVE_INFINITY }

    /** The closed interval one column's values lie in; {@code constrained} when a range or constraint applies. */
    record Envelope(double lo, double hi, boolean constrained) {
    }

    final TensorSpec spec;
    final Bounds bounds;
    private final Envelope[] columns;
    private final List<Gen<Object>> elementGens;

    TensorPlan(TensorSpec spec, List<Constraint> constraints, Bounds bounds) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.bounds = Objects.requireNonNull(bounds, "bounds");
        Objects.requireNonNull(constraints, "constraints");
        int n = Math.max(1, spec.features().size());
        columns = new Envelope[n];
        elementGens = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            columns[c] = envelope(spec, constraints, spec.features().isEmpty() ? null : spec.features().get(c));
            elementGens.add(elementGen(columns[c]));
        }
    }

    DataType dtype() {
        return spec.dtype();
    }

    int rank() {
        return spec.shape().rank();
    }

    /** Whether axis 0 is a dynamic batch axis. */
    boolean dynamicBatch() {
        return rank() > 0 && isFree(0);
    }

    /** Whether an axis is dynamic and not pinned by the feature names. */
    boolean isFree(int axis) {
        return spec.shape().dimension(axis) == Shape.DYNAMIC
                && !(axis == rank() - 1 && !spec.features().isEmpty());
    }

    boolean hasUnconstrainedFloats() {
        if (!dtype().isFloatingPoint()) {
            return false;
        }
        for (Envelope e : columns) {
            if (!e.constrained()) {
                return true;
            }
        }
        return false;
    }

    Envelope column(int c) {
        return columns[c];
    }

    int columnCount() {
        return columns.length;
    }

    /** The column of a row-major element index. */
    int columnOf(long[] shape, int index) {
        if (columns.length == 1 || shape.length == 0) {
            return 0;
        }
        return (int) (index % shape[shape.length - 1]);
    }

    /** The concrete shape for a batch and a size for the other free axes. */
    long[] shapeFor(int batch, int otherDims) {
        long[] shape = new long[rank()];
        for (int a = 0; a < shape.length; a++) {
            long d = spec.shape().dimension(a);
            if (d != Shape.DYNAMIC) {
                shape[a] = d;
            } else if (!isFree(a)) {
                shape[a] = spec.features().size();
            } else {
                shape[a] = a == 0 ? batch : otherDims;
            }
        }
        return shape;
    }

    /** Draws a shape: the batch (when {@code batch > 0}) is given, other free axes are drawn. */
    long[] drawShape(RandomGenerator random, int batch) {
        long[] shape = shapeFor(batch, 1);
        for (int a = 0; a < shape.length; a++) {
            if (isFree(a) && (a > 0 || batch <= 0)) {
                shape[a] = a == 0 ? drawDim(random, bounds.maxBatch()) : drawDim(random, bounds.maxDim());
            }
        }
        return shape;
    }

    /** A size in {@code [1, max]}, favouring 1 and {@code max}. */
    static int drawDim(RandomGenerator random, int max) {
        int roll = random.nextInt(4);
        if (roll == 0) {
            return 1;
        }
        if (roll == 1) {
            return max;
        }
        return random.nextInt(1, max + 1);
    }

    /** Draws a draft of the given shape, element by element in row-major order. */
    Draft draw(RandomGenerator random, int size, long[] shape) {
        int n = Math.toIntExact(count(shape));
        List<Shrinkable<Object>> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            elements.add(elementGens.get(columnOf(shape, i)).sample(random, size));
        }
        return new Draft(this, shape, elements);
    }

    /** A draft of the given shape filled with one kind of corner value. */
    Draft corner(long[] shape, Corner kind) {
        int n = Math.toIntExact(count(shape));
        List<Shrinkable<Object>> elements = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            elements.add(Shrinkable.of(cornerValue(columns[columnOf(shape, i)], kind)));
        }
        return new Draft(this, shape, elements);
    }

    static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    // --- envelopes ------------------------------------------------------------------------------------------------

    private static Envelope envelope(TensorSpec spec, List<Constraint> constraints, @Nullable String feature) {
        double lo = Double.NEGATIVE_INFINITY;
        double hi = Double.POSITIVE_INFINITY;
        boolean constrained = false;
        if (spec.range().isPresent()) {
            ValueRange r = spec.range().get();
            lo = r.min();
            hi = r.max();
            constrained = true;
        }
        for (Constraint c : constraints) {
            if (!c.input().equals(spec.name())) {
                continue;
            }
            if (c.feature().isPresent() && !c.feature().get().equals(feature)) {
                continue;
            }
            if (c.min().isPresent()) {
                lo = Math.max(lo, c.min().getAsDouble());
            }
            if (c.max().isPresent()) {
                hi = Math.min(hi, c.max().getAsDouble());
            }
            constrained = true;
        }
        DataType t = spec.dtype();
        if (t.isNumeric() && !t.isFloatingPoint()) {
            lo = Math.max(lo, typeMin(t));
            hi = Math.min(hi, typeMax(t));
            lo = Math.ceil(lo);
            hi = Math.floor(hi);
        } else if (t.isFloatingPoint() && constrained) {
            if (lo == Double.NEGATIVE_INFINITY) {
                lo = Math.min(hi, 0.0) - OPEN;
            }
            if (hi == Double.POSITIVE_INFINITY) {
                hi = Math.max(lo, 0.0) + OPEN;
            }
            lo = Math.max(lo, -maxFinite(t));
            hi = Math.min(hi, maxFinite(t));
        } else if (t.isFloatingPoint()) {
            lo = -OPEN;
            hi = OPEN;
        }
        if (t.isNumeric() && lo > hi) {
            throw new IllegalArgumentException(spec.name() + (feature == null ? "" : "." + feature)
                    + ": the declared range and constraints leave no " + t + " value (empty envelope ["
                    + lo + ", " + hi + "])");
        }
        return new Envelope(lo, hi, constrained);
    }

    static double typeMin(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MIN_VALUE;
            case UINT8 -> 0;
            case INT16 -> Short.MIN_VALUE;
            case INT32 -> Integer.MIN_VALUE;
            case INT64 -> Long.MIN_VALUE;
            default -> -maxFinite(t);
        };
    }

    static double typeMax(DataType t) {
        return switch (t) {
            case INT8 -> Byte.MAX_VALUE;
            case UINT8 -> 255;
            case INT16 -> Short.MAX_VALUE;
            case INT32 -> Integer.MAX_VALUE;
            case INT64 -> Long.MAX_VALUE;
            default -> maxFinite(t);
        };
    }

    static double maxFinite(DataType t) {
        return switch (t) {
            case FLOAT64 -> Double.MAX_VALUE;
            case FLOAT16 -> 65504.0;
            default -> Float.MAX_VALUE;
        };
    }

    private static long toLong(double v) {
        // (long) saturates at the long range, which is what the envelope of an int64 column asks for
        return (long) v;
    }

    // --- elements -------------------------------------------------------------------------------------------------

    private Gen<Object> elementGen(Envelope e) {
        DataType t = dtype();
        switch (t) {
            case BOOL -> {
                return Gens.booleans().map(b -> b);
            }
            case STRING -> {
                return Gens.strings(ALPHABET, 0, 3).map(s -> s);
            }
            case FLOAT32, FLOAT16, BFLOAT16, FLOAT64 -> {
                boolean single = t != DataType.FLOAT64;
                // -0.0 and MIN_VALUE are extremes, kept for unconstrained tensors: a plain zero stands in for them
                Gen<Object> finite = Gens.doubles(e.lo(), e.hi()).map(v -> Math.abs(v) <= Double.MIN_VALUE ? 0.0 : v)
                        .map(v -> single ? (Object) toFloat(v, e) : (Object) v);
                if (e.constrained() || !bounds.allowNonFinite()) {
                    return finite;
                }
                return (random, size) -> {
                    if (random.nextInt(100) < 20) {
                        int k = random.nextInt(SPECIAL_DOUBLES.length);
                        Object v = single ? (Object) specialFloat(t, k) : (Object) SPECIAL_DOUBLES[k];
                        return Shrinkable.of(v, () -> Stream.of(Shrinkable.of(single ? (Object) 0.0f : 0.0)));
                    }
                    return finite.sample(random, size);
                };
            }
            default -> {
                return Gens.longs(toLong(e.lo()), toLong(e.hi())).map(v -> v);
            }
        }
    }

    private static float specialFloat(DataType t, int k) {
        float f = SPECIAL_FLOATS[k];
        if (t == DataType.FLOAT16 && Math.abs(f) == Float.MAX_VALUE) {
            return Math.copySign(65504.0f, f);
        }
        return f;
    }

    /** Rounds to float, stepping back inside the envelope when rounding left it. */
    static float toFloat(double v, Envelope e) {
        float f = (float) v;
        if (f > e.hi()) {
            f = Math.nextDown(f);
        }
        if (f < e.lo()) {
            f = Math.nextUp(f);
        }
        return f;
    }

    Object cornerValue(Envelope e, Corner kind) {
        DataType t = dtype();
        if (t == DataType.BOOL) {
            return kind == Corner.HIGH;
        }
        if (t == DataType.STRING) {
            return kind == Corner.LOW ? "" : kind == Corner.HIGH ? UNICODE_CORNER : "a";
        }
        boolean extremes = t.isFloatingPoint() && !e.constrained() && bounds.allowNonFinite();
        if (!extremes && (kind == Corner.NAN || kind == Corner.POSITIVE_INFINITY
                || kind == Corner.NEGATIVE_INFINITY)) {
            return cornerValue(e, Corner.ZERO);
        }
        double v = switch (kind) {
            case LOW -> extremes ? -maxFinite(t) : e.lo();
            case HIGH -> extremes ? maxFinite(t) : e.hi();
            case ZERO -> e.lo() > 0 ? e.lo() : Math.min(e.hi(), 0.0);
            case NAN -> Double.NaN;
            case POSITIVE_INFINITY -> Double.POSITIVE_INFINITY;
            case NEGATIVE_INFINITY -> Double.NEGATIVE_INFINITY;
        };
        if (t.isFloatingPoint()) {
            if (t == DataType.FLOAT64) {
                return v;
            }
            return Double.isFinite(v) ? toFloat(v, extremes ? new Envelope(v, v, false) : e) : (float) v;
        }
        return toLong(v);
    }
}
