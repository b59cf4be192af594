// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import dev.mlops.testkit.gen.PropertyFailure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TensorGensTest {
    private static final long D = Shape.DYNAMIC;
    private static final List<String> QUIET = new ArrayList<>();

    static ModelMetadata model(List<TensorSpec> inputs, Constraint... constraints) {
        ModelMetadata.Builder b = ModelMetadata.builder("m", "1.0.0");
        inputs.forEach(b::input);
        b.output(TensorSpec.of("y", DataType.FLOAT32, D, 1));
        for (Constraint c : constraints) {
            b.constraint(c);
        }
        return b.build();
    }

    static <T> Property<T> quiet(Gen<T> gen) {
        return Property.forAll(gen).reportTo(QUIET::add);
    }

    static List<Double> values(Tensor t) {
        List<Double> v = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            v.add(t.getDouble(i));
        }
        return v;
    }

    @Test
    void forSpec_followsDtypeAndShapeForEveryType() {
        Gen<TensorSpec> specs = Gens.zip(Gens.elements(DataType.values()),
                Gens.elements(List.of(new long[] {}, new long[] {D}, new long[] {D, 3}, new long[] {2, D, D},
                        new long[] {0, 2}, new long[] {D, 2, 2})),
                (t, s) -> TensorSpec.of("x", t, s));
        Bounds bounds = new Bounds(5, 3, true);
        Gen<Object[]> pairs = specs.flatMap(spec -> TensorGens.forSpec(spec, bounds).map(t -> new Object[] {spec, t}));
        quiet(pairs).tries(500).check(pair -> {
            TensorSpec spec = (TensorSpec) pair[0];
            Tensor t = (Tensor) pair[1];
            assertThat(t.dtype()).isEqualTo(spec.dtype());
            assertThat(spec.shape().accepts(t.shape())).as("%s accepts %s", spec.shape(), Arrays.toString(t.shape()))
                    .isTrue();
            for (int a = 0; a < t.rank(); a++) {
                if (spec.shape().dimension(a) == D) {
                    assertThat(t.shape()[a]).isBetween(1L, a == 0 ? 5L : 3L);
                }
            }
            if (spec.dtype() == DataType.UINT8) {
                assertThat(values(t)).allSatisfy(v -> assertThat(v).isBetween(0.0, 255.0));
            }
            if (!spec.dtype().isFloatingPoint() && spec.dtype().isNumeric()) {
                assertThat(values(t)).allSatisfy(v -> assertThat(v).isEqualTo(Math.rint(v)));
            }
        });
    }

    @Test
    void forSpec_staysInsideTheDeclaredRange() {
        for (DataType t : List.of(DataType.FLOAT32, DataType.FLOAT64, DataType.FLOAT16, DataType.INT8,
                DataType.UINT8, DataType.INT32, DataType.INT64)) {
            TensorSpec spec = TensorSpec.of("x", t, D, 2).withRange(-2.5, 100.1);
            double lo = t.isFloatingPoint() ? -2.5 : t == DataType.UINT8 ? 0 : -2;
            quiet(TensorGens.forSpec(spec, Bounds.DEFAULT)).tries(300).check(x -> assertThat(values(x))
                    .allSatisfy(v -> assertThat(v).isBetween(lo, 100.1)));
        }
    }

    @Test
    void inputs_keepEveryFeatureInsideItsConstraint() {
        ModelMetadata meta = model(List.of(TensorSpec.of("x", DataType.FLOAT32, D, 3).withFeatures("a", "b", "c")),
                Constraint.reject("x", "a", 0.1, 1), Constraint.reject("x", "b", 10, 20));
        quiet(TensorGens.inputs(meta, Bounds.DEFAULT)).tries(400).check(in -> {
            Tensor x = in.get("x");
            for (int i = 0; i < x.size(); i++) {
                double v = x.getDouble(i);
                switch (i % 3) {
                    case 0 -> assertThat(v).isBetween(0.1, 1.0);
                    case 1 -> assertThat(v).isBetween(10.0, 20.0);
                    default -> { }
                }
            }
        });
    }

    @Test
    void inputs_applyAConstraintWithoutFeatureToTheWholeTensor() {
        ModelMetadata meta = model(List.of(TensorSpec.of("x", DataType.INT32, D).withRange(-50, 50)),
                Constraint.reject("x", 0, 1000));
        Set<Double> seen = new HashSet<>();
        quiet(TensorGens.inputs(meta, Bounds.DEFAULT)).tries(400).check(in -> {
            for (double v : values(in.get("x"))) {
                assertThat(v).isBetween(0.0, 50.0);
                seen.add(v);
            }
        });
        assertThat(seen).contains(0.0, 1.0, 49.0, 50.0);
    }

    @Test
    void forSpec_favoursBoundsZeroAndTheBatchExtremes() {
        TensorSpec spec = TensorSpec.of("x", DataType.FLOAT32, D, 2).withRange(-2, 3);
        Set<Double> values = new HashSet<>();
        Set<Long> batches = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(spec, Bounds.DEFAULT).samples(1, 300)) {
            batches.add(t.shape()[0]);
            for (double v : values(t)) {
                values.add(v);
            }
        }
        assertThat(values).contains(-2.0, 3.0, 0.0);
        assertThat(batches).contains(1L, 8L).allSatisfy(b -> assertThat(b).isBetween(1L, 8L));
    }

    @Test
    void forSpec_favoursTheEndsOfAnIntegerType() {
        Set<Double> values = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(TensorSpec.of("x", DataType.INT32, 4), Bounds.DEFAULT).samples(2, 300)) {
            for (double v : values(t)) {
                values.add(v);
            }
        }
        assertThat(values).contains(0.0, 1.0, -1.0, (double) Integer.MIN_VALUE, (double) Integer.MAX_VALUE);
        Set<Double> bytes = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(TensorSpec.of("x", DataType.UINT8, 4), Bounds.DEFAULT).samples(3, 300)) {
            for (double v : values(t)) {
                bytes.add(v);
            }
        }
        assertThat(bytes).contains(0.0, 1.0, 255.0, 254.0).allSatisfy(v -> assertThat(v).isBetween(0.0, 255.0));
    }

    @Test
    void nonFiniteValues_appearOnlyInUnconstrainedFloatsAndOnlyWhenAllowed() {
        TensorSpec free = TensorSpec.of("x", DataType.FLOAT32, D, 2);
        Set<String> kinds = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(free, Bounds.DEFAULT).samples(4, 300)) {
            for (double v : values(t)) {
                kinds.add(Double.isNaN(v) ? "NaN" : v == Double.POSITIVE_INFINITY ? "+inf"
                        : v == Double.NEGATIVE_INFINITY ? "-inf" : v == Float.MAX_VALUE ? "max" : "finite");
            }
        }
        assertThat(kinds).contains("NaN", "+inf", "-inf", "max", "finite");

        quiet(TensorGens.forSpec(free, Bounds.DEFAULT.withNonFinite(false))).tries(300)
                .check(t -> assertThat(values(t)).allSatisfy(v -> assertThat(v).isFinite().isBetween(-1e6, 1e6)));
        quiet(TensorGens.forSpec(free.withRange(-1e30, 1e30), Bounds.DEFAULT)).tries(300)
                .check(t -> assertThat(values(t)).allSatisfy(v -> assertThat(v).isFinite()));
        ModelMetadata meta = model(List.of(free), new Constraint("x", java.util.Optional.empty(),
                java.util.OptionalDouble.of(0), java.util.OptionalDouble.empty(),
                dev.mlops.api.spec.ConstraintAction.REJECT, java.util.Optional.empty()));
        quiet(TensorGens.inputs(meta, Bounds.DEFAULT)).tries(300)
                .check(in -> assertThat(values(in.get("x"))).allSatisfy(v -> assertThat(v).isBetween(0.0, 1e6)));
    }

    @Test
    void stringsAndBooleans_coverEmptyUnicodeAndBothValues() {
        Set<Object> strings = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(TensorSpec.of("s", DataType.STRING, D), Bounds.DEFAULT).samples(5, 200)) {
            strings.addAll(Arrays.asList(t.toStringArray()));
        }
        assertThat(strings).contains("");
        assertThat(strings).anySatisfy(s -> assertThat(((String) s).chars().anyMatch(c -> c > 127)).isTrue());
        Set<Boolean> bools = new HashSet<>();
        for (Tensor t : TensorGens.forSpec(TensorSpec.of("b", DataType.BOOL, 3), Bounds.DEFAULT).samples(6, 50)) {
            for (boolean b : t.toBooleanArray()) {
                bools.add(b);
            }
        }
        assertThat(bools).containsExactlyInAnyOrder(true, false);
    }

    @Test
    void inputs_shareOneBatchAcrossInputsAndKeepDeclarationOrder() {
        ModelMetadata meta = model(List.of(TensorSpec.of("b", DataType.INT64, D), TensorSpec.of("a",
                DataType.FLOAT32, D, 2), TensorSpec.of("fixed", DataType.BOOL, 2)));
        quiet(TensorGens.inputs(meta, Bounds.DEFAULT)).tries(200).check(in -> {
            assertThat(in.keySet()).containsExactly("b", "a", "fixed");
            assertThat(in.get("a").shape()[0]).isEqualTo(in.get("b").shape()[0]);
            assertThat(in.get("fixed").shape()).containsExactly(2L);
        });
    }

    @Test
    void samples_areDeterministicPerSeed() {
        ModelMetadata meta = model(List.of(TensorSpec.of("x", DataType.FLOAT32, D, 3),
                TensorSpec.of("s", DataType.STRING, D)));
        Gen<Map<String, Tensor>> gen = TensorGens.inputs(meta, Bounds.DEFAULT);
        assertThat(gen.samples(99, 50)).isEqualTo(gen.samples(99, 50));
        assertThat(gen.samples(99, 50)).isNotEqualTo(gen.samples(100, 50));
    }

    @Test
    void emptyEnvelope_isRejectedNamingTheFeature() {
        ModelMetadata meta = model(List.of(TensorSpec.of("x", DataType.FLOAT32, D, 2).withFeatures("a", "b")
                .withRange(0, 1)), Constraint.reject("x", "b", 5, 6));
        assertThatThrownBy(() -> TensorGens.inputs(meta, Bounds.DEFAULT)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.b");
        assertThatThrownBy(() -> new Bounds(0, 1, true)).hasMessageContaining("maxBatch");
    }

    /** The planted bug: a clamp that lets values above 10 through. */
    static void clampedBelowEleven(Map<String, Tensor> in) {
        for (double v : values(in.get("x"))) {
            if (v > 10) {
                throw new AssertionError("value " + v + " escaped the clamp");
            }
        }
    }

    @Test
    void shrinking_reducesAPlantedBugToABatchOfOneAndASimpleValueAndReplays() {
        ModelMetadata meta = model(List.of(TensorSpec.of("x", DataType.INT32, D, 3).withRange(-100, 100),
                TensorSpec.of("f", DataType.FLOAT32, D)));
        Gen<Map<String, Tensor>> gen = TensorGens.inputs(meta, Bounds.DEFAULT);
        List<String> lines = new ArrayList<>();
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> Property.forAll(gen).seed(1234)
                .tries(200).reportTo(lines::add).check(TensorGensTest::clampedBelowEleven));
        assertThat(failure).isNotNull();
        assertThat(failure.seed()).isEqualTo(1234);
        assertThat(failure.getMessage()).contains("seed 1234", "-Dmlops.seed=1234");
        @SuppressWarnings("unchecked")
        Map<String, Tensor> shrunk = (Map<String, Tensor>) failure.shrunk();
        assertThat(shrunk.get("x").shape()).containsExactly(1L, 3L);
        assertThat(shrunk.get("f").shape()).containsExactly(1L);
        assertThat(values(shrunk.get("x"))).containsExactlyInAnyOrder(11.0, 0.0, 0.0);
        assertThat(values(shrunk.get("f"))).containsExactly(0.0);

        PropertyFailure replay = catchThrowableOfType(PropertyFailure.class, () -> Property.forAll(gen).seed(1234)
                .tries(200).reportTo(lines::add).check(TensorGensTest::clampedBelowEleven));
        assertThat(replay.original()).isEqualTo(failure.original());
        assertThat(replay.shrunk()).isEqualTo(failure.shrunk());
        assertThat(replay.failedTry()).isEqualTo(failure.failedTry());
    }

    @Test
    void shrinking_keepsTheFailingRowOfALargeBatch() {
        TensorSpec spec = TensorSpec.of("x", DataType.FLOAT64, D, D).withRange(0, 100);
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, () -> quiet(TensorGens.forSpec(spec,
                new Bounds(16, 4, false))).seed(77).tries(300).check(t -> assertThat(values(t))
                        .allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(50.0))));
        Tensor shrunk = (Tensor) failure.shrunk();
        assertThat(shrunk.shape()).containsExactly(1L, 1L);
        assertThat(shrunk.getDouble(0)).isGreaterThan(50.0).isLessThanOrEqualTo(51.0);
    }
}
