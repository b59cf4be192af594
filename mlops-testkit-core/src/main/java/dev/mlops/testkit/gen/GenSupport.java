// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/** Sampling and shrinking primitives shared by {@link Gens} and {@link Gen}. Stateless. */
final class GenSupport {
    private GenSupport() {
    }

    /** The value nearest zero inside {@code [lo, hi]}: where integers shrink to. */
    static long target(long lo, long hi) {
        return lo > 0 ? lo : Math.min(hi, 0);
    }

    static double target(double lo, double hi) {
        return lo > 0 ? lo : Math.min(hi, 0.0);
    }

    /** A uniform long in {@code [lo, hi]}, inclusive at both ends, without overflow. */
    static long uniform(RandomGenerator random, long lo, long hi) {
        if (hi < Long.MAX_VALUE) {
            return random.nextLong(lo, hi + 1);
        }
        if (lo > Long.MIN_VALUE) {
            return random.nextLong(lo - 1, hi) + 1;
        }
        return random.nextLong();
    }

    /** {@code x - d, x - d/2, x - d/4, ..., x - sign(d)} where {@code d = x - target}: closer to target each time. */
    static Stream<Long> towards(long x, long target) {
        long d = x - target; // x and target lie on the same side of zero, or target is zero: no overflow
        if (d == 0) {
            return Stream.empty();
        }
        return Stream.iterate(d, i -> i != 0, i -> i / 2).map(i -> x - i);
    }

    static Stream<Double> towards(double x, double target, double lo, double hi) {
        if (Double.compare(x, target) == 0) {
            return Stream.empty();
        }
        if (!Double.isFinite(x)) {
            return Stream.of(target);
        }
        double d = x - target;
        if (!Double.isFinite(d)) {
            return Stream.of(target, x / 2).filter(c -> c >= lo && c <= hi);
        }
        double whole = x < 0 ? Math.ceil(x) : Math.floor(x);
        Stream<Double> halves = Stream.iterate(d / 2, i -> i != 0 && x - i != x, i -> i / 2).limit(40)
                .map(i -> x - i);
        return Stream.concat(Stream.of(target, whole), halves)
                .filter(c -> c >= lo && c <= hi && Math.abs(c - target) < Math.abs(d))
                .distinct();
    }

    /** A list whose candidates remove chunks (largest first, never below {@code min}), then simplify elements. */
    static <T> Shrinkable<List<T>> list(List<Shrinkable<T>> elements, int min) {
        List<T> value = new ArrayList<>(elements.size());
        for (Shrinkable<T> e : elements) {
            value.add(e.value());
        }
        return Shrinkable.of(Collections.unmodifiableList(value),
                () -> Stream.concat(removals(elements, min), elementShrinks(elements, min)));
    }

    private static <T> Stream<Shrinkable<List<T>>> removals(List<Shrinkable<T>> elements, int min) {
        int n = elements.size();
        return Stream.iterate(n - min, k -> k > 0, k -> k / 2)
                .flatMap(k -> IntStream.iterate(0, start -> start + k <= n, start -> start + k)
                        .mapToObj(start -> {
                            List<Shrinkable<T>> rest = new ArrayList<>(elements.subList(0, start));
                            rest.addAll(elements.subList(start + k, n));
                            return list(rest, min);
                        }));
    }

    private static <T> Stream<Shrinkable<List<T>>> elementShrinks(List<Shrinkable<T>> elements, int min) {
        return IntStream.range(0, elements.size()).boxed()
                .flatMap(i -> elements.get(i).shrinks().map(s -> {
                    List<Shrinkable<T>> copy = new ArrayList<>(elements);
                    copy.set(i, s);
                    return list(copy, min);
                }));
    }

    static <A, B, R> Shrinkable<R> zip(Shrinkable<A> a, Shrinkable<B> b,
            BiFunction<? super A, ? super B, ? extends R> f) {
        return Shrinkable.of(f.apply(a.value(), b.value()), () -> Stream.concat(
                a.shrinks().map(s -> zip(s, b, f)),
                b.shrinks().map(s -> zip(a, s, f))));
    }

    static <T, R> Shrinkable<R> bind(Shrinkable<T> outer, Function<? super T, ? extends Gen<? extends R>> mapper,
            long innerSeed, int size) {
        Shrinkable<? extends R> inner = mapper.apply(outer.value()).sample(new SplittableRandom(innerSeed), size);
        Shrinkable<R> widened = widen(inner);
        return Shrinkable.of(widened.value(), () -> Stream.concat(
                outer.shrinks().map(o -> bind(o, mapper, innerSeed, size)),
                widened.shrinks()));
    }

    static <R> Shrinkable<R> widen(Shrinkable<? extends R> s) {
        return s.map(Function.identity());
    }

    /** The longest collection worth generating at this size: grows from {@code min} to {@code max}. */
    static int lengthFor(RandomGenerator random, int min, int max, int size) {
        int clamped = Math.max(0, Math.min(size, Gens.MAX_SIZE));
        long span = (long) max - min;
        int limit = (int) Math.min(max, min + (long) Math.ceil(span * clamped / (double) Gens.MAX_SIZE));
        int roll = random.nextInt(10);
        if (roll == 0) {
            return min;
        }
        if (roll == 1) {
            return limit;
        }
        return (int) uniform(random, min, limit);
    }
}
