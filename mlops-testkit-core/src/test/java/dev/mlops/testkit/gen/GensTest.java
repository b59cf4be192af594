// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GensTest {

    static Stream<Arguments> generators() {
        return Stream.of(
                Arguments.of("ints", Gens.ints(-1000, 1000)),
                Arguments.of("longs", Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE)),
                Arguments.of("doubles", Gens.doubles(-10, 10)),
                Arguments.of("anyDoubles", Gens.anyDoubles()),
                Arguments.of("strings", Gens.strings("ab🎉", 0, 10)),
                Arguments.of("unicodeStrings", Gens.unicodeStrings(0, 10)),
                Arguments.of("listOf", Gens.listOf(Gens.ints(0, 9), 0, 10)),
                Arguments.of("metadata", MetadataGen.metadata()),
                Arguments.of("buildIdTemplates", MetadataGen.buildIdTemplates()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generators")
    void samples_sameSeedGivesSameValuesAndAnotherSeedOthers(String name, Gen<?> gen) {
        List<?> first = gen.samples(1234, 100);
        List<?> again = gen.samples(1234, 100);
        List<?> other = gen.samples(4321, 100);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void ints_boundsAndZeroAppearInEverySmallSample() {
        Gen<Integer> ints = Gens.ints(-1000, 1000);
        for (long seed = 0; seed < 50; seed++) {
            List<Integer> sample = ints.samples(seed, 100);

            assertThat(sample).as("seed %d", seed).contains(-1000, 1000, 0).allMatch(i -> i >= -1000 && i <= 1000);
        }
    }

    @Test
    void ints_rangeWithoutZero_favoursBothBoundsAndStaysInside() {
        List<Integer> sample = Gens.ints(5, 500_000).samples(9, 100);

        assertThat(sample).contains(5, 500_000, 6, 499_999).allMatch(i -> i >= 5 && i <= 500_000);
    }

    @Test
    void longs_fullRange_producesExtremesWithoutOverflow() {
        List<Long> sample = Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE).samples(3, 200);

        assertThat(sample).contains(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L);
        assertThat(sample.stream().filter(l -> Math.abs(l) > 1L << 40).count()).isGreaterThan(50);
    }

    @Test
    void doubles_boundsZeroAndNeighboursAppearAndAllAreFiniteAndInside() {
        List<Double> sample = Gens.doubles(-1.5, 2.5).samples(5, 500);

        assertThat(sample).contains(-1.5, 2.5, 0.0, Math.nextUp(-1.5), Math.nextDown(2.5), Double.MIN_VALUE)
                .allMatch(d -> d >= -1.5 && d <= 2.5);
    }

    @Test
    void anyDoubles_producesNaNInfinitiesZerosAndExtremes() {
        List<Double> sample = Gens.anyDoubles().samples(11, 300);

        assertThat(sample).contains(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0,
                Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_VALUE, Double.MIN_NORMAL);
        assertThat(sample.stream().filter(d -> Double.isFinite(d) && d != 0 && Math.abs(d) != 1).count())
                .isGreaterThan(150);
    }

    @Test
    void doubles_rejectsInfiniteOrReversedRange() {
        assertThatThrownBy(() -> Gens.doubles(0, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("doubles: [0.0, Infinity] is not a finite range");
        assertThatThrownBy(() -> Gens.doubles(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ints_shrinkTowardsZeroFirstAndEndNextToTheValue() {
        List<Integer> candidates = shrinksOf(Gens.ints(-1000, 1000), 100);

        assertThat(candidates).first().isEqualTo(0);
        assertThat(candidates).last().isEqualTo(99);
        assertThat(candidates).allMatch(c -> Math.abs(c) < 100);
        assertThat(shrinksOf(Gens.ints(-1000, 1000), -37)).first().isEqualTo(0);
        assertThat(shrinksOf(Gens.ints(-1000, 1000), -37)).last().isEqualTo(-36);
    }

    @Test
    void ints_rangeAboveZero_shrinksTowardsTheLowerBound() {
        List<Integer> candidates = shrinksOf(Gens.ints(5, 50), 40);

        assertThat(candidates).first().isEqualTo(5);
        assertThat(candidates).allMatch(c -> c >= 5 && c < 40);
        assertThat(shrinksOf(Gens.ints(-50, -5), -40)).first().isEqualTo(-5);
    }

    @Test
    void doubles_shrinkTowardsZeroAndWholeNumbers() {
        List<Double> candidates = shrinksOf(Gens.doubles(-100, 100), 13.75);

        assertThat(candidates).startsWith(0.0, 13.0).allMatch(c -> Math.abs(c) < 13.75);
        assertThat(shrinksOf(Gens.anyDoubles(), Double.NaN)).containsExactly(0.0);
        assertThat(shrinksOf(Gens.anyDoubles(), 0.0)).isEmpty();
    }

    @Test
    void listOf_lengthsStayInBoundsAndStartAtTheMinimum() {
        Gen<List<Integer>> lists = Gens.listOf(Gens.ints(0, 9), 2, 6);
        SplittableRandom random = new SplittableRandom(1);

        assertThat(lists.generate(random, 0)).hasSize(2);
        Set<Integer> lengths = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            lengths.add(lists.generate(random, 100).size());
        }
        assertThat(lengths).containsExactlyInAnyOrder(2, 3, 4, 5, 6);
    }

    @Test
    void listOf_shrinksByRemovingChunksBeforeSimplifyingElements() {
        Shrinkable<List<Integer>> list = sampleWhere(Gens.listOf(Gens.ints(1, 9), 1, 8), l -> l.size() == 8
                && l.stream().allMatch(i -> i > 1));

        List<List<Integer>> candidates = list.shrinks().map(Shrinkable::value).toList();

        assertThat(candidates.get(0)).hasSize(1);
        assertThat(candidates).allMatch(c -> !c.isEmpty());
        assertThat(candidates).contains(list.value().subList(1, 8), list.value().subList(0, 7));
        List<Integer> simplerFirst = new ArrayList<>(list.value());
        simplerFirst.set(0, 1);
        assertThat(candidates).contains(simplerFirst);
        assertThat(candidates.indexOf(simplerFirst)).isGreaterThan(candidates.indexOf(list.value().subList(1, 8)));
    }

    @Test
    void strings_useOnlyTheAlphabetCountingSupplementaryCharactersOnce() {
        List<String> sample = Gens.strings("ab🎉", 3, 3).samples(2, 100);

        assertThat(sample).allMatch(s -> s.codePointCount(0, s.length()) == 3)
                .allMatch(s -> s.codePoints().allMatch(cp -> cp == 'a' || cp == 'b' || cp == 0x1F389));
        assertThat(String.join("", sample)).contains("🎉", "a", "b");
    }

    @Test
    void unicodeStrings_mixAsciiWithNonLatinCombiningAndNonBmpCharacters() {
        String all = String.join("", Gens.unicodeStrings(0, 20).samples(8, 300));

        assertThat(all.codePoints().filter(Character::isSupplementaryCodePoint).count()).isPositive();
        assertThat(all.codePoints().filter(cp -> Character.getType(cp) == Character.NON_SPACING_MARK).count())
                .isPositive();
        assertThat(all.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN)
                .count()).isPositive();
        assertThat(all).contains("a");
    }

    @Test
    void filter_keepsOnlyMatchingValuesAndCandidates() {
        Gen<Integer> even = Gens.ints(0, 1000).filter(i -> i % 2 == 0);

        assertThat(even.samples(4, 200)).allMatch(i -> i % 2 == 0);
        Shrinkable<Integer> s = sampleWhere(even, i -> i > 100);
        assertThat(s.shrinks().map(Shrinkable::value)).allMatch(i -> i % 2 == 0);
    }

    @Test
    void filter_thatRejectsEverything_failsNamingTheProblem() {
        Gen<Integer> none = Gens.ints(0, 10).filter(i -> i > 10);

        assertThatThrownBy(() -> none.generate(new SplittableRandom(1), 10))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("filter rejected 1000 generated values in a row");
    }

    @Test
    void flatMap_shrinksTheOuterValueAndRegeneratesTheInnerOne() {
        Gen<List<Integer>> sized = Gens.ints(1, 10).flatMap(n -> Gens.listOf(Gens.constant(n), n, n));
        Shrinkable<List<Integer>> s = sampleWhere(sized, l -> l.size() > 3);

        List<List<Integer>> candidates = s.shrinks().map(Shrinkable::value).toList();

        assertThat(candidates).first().isEqualTo(List.of(1));
        assertThat(candidates).allMatch(l -> l.stream().allMatch(i -> i == l.size()));
    }

    @Test
    void optional_shrinksToEmptyFirstAndIsSometimesEmpty() {
        Gen<Optional<Integer>> gen = Gens.ints(1, 5).optional();

        assertThat(gen.samples(6, 100)).contains(Optional.empty()).anyMatch(Optional::isPresent);
        assertThat(sampleWhere(gen, Optional::isPresent).shrinks().map(Shrinkable::value)).first()
                .isEqualTo(Optional.empty());
    }

    @Test
    void elementsAndBooleans_shrinkTowardsTheFirstChoiceAndFalse() {
        assertThat(Gens.elements("a", "b", "c").samples(1, 100)).contains("a", "b", "c");
        assertThat(shrinksOf(Gens.elements("a", "b", "c"), "c")).first().isEqualTo("a");
        assertThat(shrinksOf(Gens.booleans(), true)).containsExactly(false);
        assertThat(shrinksOf(Gens.booleans(), false)).isEmpty();
    }

    @Test
    void zip_shrinksTheFirstValueThenTheSecond() {
        Gen<List<Integer>> pairs = Gens.zip(Gens.ints(0, 100), Gens.ints(0, 100), List::of);
        Shrinkable<List<Integer>> s = sampleWhere(pairs, p -> p.get(0) > 10 && p.get(1) > 10);

        List<List<Integer>> candidates = s.shrinks().map(Shrinkable::value).toList();

        assertThat(candidates).first().isEqualTo(List.of(0, s.value().get(1)));
        assertThat(candidates).contains(List.of(s.value().get(0), 0));
    }

    @Test
    void oneOf_drawsFromEveryGenerator() {
        Gen<Integer> gen = Gens.oneOf(Gens.constant(1), Gens.constant(2), Gens.constant(3));

        assertThat(new HashSet<>(gen.samples(5, 100))).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void factories_rejectImpossibleArgumentsWithMessages() {
        assertThatThrownBy(() -> Gens.ints(5, 1)).hasMessage("longs: min 5 is greater than max 1");
        assertThatThrownBy(() -> Gens.listOf(Gens.ints(0, 1), 3, 2))
                .hasMessage("listOf: lengths [3, 2] are not 0 <= minSize <= maxSize");
        assertThatThrownBy(() -> Gens.elements(List.of())).hasMessage("elements: give at least one value");
        assertThatThrownBy(() -> Gens.strings("", 0, 1)).hasMessage("strings: the alphabet is empty");
        assertThatThrownBy(() -> Gens.oneOf()).hasMessage("oneOf: give at least one generator");
    }

    @Test
    void of_unfoldsTheShrinkFunctionRecursively() {
        Gen<Integer> halving = Gens.of((random, size) -> 64, i -> i > 1 ? Stream.of(i / 2) : Stream.empty());

        Shrinkable<Integer> s = halving.sample(new SplittableRandom(0), 0);
        List<Integer> chain = new ArrayList<>();
        while (true) {
            Optional<Shrinkable<Integer>> next = s.shrinks().findFirst();
            if (next.isEmpty()) {
                break;
            }
            s = next.get();
            chain.add(s.value());
        }

        assertThat(chain).containsExactly(32, 16, 8, 4, 2, 1);
    }

    private static <T> List<T> shrinksOf(Gen<T> gen, T value) {
        Shrinkable<T> s = sampleWhere(gen, v -> v.equals(value));
        return s.shrinks().map(Shrinkable::value).collect(Collectors.toList());
    }

    private static <T> Shrinkable<T> sampleWhere(Gen<T> gen, java.util.function.Predicate<T> wanted) {
        SplittableRandom random = new SplittableRandom(99);
        for (int i = 0; i < 100_000; i++) {
            Shrinkable<T> s = gen.sample(random, Gens.MAX_SIZE);
            if (wanted.test(s.value())) {
                return s;
            }
        }
        throw new AssertionError("no sample matched");
    }
}
