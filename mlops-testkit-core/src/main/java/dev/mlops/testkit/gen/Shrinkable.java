// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A generated value together with its simpler candidates, each itself shrinkable: the tree a {@link Property} walks
 * down to find a minimal failing input. Candidates come lazily, simplest first.
 *
 * <p>Immutable and thread-safe when the value and the candidate supplier are.
 *
 * @param <T> the value type
 * @since 0.1.0
 */
public final class Shrinkable<T> {
    private final T value;
    private final Supplier<Stream<Shrinkable<T>>> shrinks;

    private Shrinkable(T value, Supplier<Stream<Shrinkable<T>>> shrinks) {
        this.value = Objects.requireNonNull(value, "value");
        this.shrinks = Objects.requireNonNull(shrinks, "shrinks");
    }

    /**
     * Wraps a value that cannot be simplified.
     *
     * @param value the value
     * @param <T> the value type
     * @return a shrinkable without candidates
     */
    public static <T> Shrinkable<T> of(T value) {
        return new Shrinkable<>(value, Stream::empty);
    }

    /**
     * Wraps a value with explicit candidates.
     *
     * @param value the value
     * @param shrinks supplies the candidates, simplest first; called each time they are needed
     * @param <T> the value type
     * @return the shrinkable
     */
    public static <T> Shrinkable<T> of(T value, Supplier<Stream<Shrinkable<T>>> shrinks) {
        return new Shrinkable<>(value, shrinks);
    }

    /**
     * Wraps a value whose candidates come from a shrink function applied again to every candidate. The function must
     * only ever return values strictly simpler than its argument, or shrinking may not end.
     *
     * @param value the value
     * @param shrinker gives the simpler candidates of a value, simplest first
     * @param <T> the value type
     * @return the shrinkable
     */
    public static <T> Shrinkable<T> unfold(T value, Function<? super T, ? extends Stream<? extends T>> shrinker) {
        Objects.requireNonNull(shrinker, "shrinker");
        return new Shrinkable<>(value, () -> shrinker.apply(value).map(v -> unfold(v, shrinker)));
    }

    /** @return the value */
    public T value() {
        return value;
    }

    /** @return the simpler candidates, simplest first */
    public Stream<Shrinkable<T>> shrinks() {
        return shrinks.get();
    }

    /**
     * Maps the value and every candidate.
     *
     * @param mapper the function
     * @param <R> the new value type
     * @return the mapped shrinkable
     */
    public <R> Shrinkable<R> map(Function<? super T, ? extends R> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return new Shrinkable<>(mapper.apply(value), () -> shrinks().map(s -> s.map(mapper)));
    }

    /**
     * Drops the candidates (and their candidates) that do not satisfy a predicate. The value itself is kept.
     *
     * @param predicate what every candidate must satisfy
     * @return the filtered shrinkable
     */
    public Shrinkable<T> filter(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        return new Shrinkable<>(value, () -> shrinks().filter(s -> predicate.test(s.value()))
                .map(s -> s.filter(predicate)));
    }

    @Override
    public String toString() {
        return "Shrinkable[" + value + "]";
    }
}
