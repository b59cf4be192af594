// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.spec;

import dev.mlops.api.spec.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ShapeAndTensorSpecTest {

    @Test
    void shape_rejectsDimensionsBelowMinusOneNamingTheAxis() {
        assertThatThrownBy(() -> Shape.of(3, -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape[1]: -2 is not a dimension (use -1 for dynamic)");
    }

    @Test
    void shape_scalarHasNoAxesAndOneElement() {
        assertThat(Shape.scalar().isScalar()).isTrue();
        assertThat(Shape.scalar().rank()).isZero();
        assertThat(Shape.scalar().elementCount()).isEqualTo(OptionalLong.of(1));
        assertThat(Shape.scalar().accepts(new long[0])).isTrue();
        assertThat(Shape.scalar().accepts(new long[] {1})).isFalse();
    }

    @Test
    void shape_elementCountIsEmptyWhenAnAxisIsDynamic() {
        assertThat(Shape.of(-1, 3).elementCount()).isEmpty();
        assertThat(Shape.of(2, 0, 3).elementCount()).isEqualTo(OptionalLong.of(0));
        assertThat(Shape.of(2, 3).elementCount()).isEqualTo(OptionalLong.of(6));
        assertThat(Shape.of(-1, 3).toString()).isEqualTo("[-1, 3]");
    }

    @Test
    void shape_acceptsExactlyTheConcreteInstancesOfItself() {
        Property.forAll(Gens.zip(MetadataGen.shapes(), Gens.listOf(Gens.longs(0, 9), 4, 4), List::<Object>of))
                .tries(500).check(c -> {
                    Shape shape = (Shape) c.get(0);
                    @SuppressWarnings("unchecked")
                    List<Long> fill = (List<Long>) c.get(1);
                    long[] concrete = shape.toArray();
                    for (int i = 0; i < concrete.length; i++) {
                        concrete[i] = concrete[i] == Shape.DYNAMIC ? fill.get(i) : concrete[i];
                    }
                    assertThat(shape.accepts(concrete)).isTrue();
                    long[] longer = java.util.Arrays.copyOf(concrete, concrete.length + 1);
                    assertThat(shape.accepts(longer)).isFalse();
                    for (int i = 0; i < concrete.length; i++) {
                        if (shape.dimension(i) != Shape.DYNAMIC) {
                            long[] off = concrete.clone();
                            off[i]++;
                            assertThat(shape.accepts(off)).as("%s vs axis %d off by one", shape, i).isFalse();
                        }
                    }
                });
    }

    @Test
    void tensorSpec_rejectsDimNamesThatDoNotMatchTheRank() {
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -1, 3).withDimNames("batch"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.dimNames: 1 names for a shape of rank 2");
    }

    @Test
    void tensorSpec_rejectsFeaturesOnAScalar() {
        assertThatThrownBy(() -> TensorSpec.of("t", DataType.FLOAT64).withFeatures("a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t.features: a scalar has no feature axis");
    }

    @Test
    void tensorSpec_rejectsAFeatureCountOtherThanAFixedLastAxis() {
        assertThatThrownBy(() -> TensorSpec.of("x", DataType.FLOAT32, -1, 3).withFeatures("a", "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x.features: 2 names for a last axis of size 3");
        assertThat(TensorSpec.of("x", DataType.FLOAT32, 3, -1).withFeatures("a", "b").features())
                .containsExactly("a", "b");
    }

    @Test
    void tensorSpec_rejectsABlankName() {
        assertThatThrownBy(() -> TensorSpec.of(" ", DataType.INT64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("name must not be blank");
    }

    @Test
    void tensorSpec_withersCopyAndKeepTheRest() {
        TensorSpec base = TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("celsius", "humidity");

        TensorSpec rich = base.withUnit("si").withRange(-40, 60).withDescription("weather").withDimNames("batch", "f");

        assertThat(rich.features()).containsExactly("celsius", "humidity");
        assertThat(rich.featureIndex("humidity")).isEqualTo(1);
        assertThat(rich.featureIndex("wind")).isEqualTo(-1);
        assertThat(rich.range()).contains(new ValueRange(-40, 60));
        assertThat(rich.unit()).contains("si");
        assertThat(base.unit()).isEqualTo(Optional.empty());
    }

    @Test
    void valueRange_rejectsNaNAndReversedBounds() {
        assertThatThrownBy(() -> new ValueRange(Double.NaN, 1)).hasMessage("range: min and max must be numbers");
        assertThatThrownBy(() -> new ValueRange(2, 1)).hasMessage("range: min 2.0 is greater than max 1.0");
        assertThat(new ValueRange(0, 1).contains(1)).isTrue();
        assertThat(new ValueRange(0, 1).contains(Double.NaN)).isFalse();
    }
}
