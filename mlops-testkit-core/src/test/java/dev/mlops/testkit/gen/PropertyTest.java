// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

class PropertyTest {
    private static final Pattern SEED_LINE = Pattern.compile("\\[mlops\\.seed] (.+): seed=(-?\\d+) tries=(\\d+) "
            + "\\(replay with -Dmlops\\.seed=(-?\\d+)\\)");
    private static final Gen<List<Integer>> LISTS = Gens.listOf(Gens.ints(-20, 20), 0, 20);

    /** The planted bug: off by one for lists that hold a negative number and sum to more than 10. */
    static int buggySum(List<Integer> xs) {
        int sum = 0;
        boolean negative = false;
        for (int x : xs) {
            sum += x;
            negative |= x < 0;
        }
        return negative && sum > 10 ? sum + 1 : sum;
    }

    static void sumIsCorrect(List<Integer> xs) {
        int expected = xs.stream().mapToInt(Integer::intValue).sum();
        int actual = buggySum(xs);
        if (actual != expected) {
            throw new AssertionError("buggySum(" + xs + ") was " + actual + ", expected " + expected);
        }
    }

    @Test
    void plantedBug_isFoundAndShrunkToAMinimalInput() {
        for (long seed = 1; seed <= 20; seed++) {
            Property<List<Integer>> property = Property.forAll(LISTS).seed(seed).tries(200).reportTo(line -> { });

            PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                    () -> property.check(PropertyTest::sumIsCorrect));

            assertThat(failure).as("seed %d", seed).isNotNull();
            @SuppressWarnings("unchecked")
            List<Integer> shrunk = (List<Integer>) failure.shrunk();
            // a local minimum: one -1 (a second negative could go), no zero, and the sum exactly 11 (one less passes)
            assertThat(shrunk).as("shrunk from %s", failure.original()).filteredOn(x -> x < 0).containsExactly(-1);
            assertThat(shrunk).doesNotContain(0);
            assertThat(shrunk.stream().mapToInt(Integer::intValue).sum()).isEqualTo(11);
            assertThat(minimalityWitnesses(shrunk)).allSatisfy(PropertyTest::sumIsCorrect);
        }
    }

    @Test
    void plantedBug_failureMessageNamesSeedTriesBothInputsAndTheAssertion() {
        Property<List<Integer>> property = Property.forAll(LISTS).seed(77).tries(200).reportTo(line -> { });

        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> property.check(PropertyTest::sumIsCorrect));

        assertThat(failure.seed()).isEqualTo(77);
        assertThat(failure.tries()).isEqualTo(200);
        assertThat(failure.getMessage())
                .startsWith("Property PropertyTest.plantedBug_failureMessageNamesSeedTriesBothInputsAndTheAssertion failed on try ")
                .contains("failed on try " + failure.failedTry() + " of 200")
                .contains("seed 77; replay with -Dmlops.seed=77")
                .contains("original input: " + Property.describe(failure.original()))
                .contains("shrunk input:   " + Property.describe(failure.shrunk()))
                .contains(failure.shrinkSteps() + " shrink steps")
                .contains("failure: java.lang.AssertionError: buggySum(" + failure.shrunk() + ") was 12, expected 11");
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class)
                .hasMessage("buggySum(" + failure.shrunk() + ") was 12, expected 11");
        assertThat(failure.failedTry()).isBetween(1, 200);
    }

    @Test
    @ResourceLock("system-properties")
    void plantedBug_replaysFromThePrintedSeed() {
        List<String> printed = Collections.synchronizedList(new ArrayList<>());
        Property<List<Integer>> property = Property.forAll(LISTS).named("sum").tries(200).reportTo(printed::add);
        PropertyFailure first = catchThrowableOfType(PropertyFailure.class, () -> property.check(PropertyTest::sumIsCorrect));
        Matcher m = SEED_LINE.matcher(printed.get(0));
        assertThat(m.matches()).as(printed.get(0)).isTrue();
        long printedSeed = Long.parseLong(m.group(2));

        PropertyFailure byApi = catchThrowableOfType(PropertyFailure.class,
                () -> property.seed(printedSeed).check(PropertyTest::sumIsCorrect));
        String previous = System.setProperty(Property.SEED_PROPERTY, Long.toString(printedSeed));
        PropertyFailure bySystemProperty;
        try {
            bySystemProperty = catchThrowableOfType(PropertyFailure.class,
                    () -> property.check(PropertyTest::sumIsCorrect));
        } finally {
            restore(previous);
        }

        assertThat(first.seed()).isEqualTo(printedSeed);
        for (PropertyFailure replay : List.of(byApi, bySystemProperty)) {
            assertThat(replay.seed()).isEqualTo(printedSeed);
            assertThat(replay.failedTry()).isEqualTo(first.failedTry());
            assertThat(replay.original()).isEqualTo(first.original());
            assertThat(replay.shrunk()).isEqualTo(first.shrunk());
            assertThat(replay.getMessage()).isEqualTo(first.getMessage());
        }
    }

    @Test
    void check_announcesItsSeedOnEveryRun() {
        List<String> printed = new ArrayList<>();
        Property<Integer> property = Property.forAll(Gens.ints(0, 10)).named("small").tries(30).reportTo(printed::add);

        property.seed(42).check(i -> { });
        property.seed(42).check(i -> { });
        property.check(i -> { });

        assertThat(printed).hasSize(3);
        assertThat(printed.get(0)).isEqualTo("[mlops.seed] small: seed=42 tries=30 (replay with -Dmlops.seed=42)");
        assertThat(printed.get(1)).isEqualTo(printed.get(0));
        assertThat(printed.get(2)).matches(SEED_LINE);
    }

    @Test
    void forAll_isNamedAfterTheCallingMethod() {
        List<String> printed = new ArrayList<>();

        Property.forAll(Gens.ints(0, 1)).tries(1).reportTo(printed::add).check(i -> { });

        assertThat(printed.get(0)).startsWith("[mlops.seed] PropertyTest.forAll_isNamedAfterTheCallingMethod: ");
    }

    @Test
    void check_runsEveryTryWithSizesGrowingFromZeroToTheMaximum() {
        List<Integer> sizes = new ArrayList<>();
        Gen<Integer> size = (random, s) -> Shrinkable.of(s);

        Property.forAll(size).seed(1).tries(11).reportTo(line -> { }).check(sizes::add);

        assertThat(sizes).containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100);
    }

    @Test
    void check_sameSeedGeneratesTheSameInputs() {
        List<List<Integer>> first = new ArrayList<>();
        List<List<Integer>> second = new ArrayList<>();

        Property.forAll(LISTS).seed(5).tries(50).reportTo(line -> { }).check(first::add);
        Property.forAll(LISTS).seed(5).tries(50).reportTo(line -> { }).check(second::add);

        assertThat(second).isEqualTo(first).hasSize(50);
    }

    @Test
    void shrinking_onlyMovesToInputsThatFailTheSameWay() {
        Gen<Integer> eighty = Gens.of((random, size) -> 80, x -> x > 0 ? Stream.of(0, x - 1) : Stream.empty());

        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.forAll(eighty).seed(1).reportTo(line -> { }).check(x -> {
                    if (x == 0) {
                        throw new IllegalStateException("a different bug");
                    }
                    if (x > 50) {
                        throw new AssertionError("too big: " + x);
                    }
                }));

        assertThat(failure.original()).isEqualTo(80);
        assertThat(failure.shrunk()).isEqualTo(51);
        assertThat(failure.shrinkSteps()).isEqualTo(29);
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class).hasMessage("too big: 51");
        assertThat(failure.getSuppressed()).singleElement().satisfies(t -> assertThat(t).hasMessage("too big: 80"));
        assertThat(failure.getMessage()).contains("original failure: java.lang.AssertionError: too big: 80");
    }

    @Test
    void maxShrinkSteps_zero_reportsTheOriginalInput() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.forAll(LISTS).seed(77).tries(200).maxShrinkSteps(0).reportTo(line -> { })
                        .check(PropertyTest::sumIsCorrect));

        assertThat(failure.shrunk()).isEqualTo(failure.original());
        assertThat(failure.shrinkSteps()).isZero();
    }

    @Test
    void holds_reportsAFalsePredicateAsAFailure() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.forAll(Gens.ints(0, 1000)).seed(3).reportTo(line -> { }).holds(i -> i < 500));

        assertThat(failure.shrunk()).isEqualTo(500);
        assertThat(failure.getCause()).hasMessage("the predicate returned false");
    }

    @Test
    void holds_passesWhenThePredicateAlwaysHolds() {
        AtomicInteger calls = new AtomicInteger();

        Property.forAll(Gens.ints(0, 1000)).tries(321).reportTo(line -> { })
                .holds(i -> calls.incrementAndGet() > 0 && i >= 0 && i <= 1000);

        assertThat(calls).hasValue(321);
    }

    @Test
    void check_treatsRuntimeExceptionsAsFailures() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> Property.forAll(Gens.ints(0, 100)).seed(8).reportTo(line -> { }).check(i -> {
                    if (i >= 7) {
                        throw new IllegalArgumentException("bad " + i);
                    }
                }));

        assertThat(failure.shrunk()).isEqualTo(7);
        assertThat(failure.getCause()).isInstanceOf(IllegalArgumentException.class).hasMessage("bad 7");
    }

    @Test
    void check_generatorFailure_isReportedWithTheSeedAndTry() {
        Gen<Integer> broken = (random, size) -> {
            throw new IllegalArgumentException("boom");
        };

        assertThatThrownBy(() -> Property.forAll(broken).named("broken").seed(9).reportTo(line -> { }).check(i -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("property broken: the generator failed on try 1 of 100 (seed 9): boom");
    }

    @Test
    @ResourceLock("system-properties")
    void seedProperty_thatIsNotALong_isRejected() {
        String previous = System.setProperty(Property.SEED_PROPERTY, "abc");
        try {
            assertThatThrownBy(() -> Property.forAll(Gens.ints(0, 1)).reportTo(line -> { }).check(i -> { }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("system property mlops.seed='abc' is not a seed (expected a long such as -4242)");
        } finally {
            restore(previous);
        }
    }

    @Test
    @ResourceLock("system-properties")
    void explicitSeed_takesPrecedenceOverTheSeedProperty() {
        List<String> printed = new ArrayList<>();
        String previous = System.setProperty(Property.SEED_PROPERTY, "123");
        try {
            Property.forAll(Gens.ints(0, 1)).named("p").seed(456).tries(1).reportTo(printed::add).check(i -> { });
            Property.forAll(Gens.ints(0, 1)).named("p").tries(1).reportTo(printed::add).check(i -> { });
        } finally {
            restore(previous);
        }

        assertThat(printed).containsExactly(
                "[mlops.seed] p: seed=456 tries=1 (replay with -Dmlops.seed=456)",
                "[mlops.seed] p: seed=123 tries=1 (replay with -Dmlops.seed=123)");
    }

    @Test
    void settings_rejectImpossibleValues() {
        Property<Integer> p = Property.forAll(Gens.ints(0, 1));

        assertThatThrownBy(() -> p.tries(0)).hasMessage("tries: 0 must be at least 1");
        assertThatThrownBy(() -> p.maxShrinkSteps(-1)).hasMessage("maxShrinkSteps: -1 must be at least 0");
    }

    @Test
    void describe_quotesAndEscapesStringsInsideCollectionsAndArrays() {
        assertThat(Property.describe(List.of("a b", "", "tab\tquote\"", "\u2028")))
                .isEqualTo("[\"a b\", \"\", \"tab\\tquote\\\"\", \"\\u2028\"]");
        assertThat(Property.describe(new int[] {1, 2})).isEqualTo("[1, 2]");
        assertThat(Property.describe(java.util.Map.of("k", java.util.Optional.of("v"))))
                .isEqualTo("{\"k\"=Optional[\"v\"]}");
        assertThat(Property.describe("x".repeat(3000))).endsWith("... (3002 characters)");
    }

    /** Every input one shrink step simpler than a minimal failing list: each must pass. */
    private static List<List<Integer>> minimalityWitnesses(List<Integer> shrunk) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = 0; i < shrunk.size(); i++) {
            List<Integer> removed = new ArrayList<>(shrunk);
            removed.remove(i);
            out.add(removed);
            int x = shrunk.get(i);
            List<Integer> closer = new ArrayList<>(shrunk);
            closer.set(i, x > 0 ? x - 1 : x + 1);
            out.add(closer);
        }
        return out;
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(Property.SEED_PROPERTY);
        } else {
            System.setProperty(Property.SEED_PROPERTY, previous);
        }
    }
}
