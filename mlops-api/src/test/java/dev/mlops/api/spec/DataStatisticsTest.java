// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.version.SchemaVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The statistics records (schema 1.1): checked and deep-copied in their constructors; the builder's version. */
class DataStatisticsTest {

    static FeatureStatistics.Numeric celsius() {
        List<Double> q = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            q.add(-5 + i * 0.4);
        }
        return new FeatureStatistics.Numeric(100, 2, -5, 35, 18.5, 7.25,
                new Histogram(List.of(-5.0, 5.0, 15.0, 25.0, 35.0), List.of(10L, 20L, 40L, 28L)), q);
    }

    static Stream<Arguments> badRecords() {
        return Stream.of(
                Arguments.of((Runnable) () -> new Histogram(List.of(1.0), List.of()), "histogram.edges: 1 edges"),
                Arguments.of((Runnable) () -> new Histogram(List.of(0.0, 0.0), List.of(1L)),
                        "histogram.edges[1]: 0.0 is not above the edge before it"),
                Arguments.of((Runnable) () -> new Histogram(List.of(0.0, Double.NaN), List.of(1L)),
                        "histogram.edges[1]: NaN is not a finite number"),
                Arguments.of((Runnable) () -> new Histogram(List.of(0.0, 1.0), List.of(1L, 2L)),
                        "histogram.counts: 2 counts for 2 edges"),
                Arguments.of((Runnable) () -> new Histogram(List.of(0.0, 1.0), List.of(-1L)),
                        "histogram.counts[0]: -1 is not a count"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Numeric(1, 2, 0, 1, 0, 0,
                        new Histogram(List.of(0.0, 1.0), List.of(1L)), List.of()), "missing: 2 is outside [0, count 1]"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Numeric(1, 0, 2, 1, 0, 0,
                        new Histogram(List.of(0.0, 1.0), List.of(1L)), List.of()), "min: 2.0 is greater than max 1.0"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Numeric(1, 0, 0, 1, 0, -1,
                        new Histogram(List.of(0.0, 1.0), List.of(1L)), List.of()), "std: -1.0 is negative"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Numeric(1, 0, 0, 1, 0, 0,
                        new Histogram(List.of(0.0, 1.0), List.of(1L)), List.of(1.0)), "quantiles: 1 numbers; expected 101"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Numeric(1, 0, 0, 1, Double.NaN, 0,
                        new Histogram(List.of(0.0, 1.0), List.of(1L)), List.of()), "mean: NaN is not a finite number"),
                Arguments.of((Runnable) () -> {
                    List<Double> q = new ArrayList<>(celsius().quantiles());
                    q.set(7, -100.0);
                    new FeatureStatistics.Numeric(1, 0, 0, 1, 0, 0, new Histogram(List.of(0.0, 1.0), List.of(1L)), q);
                }, "quantiles[7]: -100.0 is below the quantile before it"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Categorical(-1, 0, Map.of()),
                        "count: -1 is not a count"),
                Arguments.of((Runnable) () -> new FeatureStatistics.Categorical(1, 0, Map.of("a", -1L)),
                        "categories.a: -1 is not a count"),
                Arguments.of((Runnable) () -> new DataStatistics(Optional.empty(), Map.of(" ", Map.of()), Map.of()),
                        "inputs: a name must not be blank"));
    }

    @ParameterizedTest
    @MethodSource("badRecords")
    void records_rejectInconsistentValuesNamingTheComponent(Runnable construct, String message) {
        assertThatThrownBy(construct::run).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }

    @Test
    void records_copyTheirCollections() {
        List<Double> edges = new ArrayList<>(List.of(0.0, 1.0));
        Map<String, FeatureStatistics> features = new LinkedHashMap<>(Map.of("a", celsius()));
        Map<String, Map<String, FeatureStatistics>> inputs = new LinkedHashMap<>(Map.of("x", features));
        Histogram h = new Histogram(edges, List.of(1L));
        DataStatistics s = new DataStatistics(Optional.empty(), inputs, Map.of());

        edges.add(2.0);
        features.clear();
        inputs.clear();

        assertThat(h.edges()).containsExactly(0.0, 1.0);
        assertThat(s.input("x", "a")).contains(celsius());
        assertThatThrownBy(() -> s.inputs().get("x").clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void builder_raisesTheSchemaVersionForStatisticsAndToBuilderKeepsThem() {
        DataStatistics s = new DataStatistics(Optional.empty(), Map.of("x", Map.of("0", celsius())), Map.of());
        ModelMetadata m = ModelMetadata.builder("m", "1.0.0").schemaVersion(new SchemaVersion(1, 0))
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1)).output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .statistics(s).build();

        assertThat(m.schemaVersion()).isEqualTo(DataStatistics.SINCE);
        assertThat(m.toBuilder().build()).isEqualTo(m);
        assertThat(m.statistics().orElseThrow().input("x", "0")).contains(celsius());
        assertThat(m.statistics().orElseThrow().output("x", "0")).isEmpty();
        assertThat(ModelMetadata.builder("m", "1.0.0").schemaVersion(new SchemaVersion(1, 3))
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1)).output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .statistics(s).build().schemaVersion()).isEqualTo(new SchemaVersion(1, 3));
    }
}
