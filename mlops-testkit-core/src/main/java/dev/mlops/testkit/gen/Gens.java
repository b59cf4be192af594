// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * Factories for {@link Gen}s. Number generators favour edge cases: about one value in five is a bound or zero, and
 * one in ten lies next to one; integers shrink towards zero (or the bound nearest it), collections towards fewer
 * and simpler elements, choices towards the first option.
 *
 * <p>Every generator returned is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class Gens {
    /** The largest {@code size} a {@link Property} passes to a generator. */
    public static final int MAX_SIZE = 100;

    /** Letters and digits, {@code A-Z a-z 0-9}. */
    public static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private static final double[] SPECIAL_DOUBLES = {
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, Double.MIN_VALUE,
        -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0,
    };

    /** Code point ranges for {@link #unicodeStrings}, in shrink order: ASCII first. */
    private static final int[][] UNICODE_RANGES = {
        {'a', 'z'}, {' ', '~'}, {0xA0, 0xFF}, {0x0300, 0x036F}, {0x0590, 0x05FF}, {0x0600, 0x06FF},
        {0x4E00, 0x9FFF}, {0x1F300, 0x1F64F}, {0x2000, 0x200F}, {0x2028, 0x2029}, {'\t', '\r'},
    };

    private Gens() {
    }

    /**
     * Always the same value.
     *
     * @param value the value
     * @param <T> its type
     * @return a generator that never shrinks
     */
    public static <T> Gen<T> constant(T value) {
        Objects.requireNonNull(value, "value");
        return (random, size) -> Shrinkable.of(value);
    }

    /**
     * {@code true} or {@code false}, shrinking to {@code false}.
     *
     * @return the generator
     */
    public static Gen<Boolean> booleans() {
        return (random, size) -> random.nextBoolean()
                ? Shrinkable.of(true, () -> Stream.of(Shrinkable.of(false)))
                : Shrinkable.of(false);
    }

    /**
     * Integers in {@code [min, max]}, favouring {@code min}, {@code max}, zero and their neighbours.
     *
     * @param min the least value
     * @param max the greatest value
     * @return the generator, shrinking towards zero or the bound nearest it
     * @throws IllegalArgumentException when {@code min > max}
     */
    public static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue);
    }

    /**
     * Longs in {@code [min, max]}, favouring {@code min}, {@code max}, zero and their neighbours.
     *
     * @param min the least value
     * @param max the greatest value
     * @return the generator, shrinking towards zero or the bound nearest it
     * @throws IllegalArgumentException when {@code min > max}
     */
    public static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("longs: min " + min + " is greater than max " + max);
        }
        long target = GenSupport.target(min, max);
        long[] edges = inRange(min, max, min, max, target);
        long[] near = inRange(min, max, min + 1, max - 1, target - 1, target + 1, -1, 1);
        return (random, size) -> {
            int roll = random.nextInt(100);
            long v;
            if (roll < 20) {
                v = edges[random.nextInt(edges.length)];
            } else if (roll < 30 && near.length > 0) {
                v = near[random.nextInt(near.length)];
            } else if (roll < 45) {
                long offset = random.nextLong(-16, 17);
                long shifted = offset > 0 && target > Long.MAX_VALUE - offset ? max
                        : offset < 0 && target < Long.MIN_VALUE - offset ? min : target + offset;
                v = Math.max(min, Math.min(max, shifted));
            } else {
                v = GenSupport.uniform(random, min, max);
            }
            return Shrinkable.unfold(v, x -> GenSupport.towards(x, target));
        };
    }

    /**
     * Finite doubles in {@code [min, max]}, favouring the bounds, zero, {@code ±1}, {@code ±Double.MIN_VALUE}, the
     * neighbours of the bounds, small whole numbers and every order of magnitude.
     *
     * @param min the least value, finite
     * @param max the greatest value, finite
     * @return the generator, shrinking towards zero (or the bound nearest it) and whole numbers
     * @throws IllegalArgumentException when a bound is not finite or {@code min > max}
     */
    public static Gen<Double> doubles(double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max) || min > max) {
            throw new IllegalArgumentException("doubles: [" + min + ", " + max + "] is not a finite range");
        }
        double target = GenSupport.target(min, max);
        double[] edges = Arrays.stream(new double[] {min, max, target}).distinct().toArray();
        double[] near = Arrays.stream(new double[] {Math.nextUp(min), Math.nextDown(max), 1.0, -1.0, 0.5, -0.5,
            Double.MIN_VALUE, -Double.MIN_VALUE, -0.0}).filter(d -> d >= min && d <= max).distinct().toArray();
        return (random, size) -> {
            double v = sampleDouble(random, min, max, target, edges, near);
            return Shrinkable.unfold(v, x -> GenSupport.towards(x, target, min, max));
        };
    }

    /**
     * Every double, favouring NaN, both infinities, both zeros, {@code ±Double.MIN_VALUE},
     * {@code Double.MIN_NORMAL}, {@code ±Double.MAX_VALUE} and {@code ±1}; sometimes arbitrary bit patterns.
     *
     * @return the generator, shrinking towards zero
     */
    public static Gen<Double> anyDoubles() {
        Gen<Double> finite = doubles(-Double.MAX_VALUE, Double.MAX_VALUE);
        return (random, size) -> {
            int roll = random.nextInt(100);
            if (roll < 25) {
                double v = SPECIAL_DOUBLES[random.nextInt(SPECIAL_DOUBLES.length)];
                return Shrinkable.unfold(v, x -> GenSupport.towards(x, 0.0, -Double.MAX_VALUE, Double.MAX_VALUE));
            }
            if (roll < 35) {
                double v = Double.longBitsToDouble(random.nextLong());
                return Shrinkable.unfold(v, x -> GenSupport.towards(x, 0.0, -Double.MAX_VALUE, Double.MAX_VALUE));
            }
            return finite.sample(random, size);
        };
    }

    /**
     * One of the given values, shrinking towards the first.
     *
     * @param values the choices, at least one
     * @param <T> their type
     * @return the generator
     * @throws IllegalArgumentException when there are no values
     */
    @SafeVarargs
    public static <T> Gen<T> elements(T... values) {
        List<T> list = new ArrayList<>(values.length);
        for (T v : values) {
            list.add(v);
        }
        return elements(list);
    }

    /**
     * One of the given values, shrinking towards the first.
     *
     * @param values the choices, at least one, none {@code null}
     * @param <T> their type
     * @return the generator
     * @throws IllegalArgumentException when there are no values
     */
    public static <T> Gen<T> elements(List<? extends T> values) {
        List<T> copy = List.copyOf(values);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("elements: give at least one value");
        }
        return ints(0, copy.size() - 1).map(copy::get);
    }

    /**
     * A value from one of the given generators, each chosen equally often.
     *
     * @param gens the generators, at least one
     * @param <T> the common type
     * @return the generator; a value shrinks within the generator that made it
     * @throws IllegalArgumentException when there are no generators
     */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> copy = new ArrayList<>(gens.length);
        for (Gen<? extends T> g : gens) {
            copy.add(Objects.requireNonNull(g, "gen"));
        }
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("oneOf: give at least one generator");
        }
        return (random, size) -> GenSupport.widen(copy.get(random.nextInt(copy.size())).sample(random, size));
    }

    /**
     * Lists of elements. Lengths grow with the size hint, from {@code minSize} on the first tries to
     * {@code maxSize} at full size, and favour both ends.
     *
     * @param element the element generator
     * @param minSize the least length, at least 0
     * @param maxSize the greatest length, at least {@code minSize}
     * @param <T> the element type
     * @return the generator of unmodifiable lists, shrinking by removing elements, then simplifying them
     * @throws IllegalArgumentException when the lengths are not {@code 0 <= minSize <= maxSize}
     */
    public static <T> Gen<List<T>> listOf(Gen<T> element, int minSize, int maxSize) {
        Objects.requireNonNull(element, "element");
        if (minSize < 0 || minSize > maxSize) {
            throw new IllegalArgumentException("listOf: lengths [" + minSize + ", " + maxSize + "] are not "
                    + "0 <= minSize <= maxSize");
        }
        return (random, size) -> {
            int n = GenSupport.lengthFor(random, minSize, maxSize, size);
            List<Shrinkable<T>> elements = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                elements.add(element.sample(random, size));
            }
            return GenSupport.list(elements, minSize);
        };
    }

    /**
     * Strings of code points drawn from an alphabet.
     *
     * @param alphabet the characters to use, at least one; supplementary characters count as one
     * @param minLength the least number of code points
     * @param maxLength the greatest number of code points
     * @return the generator, shrinking towards shorter strings of the alphabet's first character
     * @throws IllegalArgumentException when the alphabet is empty or the lengths are not ordered
     */
    public static Gen<String> strings(String alphabet, int minLength, int maxLength) {
        int[] codePoints = alphabet.codePoints().toArray();
        if (codePoints.length == 0) {
            throw new IllegalArgumentException("strings: the alphabet is empty");
        }
        Gen<Integer> chars = ints(0, codePoints.length - 1).map(i -> codePoints[i]);
        return listOf(chars, minLength, maxLength).map(Gens::fromCodePoints);
    }

    /**
     * Strings mixing ASCII with Latin-1, combining marks, Hebrew, Arabic, CJK, emoji (outside the BMP), Unicode
     * spaces, line separators and control whitespace.
     *
     * @param minLength the least number of code points
     * @param maxLength the greatest number of code points
     * @return the generator, shrinking towards shorter strings of {@code 'a'}
     * @throws IllegalArgumentException when the lengths are not ordered
     */
    public static Gen<String> unicodeStrings(int minLength, int maxLength) {
        Gen<Integer> codePoint = (random, size) -> {
            int[] range = random.nextInt(3) == 0 ? UNICODE_RANGES[0]
                    : UNICODE_RANGES[random.nextInt(UNICODE_RANGES.length)];
            int cp = random.nextInt(range[0], range[1] + 1);
            return cp == 'a' ? Shrinkable.of(cp) : Shrinkable.of(cp, () -> Stream.of(Shrinkable.of((int) 'a')));
        };
        return listOf(codePoint, minLength, maxLength).map(Gens::fromCodePoints);
    }

    /**
     * Combines two generators.
     *
     * @param a the first
     * @param b the second
     * @param combiner makes the result from both values
     * @param <A> the first type
     * @param <B> the second type
     * @param <R> the result type
     * @return the generator, shrinking the first value, then the second
     */
    public static <A, B, R> Gen<R> zip(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> combiner) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(combiner, "combiner");
        return (random, size) -> GenSupport.zip(a.sample(random, size), b.sample(random, size), combiner);
    }

    /**
     * Builds a generator from a plain function and a shrink function.
     *
     * @param generator makes a value from the random source and the size hint
     * @param shrinker gives strictly simpler candidates of a value, simplest first; applied again to each
     * @param <T> the type
     * @return the generator
     */
    public static <T> Gen<T> of(BiFunction<RandomGenerator, Integer, ? extends T> generator,
            Function<? super T, ? extends Stream<? extends T>> shrinker) {
        Objects.requireNonNull(generator, "generator");
        Objects.requireNonNull(shrinker, "shrinker");
        return (random, size) -> Shrinkable.unfold(generator.apply(random, size), shrinker);
    }

    private static String fromCodePoints(List<Integer> codePoints) {
        StringBuilder sb = new StringBuilder(codePoints.size());
        codePoints.forEach(sb::appendCodePoint);
        return sb.toString();
    }

    private static long[] inRange(long min, long max, long... candidates) {
        return Arrays.stream(candidates).filter(c -> c >= min && c <= max).distinct().toArray();
    }

    private static double sampleDouble(RandomGenerator random, double min, double max, double target,
            double[] edges, double[] near) {
        int roll = random.nextInt(100);
        if (roll < 20) {
            return edges[random.nextInt(edges.length)];
        }
        if (roll < 30 && near.length > 0) {
            return near[random.nextInt(near.length)];
        }
        if (roll < 45) {
            double small = target + random.nextInt(-64, 65) / 4.0;
            if (small >= min && small <= max) {
                return small;
            }
        }
        if (roll < 65) {
            double magnitude = Math.scalb(1.0 + random.nextDouble(), random.nextInt(-60, 61));
            double signed = random.nextBoolean() ? magnitude : -magnitude;
            if (signed >= min && signed <= max) {
                return signed;
            }
        }
        double u = random.nextDouble();
        double span = max - min;
        double v = Double.isFinite(span) ? min + u * span : min * (1 - u) + max * u;
        return Math.max(min, Math.min(max, v));
    }
}
