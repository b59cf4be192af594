// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.data;

import static dev.mlops.testkit.data.TensorGensTest.model;
import static dev.mlops.testkit.data.TensorGensTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

class MockDatasetTest {
    private static final long D = Shape.DYNAMIC;
    private static final Pattern SEED_LINE = Pattern.compile("\\[mlops\\.seed] MockDataset m: seed=(-?\\d+) "
            + "\\(replay with -Dmlops\\.seed=(-?\\d+)\\)");

    private static final ModelMetadata META = model(List.of(
            TensorSpec.of("x", DataType.FLOAT32, D, 3).withFeatures("age", "income", "score").withRange(-5, 5),
            TensorSpec.of("ids", DataType.INT64, D),
            TensorSpec.of("free", DataType.FLOAT64, D)),
            Constraint.reject("x", "age", 0, 5), Constraint.reject("x", "income", 1, 2));

    @Test
    void build_isDeterministicPerSeed() {
        List<Map<String, Tensor>> a = MockDataset.of(META).seed(42).size(150).build();
        List<Map<String, Tensor>> b = MockDataset.of(META).seed(42).size(150).build();
        assertThat(a).hasSize(150).isEqualTo(b);
        assertThat(MockDataset.of(META).seed(43).size(150).build()).isNotEqualTo(a);
    }

    @Test
    void build_startsWithTheCornerCases() {
        MockDataset.Builder builder = MockDataset.of(META).seed(1).size(60);
        List<Map<String, Tensor>> corners = builder.corners();
        List<Map<String, Tensor>> data = builder.build();
        assertThat(data.subList(0, corners.size())).isEqualTo(corners);
        assertThat(corners.stream().map(m -> m.get("x").shape()[0]).distinct()).containsExactlyInAnyOrder(1L, 8L);
        List<List<Double>> columns = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        List<Double> free = new ArrayList<>();
        for (Map<String, Tensor> m : corners) {
            List<Double> x = values(m.get("x"));
            for (int i = 0; i < x.size(); i++) {
                columns.get(i % 3).add(x.get(i));
            }
            free.addAll(values(m.get("free")));
        }
        assertThat(columns.get(0)).contains(0.0, 5.0).allSatisfy(v -> assertThat(v).isBetween(0.0, 5.0));
        assertThat(columns.get(1)).contains(1.0, 2.0).allSatisfy(v -> assertThat(v).isBetween(1.0, 2.0));
        assertThat(columns.get(2)).contains(-5.0, 0.0, 5.0);
        assertThat(free).contains(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -Double.MAX_VALUE,
                Double.MAX_VALUE, 0.0);
        assertThat(corners.stream().flatMap(m -> values(m.get("ids")).stream()))
                .contains((double) Long.MIN_VALUE, (double) Long.MAX_VALUE, 0.0);
    }

    @Test
    void build_keepsRandomSamplesInsideTheEnvelope() {
        List<Map<String, Tensor>> data = MockDataset.of(META).seed(5).size(300)
                .bounds(new Bounds(4, 2, false)).build();
        assertThat(data).hasSize(300).allSatisfy(m -> {
            assertThat(m.get("x").shape()[0]).isBetween(1L, 4L).isEqualTo(m.get("ids").shape()[0]);
            List<Double> x = values(m.get("x"));
            for (int i = 0; i < x.size(); i += 3) {
                assertThat(x.get(i)).isBetween(0.0, 5.0);
                assertThat(x.get(i + 1)).isBetween(1.0, 2.0);
                assertThat(x.get(i + 2)).isBetween(-5.0, 5.0);
            }
            assertThat(values(m.get("free"))).allSatisfy(v -> assertThat(v).isFinite());
        });
    }

    @Test
    void build_returnsAllCornersWhenTheSizeIsSmaller() {
        MockDataset.Builder builder = MockDataset.of(META).seed(3).size(1);
        assertThat(builder.build()).isEqualTo(builder.corners()).hasSizeGreaterThan(1);
    }

    @Test
    @ResourceLock("system-properties")
    void build_printsAnUnfixedSeedOnceAndReplaysIt() {
        String previous = System.clearProperty(Property.SEED_PROPERTY);
        try {
            List<String> lines = new ArrayList<>();
            List<Map<String, Tensor>> first = MockDataset.of(META).size(80).reportTo(lines::add).build();
            assertThat(lines).hasSize(1);
            Matcher m = SEED_LINE.matcher(lines.get(0));
            assertThat(m.matches()).as(lines.get(0)).isTrue();
            assertThat(m.group(2)).isEqualTo(m.group(1));
            long seed = Long.parseLong(m.group(1));

            assertThat(MockDataset.of(META).size(80).seed(seed).reportTo(lines::add).build()).isEqualTo(first);
            assertThat(lines).hasSize(1);

            System.setProperty(Property.SEED_PROPERTY, Long.toString(seed));
            assertThat(MockDataset.of(META).size(80).reportTo(lines::add).build()).isEqualTo(first);
            assertThat(lines).hasSize(2).element(1).isEqualTo(lines.get(0));
        } finally {
            if (previous == null) {
                System.clearProperty(Property.SEED_PROPERTY);
            } else {
                System.setProperty(Property.SEED_PROPERTY, previous);
            }
        }
    }

    @Test
    void builder_rejectsBadAndRepeatedOptions() {
        assertThatThrownBy(() -> MockDataset.of(META).size(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("size");
        assertThatThrownBy(() -> MockDataset.of(META).seed(1).seed(2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seed");
        assertThatThrownBy(() -> MockDataset.of(META).bounds(Bounds.DEFAULT).bounds(Bounds.DEFAULT))
                .isInstanceOf(IllegalStateException.class);
    }
}
