// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

/**
 * A seeded generator of values that knows how to simplify them. The same random state and size give the same value;
 * nothing else may influence it.
 *
 * <p>Factories are in {@link Gens}; {@link Property} runs a check over generated values. Shrinking is integrated:
 * {@link #map}, {@link #filter}, {@link #flatMap} and the collection generators keep the candidates of the values
 * they are built from, so a derived generator needs no shrink function of its own.
 *
 * <pre>{@code
 * Gen<List<Integer>> lists = Gens.listOf(Gens.ints(-20, 20), 0, 10);
 * Property.forAll(lists).tries(500).check(list -> assertThat(mySum(list)).isEqualTo(sum(list)));
 * }</pre>
 *
 * <p>Implementations must be stateless, so that one generator may be used by several threads at once, each with its
 * own {@link RandomGenerator}.
 *
 * @param <T> the generated type; never {@code null}
 * @since 0.1.0
 */
@FunctionalInterface
public interface Gen<T> {
    /**
     * Generates a value with its simpler candidates.
     *
     * @param random the only source of randomness
     * @param size a hint from 0 to 100 that grows over a run; collections use it to bound their length
     * @return the value
     */
    Shrinkable<T> sample(RandomGenerator random, int size);

    /**
     * Generates a value without its candidates.
     *
     * @param random the only source of randomness
     * @param size a hint from 0 to 100
     * @return the value
     */
    default T generate(RandomGenerator random, int size) {
        return sample(random, size).value();
    }

    /**
     * Generates {@code count} values from a fresh {@link SplittableRandom} seeded with {@code seed}, at the largest
     * size. The same arguments give the same list.
     *
     * @param seed the seed
     * @param count how many values
     * @return the values
     */
    default List<T> samples(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        return Stream.generate(() -> generate(random, Gens.MAX_SIZE)).limit(count).toList();
    }

    /**
     * Transforms every value; the candidates of the result are the transformed candidates.
     *
     * @param mapper a pure function
     * @param <R> the new type
     * @return the new generator
     */
    default <R> Gen<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (random, size) -> sample(random, size).map(mapper);
    }

    /**
     * Keeps only values that satisfy a predicate, retrying up to 1,000 times, and only candidates that do too.
     *
     * @param predicate what every value must satisfy
     * @return the new generator
     * @throws IllegalStateException from {@code sample} when 1,000 values in a row are rejected
     */
    default Gen<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return (random, size) -> {
            for (int i = 0; i < 1000; i++) {
                Shrinkable<T> s = sample(random, size);
                if (predicate.test(s.value())) {
                    return s.filter(predicate);
                }
            }
            throw new IllegalStateException("filter rejected 1000 generated values in a row; generate valid values "
                    + "directly instead");
        };
    }

    /**
     * Generates a value, then a value from the generator it selects. Candidates first simplify the outer value
     * (regenerating the inner one from the same random state), then the inner value.
     *
     * @param mapper selects the next generator
     * @param <R> the new type
     * @return the new generator
     */
    default <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return (random, size) -> {
            Shrinkable<T> outer = sample(random, size);
            long innerSeed = random.nextLong();
            return GenSupport.bind(outer, mapper, innerSeed, size);
        };
    }

    /**
     * Generates {@code Optional.empty()} about one time in four, otherwise a value; shrinks to empty first.
     *
     * @return the new generator
     */
    default Gen<Optional<T>> optional() {
        return (random, size) -> {
            if (random.nextInt(4) == 0) {
                return Shrinkable.of(Optional.empty());
            }
            Shrinkable<Optional<T>> present = sample(random, size).map(Optional::of);
            return Shrinkable.of(present.value(),
                    () -> Stream.concat(Stream.of(Shrinkable.of(Optional.<T>empty())), present.shrinks()));
        };
    }

    /**
     * Generates lists of values from this generator.
     *
     * @param minSize the least length
     * @param maxSize the greatest length
     * @return the new generator; see {@link Gens#listOf}
     */
    default Gen<List<T>> list(int minSize, int maxSize) {
        return Gens.listOf(this, minSize, maxSize);
    }
}
