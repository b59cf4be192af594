// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import java.lang.reflect.Array;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Checks a property over generated inputs, reproducibly: each run announces its seed, and a failure is shrunk to a
 * minimal input before it is reported.
 *
 * <pre>{@code
 * Property.forAll(Gens.listOf(Gens.ints(-20, 20), 0, 20))
 *         .tries(500)
 *         .check(list -> assertThat(mySum(list)).isEqualTo(list.stream().mapToInt(i -> i).sum()));
 * }</pre>
 *
 * <p>The seed is, in order of precedence: the one given to {@link #seed(long)}; the system property
 * {@value #SEED_PROPERTY} (to replay a failure: {@code mvn test -Dmlops.seed=...}); a fresh random one. Every run
 * prints {@code [mlops.seed] <property>: seed=<seed> tries=<n>} to its reporter ({@code System.out} unless
 * {@link #reportTo} says otherwise). Try {@code i} of {@code n} gets a size hint growing from 0 to
 * {@value Gens#MAX_SIZE}, so early inputs are small.
 *
 * <p>An input fails when the check throws an {@link AssertionError} or a {@link RuntimeException}. Shrinking is
 * greedy: it moves to the first simpler candidate that fails with the same exception class, until none does, after
 * at most {@code maxShrinkSteps} moves and 10,000 evaluations.
 *
 * <p>Instances are immutable and thread-safe; every setter returns a new property.
 *
 * @param <T> the input type
 * @since 0.1.0
 */
public final class Property<T> {
    /** The system property that replays a seed: {@code -Dmlops.seed=1234}. */
    public static final String SEED_PROPERTY = "mlops.seed";
    /** The number of tries when none is given. */
    public static final int DEFAULT_TRIES = 100;

    private static final int MAX_SHRINK_EVALUATIONS = 10_000;
    private static final int MAX_SHOWN = 2_000;

    private final Gen<T> gen;
    private final String name;
    private final OptionalLong seed;
    private final int tries;
    private final int maxShrinkSteps;
    private final Consumer<String> reporter;

    private Property(Gen<T> gen, String name, OptionalLong seed, int tries, int maxShrinkSteps,
            Consumer<String> reporter) {
        this.gen = gen;
        this.name = name;
        this.seed = seed;
        this.tries = tries;
        this.maxShrinkSteps = maxShrinkSteps;
        this.reporter = reporter;
    }

    /**
     * Starts a property over the values of a generator, named after the calling method.
     *
     * @param gen the input generator
     * @param <T> the input type
     * @return a property with {@value #DEFAULT_TRIES} tries
     */
    public static <T> Property<T> forAll(Gen<T> gen) {
        Objects.requireNonNull(gen, "gen");
        String caller = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst()
                .map(f -> simpleName(f.getClassName()) + "." + f.getMethodName()).orElse("property"));
        return new Property<>(gen, caller, OptionalLong.empty(), DEFAULT_TRIES, 1_000, System.out::println);
    }

    /**
     * Names the property in its report and failure message.
     *
     * @param newName for example {@code "parse(format(id)) == id"}
     * @return the new property
     */
    public Property<T> named(String newName) {
        return new Property<>(gen, Objects.requireNonNull(newName, "name"), seed, tries, maxShrinkSteps, reporter);
    }

    /**
     * Fixes the seed; it takes precedence over {@value #SEED_PROPERTY}.
     *
     * @param newSeed the seed
     * @return the new property
     */
    public Property<T> seed(long newSeed) {
        return new Property<>(gen, name, OptionalLong.of(newSeed), tries, maxShrinkSteps, reporter);
    }

    /**
     * Sets the number of generated inputs to check.
     *
     * @param newTries at least 1
     * @return the new property
     * @throws IllegalArgumentException when {@code newTries < 1}
     */
    public Property<T> tries(int newTries) {
        if (newTries < 1) {
            throw new IllegalArgumentException("tries: " + newTries + " must be at least 1");
        }
        return new Property<>(gen, name, seed, newTries, maxShrinkSteps, reporter);
    }

    /**
     * Bounds shrinking; {@code 0} reports the original failing input unshrunk.
     *
     * @param steps the most moves to a simpler input, at least 0 (1,000 by default)
     * @return the new property
     * @throws IllegalArgumentException when {@code steps < 0}
     */
    public Property<T> maxShrinkSteps(int steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("maxShrinkSteps: " + steps + " must be at least 0");
        }
        return new Property<>(gen, name, seed, tries, steps, reporter);
    }

    /**
     * Sends the seed announcement somewhere else than {@code System.out}.
     *
     * @param newReporter receives one line per run; must be thread-safe if the property runs concurrently
     * @return the new property
     */
    public Property<T> reportTo(Consumer<String> newReporter) {
        return new Property<>(gen, name, seed, tries, maxShrinkSteps, Objects.requireNonNull(newReporter, "reporter"));
    }

    /**
     * Runs the check on every generated input.
     *
     * @param assertion throws an {@link AssertionError} (or a {@link RuntimeException}) when the property does not
     *     hold for its argument
     * @throws PropertyFailure with the seed and the shrunk input when some input fails
     * @throws IllegalArgumentException when {@value #SEED_PROPERTY} is set but is not a long
     * @throws IllegalStateException when the generator itself fails
     */
    public void check(Consumer<? super T> assertion) {
        Objects.requireNonNull(assertion, "assertion");
        long s = resolveSeed();
        reporter.accept("[mlops.seed] " + name + ": seed=" + s + " tries=" + tries + " (replay with -D" + SEED_PROPERTY
                + "=" + s + ")");
        SplittableRandom master = new SplittableRandom(s);
        for (int i = 0; i < tries; i++) {
            SplittableRandom random = master.split();
            int size = tries == 1 ? Gens.MAX_SIZE : (int) ((long) i * Gens.MAX_SIZE / (tries - 1));
            Shrinkable<T> input;
            try {
                input = gen.sample(random, size);
            } catch (RuntimeException e) {
                throw new IllegalStateException("property " + name + ": the generator failed on try " + (i + 1)
                        + " of " + tries + " (seed " + s + "): " + e.getMessage(), e);
            }
            Throwable failure = evaluate(assertion, input.value());
            if (failure != null) {
                throw shrink(assertion, input, failure, s, i + 1);
            }
        }
    }

    /**
     * Runs a predicate on every generated input.
     *
     * @param predicate must return {@code true} for every input
     * @throws PropertyFailure with the seed and the shrunk input when some input gives {@code false} or throws
     */
    public void holds(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate");
        check(value -> {
            if (!predicate.test(value)) {
                throw new AssertionError("the predicate returned false");
            }
        });
    }

    private long resolveSeed() {
        if (seed.isPresent()) {
            return seed.getAsLong();
        }
        String replay = System.getProperty(SEED_PROPERTY);
        if (replay != null && !replay.isBlank()) {
            try {
                return Long.parseLong(replay.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("system property " + SEED_PROPERTY + "='" + replay
                        + "' is not a seed (expected a long such as -4242)", e);
            }
        }
        return new SplittableRandom().nextLong();
    }

    private PropertyFailure shrink(Consumer<? super T> assertion, Shrinkable<T> original, Throwable originalFailure,
            long usedSeed, int failedTry) {
        Shrinkable<T> current = original;
        Throwable currentFailure = originalFailure;
        int steps = 0;
        int evaluations = 0;
        boolean improved = true;
        while (improved && steps < maxShrinkSteps && evaluations < MAX_SHRINK_EVALUATIONS) {
            improved = false;
            Iterator<Shrinkable<T>> candidates = current.shrinks().iterator();
            while (candidates.hasNext() && evaluations < MAX_SHRINK_EVALUATIONS) {
                Shrinkable<T> candidate = candidates.next();
                evaluations++;
                Throwable f = evaluate(assertion, candidate.value());
                if (f != null && f.getClass() == originalFailure.getClass()) {
                    current = candidate;
                    currentFailure = f;
                    steps++;
                    improved = true;
                    break;
                }
            }
        }
        String message = "Property " + name + " failed on try " + failedTry + " of " + tries + " (seed " + usedSeed
                + "; replay with -D" + SEED_PROPERTY + "=" + usedSeed + ")"
                + "\n  original input: " + describe(original.value())
                + "\n  shrunk input:   " + describe(current.value()) + " (" + steps + " shrink steps, " + evaluations
                + " candidates tried)"
                + "\n  failure: " + currentFailure
                + (currentFailure == originalFailure ? "" : "\n  original failure: " + originalFailure);
        PropertyFailure failure = new PropertyFailure(message, currentFailure, name, usedSeed, failedTry, tries, steps,
                original.value(), current.value());
        if (currentFailure != originalFailure) {
            failure.addSuppressed(originalFailure);
        }
        return failure;
    }

    private static <T> @Nullable Throwable evaluate(Consumer<? super T> assertion, T value) {
        try {
            assertion.accept(value);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /** Renders a value readably: strings quoted and escaped, arrays and collections element by element. */
    static String describe(Object value) {
        String s = render(value);
        return s.length() <= MAX_SHOWN ? s : s.substring(0, MAX_SHOWN) + "... (" + s.length() + " characters)";
    }

    private static String render(Object value) {
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(Property::render).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().map(e -> render(e.getKey()) + "=" + render(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (value instanceof Optional<?> o) {
            return o.map(v -> "Optional[" + render(v) + "]").orElse("Optional.empty");
        }
        if (value != null && value.getClass().isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                sb.append(i == 0 ? "" : ", ").append(render(Array.get(value, i)));
            }
            return sb.append(']').toString();
        }
        return String.valueOf(value);
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT
                            || Character.getType(cp) == Character.LINE_SEPARATOR
                            || Character.getType(cp) == Character.PARAGRAPH_SEPARATOR) {
                        sb.append(String.format("\\u%04x", cp));
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.append('"').toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return "Property[" + name + ", tries=" + tries + (seed.isPresent() ? ", seed=" + seed.getAsLong() : "") + "]";
    }
}
