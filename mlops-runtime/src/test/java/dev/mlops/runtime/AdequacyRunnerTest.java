// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.metadata.cases.CaseTolerance;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AdequacyRunnerTest {
    private static final Tensor X = Tensor.ofFloats(new float[] {1f}, 1, 1);
    private static final Tolerance EXACT = new Tolerance(0, 0);

    /** A model that returns {@code y} regardless of its input. */
    private static Function<Map<String, Tensor>, Map<String, Tensor>> returning(Tensor y) {
        return in -> Map.of("y", y);
    }

    private static AdequacyCase expecting(String id, Tensor y) {
        return AdequacyCase.of(id, Map.of("x", X), Map.of("y", y));
    }

    private static OutputResult compareOne(Tensor expected, Tensor actual, Tolerance tolerance) {
        AdequacyCase c = expecting("c", expected).withTolerance(CaseTolerance.of(tolerance.absolute(),
                tolerance.relative()));
        AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(c), Optional.empty(), returning(actual));
        return outputsOf(report.cases().get(0)).get(0);
    }

    private static List<OutputResult> outputsOf(CaseResult c) {
        assertThat(c).isInstanceOf(CaseResult.Compared.class);
        return ((CaseResult.Compared) c).outputs();
    }

    private static String errorOf(CaseResult c) {
        assertThat(c).isInstanceOf(CaseResult.Errored.class);
        return ((CaseResult.Errored) c).error();
    }

    private static OutputResult.Numeric numeric(OutputResult r) {
        assertThat(r).isInstanceOf(OutputResult.Numeric.class);
        return (OutputResult.Numeric) r;
    }

    private static OutputResult.Element worst(OutputResult r) {
        return numeric(r).worst();
    }

    private static OutputResult.Structural structural(OutputResult r) {
        assertThat(r).isInstanceOf(OutputResult.Structural.class);
        return (OutputResult.Structural) r;
    }

    private static OutputResult.Exact exact(OutputResult r) {
        assertThat(r).isInstanceOf(OutputResult.Exact.class);
        return (OutputResult.Exact) r;
    }

    @Nested
    class Matching {
        @Test
        void run_passesOutputWithinAbsolutePlusRelativeAllowance() {
            // allowance at 100: 0.5 + 0.01 * 100 = 1.5
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {100}, 1), Tensor.ofDoubles(new double[] {101.5}, 1),
                    new Tolerance(0.5, 0.01));
            assertThat(numeric(r).passed()).isTrue();
        }

        @Test
        void run_failsOutputJustPastAllowance() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {100}, 1),
                    Tensor.ofDoubles(new double[] {Math.nextUp(101.5)}, 1), new Tolerance(0.5, 0.01));
            assertThat(r.passed()).isFalse();
        }

        @Test
        void run_matchesNanWithNan() {
            OutputResult r = compareOne(Tensor.ofFloats(new float[] {Float.NaN, 1f}, 2),
                    Tensor.ofFloats(new float[] {Float.NaN, 1f}, 2), EXACT);
            assertThat(r.passed()).isTrue();
        }

        @Test
        void run_failsNanAgainstNumberEitherWay() {
            assertThat(compareOne(Tensor.ofFloats(new float[] {Float.NaN}, 1), Tensor.ofFloats(new float[] {1f}, 1),
                    new Tolerance(1e9, 0)).passed()).isFalse();
            assertThat(compareOne(Tensor.ofFloats(new float[] {1f}, 1), Tensor.ofFloats(new float[] {Float.NaN}, 1),
                    new Tolerance(1e9, 0)).passed()).isFalse();
        }

        @Test
        void run_matchesInfinityOnlyWithSameInfinity() {
            Tensor inf = Tensor.ofDoubles(new double[] {Double.POSITIVE_INFINITY}, 1);
            assertThat(compareOne(inf, inf, EXACT).passed()).isTrue();
            assertThat(compareOne(inf, Tensor.ofDoubles(new double[] {Double.NEGATIVE_INFINITY}, 1), EXACT).passed())
                    .isFalse();
            assertThat(compareOne(inf, Tensor.ofDoubles(new double[] {Double.MAX_VALUE}, 1), new Tolerance(1e300, 1))
                    .passed()).isFalse();
        }

        @Test
        void run_comparesUint8AsUnsigned() {
            OutputResult r = compareOne(Tensor.ofUint8(new byte[] {(byte) 250}, 1),
                    Tensor.ofUint8(new byte[] {(byte) 255}, 1), new Tolerance(4, 0));
            assertThat(r.passed()).isFalse();
            assertThat(worst(r).expected()).isEqualTo(250.0);
            assertThat(worst(r).actual()).isEqualTo(255.0);
            assertThat(worst(r).absoluteError()).isEqualTo(5.0);
        }

        @Test
        void run_comparesFloat16Numerically() {
            OutputResult r = compareOne(Tensor.ofFloat16(new float[] {0.5f, 2f}, 2),
                    Tensor.ofFloat16(new float[] {0.5f, 2.001f}, 2), new Tolerance(0.01, 0));
            assertThat(r.passed()).isTrue();
            assertThat(worst(r).index()).isEqualTo(1);
        }

        @Test
        void run_comparesIntegerOutputsWithTolerance() {
            OutputResult r = compareOne(Tensor.ofLongs(new long[] {10, 20}, 2), Tensor.ofLongs(new long[] {10, 21}, 2),
                    new Tolerance(1, 0));
            assertThat(r.passed()).isTrue();
        }

        @Test
        void run_failsAnOutputThatComparesNoElement() {
            // a model computing 3x+1 must not "verify" against a case that expects an empty tensor (issue 8 item 10)
            OutputResult r = compareOne(Tensor.ofFloats(new float[0], 0, 3), Tensor.ofFloats(new float[0], 0, 3),
                    EXACT);
            assertThat(r.passed()).isFalse();
            assertThat(structural(r).problem()).contains("no elements");
        }
    }

    @Nested
    class WorstElement {
        @Test
        void run_reportsWorstElementFlatAndPerAxis() {
            Tensor expected = Tensor.ofDoubles(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
            Tensor actual = Tensor.ofDoubles(new double[] {1, 2.5, 3, 4, 7, 6}, 2, 3);
            OutputResult r = compareOne(expected, actual, new Tolerance(0.1, 0));
            assertThat(r.passed()).isFalse();
            assertThat(worst(r)).isEqualTo(new OutputResult.Element(4, List.of(1L, 1L), 5.0, 7.0, 2.0, 0.4));
            assertThat(r.tolerance()).isEqualTo(new Tolerance(0.1, 0));
        }

        @Test
        void run_ranksElementsByExcessOverAllowanceNotByAbsoluteError() {
            // allowances: 1000 * 1e-3 = 1.0 and 1 * 1e-3 = 0.001; excesses -0.5 and 0.199
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {1000, 1}, 2),
                    Tensor.ofDoubles(new double[] {1000.5, 1.2}, 2), new Tolerance(0, 1e-3));
            assertThat(r.passed()).isFalse();
            assertThat(worst(r).index()).isEqualTo(1);
            assertThat(worst(r).absoluteError()).isCloseTo(0.2, within(1e-12));
        }

        @Test
        void run_reportsElementClosestToItsLimitWhenOutputPasses() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {1, 2, 3}, 3),
                    Tensor.ofDoubles(new double[] {1.01, 2.05, 3}, 3), new Tolerance(0.1, 0));
            assertThat(r.passed()).isTrue();
            assertThat(worst(r).index()).isEqualTo(1);
            assertThat(worst(r).actual()).isEqualTo(2.05);
        }

        @Test
        void run_ranksFirstNanMismatchAboveAnyFiniteMismatch() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {1, 2, 3, 4}, 4),
                    Tensor.ofDoubles(new double[] {1e9, Double.NaN, Double.POSITIVE_INFINITY, 4}, 4), EXACT);
            assertThat(worst(r).index()).isEqualTo(1);
            assertThat(worst(r).expected()).isEqualTo(2.0);
            assertThat(worst(r).actual()).isNaN();
            assertThat(worst(r).absoluteError()).isNaN();
            assertThat(worst(r).relativeError()).isNaN();
        }

        @Test
        void run_ranksInfinityMismatchAboveFiniteMismatch() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {1, Double.POSITIVE_INFINITY}, 2),
                    Tensor.ofDoubles(new double[] {1e300, 7}, 2), EXACT);
            assertThat(worst(r).index()).isEqualTo(1);
            assertThat(worst(r).absoluteError()).isInfinite();
            assertThat(worst(r).relativeError()).isInfinite();
        }

        @Test
        void run_ranksAnyMismatchAboveMatchingNan() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {Double.NaN, 1}, 2),
                    Tensor.ofDoubles(new double[] {Double.NaN, 1.5}, 2), new Tolerance(0.1, 0));
            assertThat(worst(r).index()).isEqualTo(1);
        }

        @Test
        void run_givesZeroErrorForMatchingSpecialValues() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, 2),
                    Tensor.ofDoubles(new double[] {Double.NaN, Double.NEGATIVE_INFINITY}, 2), EXACT);
            assertThat(r.passed()).isTrue();
            assertThat(worst(r).absoluteError()).isZero();
            assertThat(worst(r).relativeError()).isZero();
        }

        @Test
        void run_givesInfiniteRelativeErrorWhenExpectedIsZero() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {0}, 1), Tensor.ofDoubles(new double[] {0.5}, 1),
                    EXACT);
            assertThat(worst(r).absoluteError()).isEqualTo(0.5);
            assertThat(worst(r).relativeError()).isEqualTo(Double.POSITIVE_INFINITY);
        }

        @Test
        void run_givesZeroRelativeErrorWhenBothAreZero() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {0}, 1), Tensor.ofDoubles(new double[] {-0.0}, 1),
                    EXACT);
            assertThat(r.passed()).isTrue();
            assertThat(worst(r).relativeError()).isZero();
        }

        @Test
        void run_reportsScalarWorstPositionAsEmpty() {
            OutputResult r = compareOne(Tensor.ofDoubles(new double[] {1}), Tensor.ofDoubles(new double[] {2}), EXACT);
            assertThat(worst(r).index()).isZero();
            assertThat(worst(r).position()).isEmpty();
        }
    }

    @Nested
    class Structure {
        @Test
        void run_failsMissingOutputNamingWhatTheModelReturned() {
            AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(expecting("c", X)), Optional.empty(),
                    in -> Map.of("z", X));
            OutputResult r = outputsOf(report.cases().get(0)).get(0);
            assertThat(r.passed()).isFalse();
            assertThat(r).isEqualTo(new OutputResult.Structural("y", Tolerance.DEFAULT,
                    "the model returned no output 'y' (it returned [z])"));
        }

        @Test
        void run_failsShapeMismatchNamingBothShapes() {
            OutputResult r = compareOne(Tensor.ofFloats(new float[] {1f}, 1, 1), Tensor.ofFloats(new float[] {1f, 2f}, 1, 2),
                    Tolerance.DEFAULT);
            assertThat(r.passed()).isFalse();
            assertThat(structural(r).problem()).isEqualTo("expected shape [1, 1], got [1, 2]");
        }

        @Test
        void run_failsDtypeMismatchEvenWhenValuesAreEqual() {
            OutputResult r = compareOne(Tensor.ofFloats(new float[] {1f}, 1), Tensor.ofDoubles(new double[] {1}, 1),
                    Tolerance.DEFAULT);
            assertThat(r.passed()).isFalse();
            assertThat(structural(r).problem()).isEqualTo("expected dtype float32, got float64");
        }

        @Test
        void run_comparesOnlyTheOutputsTheCaseExpects() {
            AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(expecting("c", X)), Optional.empty(),
                    in -> Map.of("y", X, "extra", Tensor.ofStrings(new String[] {"ignored"}, 1)));
            assertThat(report.passed()).isTrue();
            assertThat(outputsOf(report.cases().get(0))).extracting(OutputResult::output).containsExactly("y");
        }

        @Test
        void run_keepsTheCaseOrderOfOutputs() {
            Map<String, Tensor> expected = new LinkedHashMap<>();
            expected.put("b", X);
            expected.put("a", X);
            AdequacyCase c = AdequacyCase.of("c", Map.of("x", X), expected);
            AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", List.of(c), Optional.empty(),
                    in -> Map.of("a", X, "b", X));
            assertThat(outputsOf(report.cases().get(0))).extracting(OutputResult::output).containsExactly("b", "a");
        }
    }

    @Nested
    class ExactOutputs {
        @Test
        void run_failsStringOutputAtFirstDifferentElement() {
            OutputResult r = compareOne(Tensor.ofStrings(new String[] {"cat", "dog", "cow", "pig"}, 2, 2),
                    Tensor.ofStrings(new String[] {"cat", "dog", "ox", "hen"}, 2, 2), new Tolerance(1e9, 1e9));
            assertThat(r.passed()).isFalse();
            assertThat(exact(r).dtype()).isEqualTo(DataType.STRING);
            assertThat(exact(r).mismatch()).contains(new OutputResult.Mismatch(2, List.of(1L, 0L), "cow", "ox"));
            assertThat(exact(r).problem()).contains("expected \"cow\", actual \"ox\" (string elements must be equal)");
        }

        @Test
        void run_escapesControlCharactersInStringMismatch() {
            OutputResult r = compareOne(Tensor.ofStrings(new String[] {"a\nb"}, 1),
                    Tensor.ofStrings(new String[] {"a\"b"}, 1), EXACT);
            assertThat(exact(r).mismatch().orElseThrow().expected()).isEqualTo("a\nb");
            assertThat(exact(r).problem())
                    .contains("expected \"a\\nb\", actual \"a\\\"b\" (string elements must be equal)");
        }

        @Test
        void run_failsBoolOutputAtFirstDifferentElement() {
            OutputResult r = compareOne(Tensor.ofBooleans(new boolean[] {true, false, true}, 3),
                    Tensor.ofBooleans(new boolean[] {true, true, false}, 3), new Tolerance(1, 1));
            assertThat(r.passed()).isFalse();
            assertThat(exact(r).mismatch()).contains(new OutputResult.Mismatch(1, List.of(1L), "false", "true"));
            assertThat(exact(r).problem()).contains("expected false, actual true (bool elements must be equal)");
        }

        @Test
        void run_passesEqualStringOutputWithoutWorstElement() {
            Tensor s = Tensor.ofStrings(new String[] {"a", "b"}, 2);
            OutputResult r = compareOne(s, s, EXACT);
            assertThat(r.passed()).isTrue();
            assertThat(exact(r).mismatch()).isEmpty();
            assertThat(exact(r).problem()).isEmpty();
            assertThat(r.describe()).isEqualTo("output 'y': passed");
        }
    }

    @Nested
    class Tolerances {
        private final AdequacySpec spec = new AdequacySpec("adequacy/cases.jsonl", new Tolerance(0.1, 0.2),
                Map.of("y", new Tolerance(0.3, 0.4)));

        private Tolerance resolved(AdequacyCase c, Optional<AdequacySpec> s) {
            return outputsOf(AdequacyRunner.run("m 1.0.0", "cpu", List.of(c), s, in -> Map.of("y", X, "z", X))
                    .cases().get(0)).get(0).tolerance();
        }

        @Test
        void run_usesDefaultToleranceWithoutSpecOrCaseTolerance() {
            assertThat(resolved(expecting("c", X), Optional.empty())).isEqualTo(Tolerance.DEFAULT);
        }

        @Test
        void run_usesSpecToleranceForOutputWithoutOverride() {
            AdequacyCase c = AdequacyCase.of("c", Map.of("x", X), Map.of("z", X));
            assertThat(resolved(c, Optional.of(spec))).isEqualTo(new Tolerance(0.1, 0.2));
        }

        @Test
        void run_usesPerOutputToleranceOverSpecTolerance() {
            assertThat(resolved(expecting("c", X), Optional.of(spec))).isEqualTo(new Tolerance(0.3, 0.4));
        }

        @Test
        void run_usesCasePartsOverPerOutputTolerance() {
            AdequacyCase c = expecting("c", X).withTolerance(CaseTolerance.absoluteOnly(1e-6));
            assertThat(resolved(c, Optional.of(spec))).isEqualTo(new Tolerance(1e-6, 0.4));
        }

        @Test
        void run_appliesResolvedToleranceToTheComparison() {
            AdequacyCase c = expecting("c", Tensor.ofFloats(new float[] {1f}, 1, 1));
            Function<Map<String, Tensor>, Map<String, Tensor>> off = returning(Tensor.ofFloats(new float[] {1.25f}, 1, 1));
            assertThat(AdequacyRunner.run("m", "cpu", List.of(c), Optional.of(spec), off).passed()).isTrue();
            assertThat(AdequacyRunner.run("m", "cpu", List.of(c), Optional.empty(), off).passed()).isFalse();
        }
    }

    @Nested
    class Cases {
        @Test
        void run_runsEveryCaseWhateverTheOthersDid() {
            AtomicInteger calls = new AtomicInteger();
            List<AdequacyCase> cases = List.of(
                    expecting("wrong", Tensor.ofFloats(new float[] {5f}, 1, 1)),
                    expecting("throws", X),
                    expecting("right", X));
            AdequacyReport report = AdequacyRunner.run("m 1.0.0", "cpu", cases, Optional.empty(), in -> {
                if (calls.incrementAndGet() == 2) {
                    throw new InvalidInputException("input 'x': expected float32, got float64");
                }
                return Map.of("y", X);
            });
            assertThat(calls).hasValue(3);
            assertThat(report.cases()).extracting(CaseResult::id).containsExactly("wrong", "throws", "right");
            assertThat(report.cases()).extracting(CaseResult::passed).containsExactly(false, false, true);
            assertThat(errorOf(report.cases().get(1))).isEqualTo("input 'x': expected float32, got float64");
            assertThat(report.cases().get(1).failedOutputs()).isEmpty();
            assertThat(report.passed()).isFalse();
            assertThat(report.failures()).extracting(CaseResult::id).containsExactly("wrong", "throws");
        }

        @Test
        void run_usesExceptionClassWhenItHasNoMessage() {
            AdequacyReport report = AdequacyRunner.run("m", "cpu", List.of(expecting("c", X)), Optional.empty(), in -> {
                throw new IllegalStateException();
            });
            assertThat(errorOf(report.cases().get(0))).isEqualTo("java.lang.IllegalStateException");
        }

        @Test
        void run_failsCaseWhenModelReturnsNull() {
            AdequacyReport report = AdequacyRunner.run("m", "cpu", List.of(expecting("c", X)), Optional.empty(),
                    in -> null);
            assertThat(errorOf(report.cases().get(0))).isEqualTo("the model returned no outputs (null)");
        }

        @Test
        void run_passesTheCaseInputsToTheModel() {
            List<Map<String, Tensor>> seen = new ArrayList<>();
            AdequacyRunner.run("m", "cpu", List.of(expecting("c", X)), Optional.empty(), in -> {
                seen.add(in);
                return Map.of("y", X);
            });
            assertThat(seen).containsExactly(Map.of("x", X));
        }

        @Test
        void run_carriesModelProviderAndCaseSource() {
            AdequacyCase c = new AdequacyCase("c", Map.of("x", X), Map.of("y", X), Optional.empty(),
                    Optional.of(new CaseSource("adequacy/cases.jsonl", 3)));
            AdequacyReport report = AdequacyRunner.run("linear 1.0.0", "cuda", List.of(c), Optional.empty(),
                    returning(X));
            assertThat(report.model()).isEqualTo("linear 1.0.0");
            assertThat(report.executionProvider()).isEqualTo("cuda");
            assertThat(report.cases().get(0).source()).contains(new CaseSource("adequacy/cases.jsonl", 3));
        }

        @Test
        void run_refusesACaseThatExpectsNoOutputBeforeRunningTheModel() {
            AdequacyCase c = new AdequacyCase("empty", Map.of("x", X), Map.of(), Optional.empty(),
                    Optional.of(new CaseSource("adequacy/cases.jsonl", 4)));
            AtomicInteger calls = new AtomicInteger();
            assertThatThrownBy(() -> AdequacyRunner.run("m", "cpu", List.of(c), Optional.empty(), in -> {
                calls.incrementAndGet();
                return Map.of("y", X);
            })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("adequacy/cases.jsonl:4: case 'empty' expects no output, so it would compare nothing"
                            + " (a case must expect at least one output)");
            assertThat(calls).hasValue(0);
        }

        @Test
        void run_passesWithNoCases() {
            AdequacyReport report = AdequacyRunner.run("m", "cpu", List.of(), Optional.empty(), returning(X));
            assertThat(report.passed()).isTrue();
            assertThat(report.cases()).isEmpty();
        }
    }

    @Nested
    class Positions {
        @Test
        void position_convertsRowMajorIndexToOneIndexPerAxis() {
            assertThat(OutputComparison.position(5, new long[] {2, 3})).containsExactly(1L, 2L);
            assertThat(OutputComparison.position(0, new long[] {2, 3})).containsExactly(0L, 0L);
            assertThat(OutputComparison.position(23, new long[] {2, 3, 4})).containsExactly(1L, 2L, 3L);
            assertThat(OutputComparison.position(0, new long[0])).isEmpty();
        }

        @Test
        void position_roundTripsToTheFlatIndex() {
            Gen<List<Integer>> shapes = Gens.listOf(Gens.ints(1, 5), 0, 4);
            Property.forAll(Gens.zip(shapes, Gens.ints(0, Integer.MAX_VALUE), Map::entry))
                    .reportTo(line -> { })
                    .tries(300)
                    .check(pair -> {
                        long[] shape = pair.getKey().stream().mapToLong(Integer::longValue).toArray();
                        long size = 1;
                        for (long d : shape) {
                            size *= d;
                        }
                        long flat = pair.getValue() % size;
                        List<Long> pos = OutputComparison.position(flat, shape);
                        long back = 0;
                        for (int axis = 0; axis < shape.length; axis++) {
                            assertThat(pos.get(axis)).isBetween(0L, shape[axis] - 1);
                            back = back * shape[axis] + pos.get(axis);
                        }
                        assertThat(back).isEqualTo(flat);
                    });
        }
    }

    @Nested
    class Properties {
        @Test
        void run_passesExactlyWhenEveryElementIsAcceptedAndWorstIsAMismatchOtherwise() {
            Gen<Double> values = Gens.oneOf(Gens.doubles(-10, 10), Gens.elements(0.0, Double.NaN,
                    Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY));
            Gen<List<Double>> pairs = Gens.listOf(values, 2, 40);
            Gen<Tolerance> tolerances = Gens.zip(Gens.doubles(0, 1), Gens.doubles(0, 0.5), Tolerance::new);
            AtomicInteger passing = new AtomicInteger();
            AtomicInteger failing = new AtomicInteger();
            Property.forAll(Gens.zip(pairs, tolerances, (v, t) -> Map.entry(v, t)))
                    .reportTo(line -> { })
                    .tries(300)
                    .check(input -> {
                        List<Double> v = input.getKey();
                        int n = v.size() / 2;
                        double[] e = new double[n];
                        double[] a = new double[n];
                        for (int i = 0; i < n; i++) {
                            e[i] = v.get(2 * i);
                            // half the time, a value near the expected one
                            a[i] = i % 2 == 0 ? v.get(2 * i + 1) : e[i] + v.get(2 * i + 1) * 1e-3;
                        }
                        Tolerance t = input.getValue();
                        OutputResult r = compareOne(Tensor.ofDoubles(e, n), Tensor.ofDoubles(a, n), t);
                        boolean all = true;
                        for (int i = 0; i < n; i++) {
                            all &= t.accepts(e[i], a[i]);
                        }
                        assertThat(r.passed()).isEqualTo(all);
                        assertThat(worst(r).index()).isBetween(0L, n - 1L);
                        if (!all) {
                            int w = (int) worst(r).index();
                            assertThat(t.accepts(e[w], a[w])).as("worst element %d is a mismatch", w).isFalse();
                        }
                        (all ? passing : failing).incrementAndGet();
                    });
            assertThat(passing).as("outputs whose every element is accepted").hasPositiveValue();
            assertThat(failing).as("outputs with a mismatch").hasPositiveValue();
        }
    }
}
