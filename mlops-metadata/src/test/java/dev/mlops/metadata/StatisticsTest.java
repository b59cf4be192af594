// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Histogram;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
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

/** The {@code statistics} section (schema 1.1): built, written, read back, and every rule with its path and message. */
class StatisticsTest {
    private static final String SHA = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";

    static FeatureStatistics.Numeric celsius() {
        List<Double> q = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            q.add(-5 + i * 0.4);
        }
        return new FeatureStatistics.Numeric(100, 2, -5, 35, 18.5, 7.25,
                new Histogram(List.of(-5.0, 5.0, 15.0, 25.0, 35.0), List.of(10L, 20L, 40L, 28L)), q);
    }

    static DataStatistics statistics() {
        Map<String, Map<String, FeatureStatistics>> inputs = new LinkedHashMap<>();
        inputs.put("x", Map.of("celsius", celsius()));
        inputs.put("area", Map.of("0", new FeatureStatistics.Categorical(10, 1, Map.of("Hebron", 9L))));
        return new DataStatistics(Optional.of(new DatasetRef("ims-2024", Optional.empty(), Optional.of(SHA))), inputs,
                Map.of("y", Map.of("0", new FeatureStatistics.Numeric(100, 0, 0, 1, 0.5, 0.25,
                        new Histogram(List.of(0.0, 1.0), List.of(100L)), List.of()))));
    }

    static ModelMetadata.Builder model() {
        return ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1).withFeatures("celsius"))
                .input(TensorSpec.of("area", DataType.STRING, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1));
    }

    @Test
    void build_withStatistics_writesSchemaVersion11AndReadsBackEqual() {
        ModelMetadata m = model().statistics(statistics()).build();

        String json = Metadata.toJson(m);

        assertThat(m.schemaVersion()).isEqualTo(DataStatistics.SINCE);
        assertThat(json).contains("\"schemaVersion\" : \"1.1\"");
        MetadataDocument read = Metadata.parse(json);
        assertThat(read.metadata()).isEqualTo(m);
        assertThat(read.metadata().statistics().orElseThrow().input("x", "celsius")).contains(celsius());
        assertThat(read.unknownFields()).isEmpty();
    }

    @Test
    void build_withoutStatistics_keepsTheCurrentSchemaVersion() {
        assertThat(model().build().schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
    }

    @Test
    void constructor_rejectsStatisticsUnderSchema10() {
        ModelMetadata m = model().statistics(statistics()).build();

        assertThatThrownBy(() -> new ModelMetadata(new SchemaVersion(1, 0), m.name(), m.version(), m.buildId(),
                m.description(), m.author(), m.createdAt(), m.modelType(), m.artifact(), m.inputs(), m.outputs(),
                m.capabilities(), m.constraints(), m.preprocessing(), m.adequacy(), m.metrics(), m.provenance(),
                m.runtime(), m.extensions(), m.statistics()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("statistics: needs schemaVersion 1.1 or later, but the schema version is 1.0");
    }

    /** Before 1.1 "statistics" meant nothing: a 1.0 reader kept it as an unknown field, and so does this one. */
    @Test
    void read_schema10DocumentWithStatistics_keepsItAsAnUnknownFieldUnchecked() {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"m\", \"version\": \"1.0.0\","
                + " \"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 1]}],"
                + " \"outputs\": [{\"name\": \"y\", \"dtype\": \"float32\", \"shape\": [-1, 1]}],"
                + " \"statistics\": {\"inputs\": {\"nope\": 3}, \"by\": \"legacy-tool\"}}";

        MetadataDocument doc = Metadata.parse(json);

        assertThat(doc.metadata().statistics()).isEmpty();
        assertThat(doc.metadata().schemaVersion()).isEqualTo(new SchemaVersion(1, 0));
        assertThat(doc.unknownFields()).containsExactly("statistics");
        MetadataDocument again = Metadata.parse(doc.toJson());
        assertThat(again.unknownFields()).containsExactly("statistics");
        assertThat(doc.toJson()).contains("\"by\" : \"legacy-tool\"", "\"nope\" : 3");
    }

    @Test
    void withMetadata_statisticsAddedToASchema10Document_replaceTheUnknownFieldAndWrite11() {
        String json = "{\"schemaVersion\": \"1.0\", \"name\": \"m\", \"version\": \"1.0.0\","
                + " \"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 1], \"features\": [\"celsius\"]},"
                + " {\"name\": \"area\", \"dtype\": \"string\", \"shape\": [-1, 1]}],"
                + " \"outputs\": [{\"name\": \"y\", \"dtype\": \"float32\", \"shape\": [-1, 1]}],"
                + " \"statistics\": {\"by\": \"legacy-tool\"}}";
        MetadataDocument doc = Metadata.parse(json);

        MetadataDocument updated = doc.withMetadata(doc.metadata().toBuilder().statistics(statistics()).build());

        MetadataDocument read = Metadata.parse(updated.toJson());
        assertThat(read.metadata().schemaVersion()).isEqualTo(DataStatistics.SINCE);
        assertThat(read.metadata().statistics()).contains(statistics());
        assertThat(read.unknownFields()).isEmpty();
    }

    private static String doc(String statistics) {
        return "{\"schemaVersion\": \"1.1\", \"name\": \"m\", \"version\": \"1.0.0\","
                + " \"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 2], \"features\": [\"a\", \"b\"]},"
                + " {\"name\": \"z\", \"dtype\": \"float32\", \"shape\": [-1, 3]}],"
                + " \"outputs\": [{\"name\": \"y\", \"dtype\": \"float32\", \"shape\": [-1, 1]}],"
                + " \"statistics\": " + statistics + "}";
    }

    private static String numeric(String more) {
        return "{\"count\": 10, \"missing\": 1, \"min\": 0, \"max\": 2, \"mean\": 1, \"std\": 0.5,"
                + " \"histogram\": {\"edges\": [0, 1, 2], \"counts\": [4, 5]}" + more + "}";
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("{\"inputs\": {\"w\": {\"0\": " + numeric("") + "}}}", "statistics.inputs.w",
                        "\"w\" is not a declared input (inputs are [x, z])"),
                Arguments.of("{\"outputs\": {\"q\": {\"0\": " + numeric("") + "}}}", "statistics.outputs.q",
                        "\"q\" is not a declared output (outputs are [y])"),
                Arguments.of("{\"inputs\": {\"x\": {\"c\": " + numeric("") + "}}}", "statistics.inputs.x.c",
                        "\"c\" is not a feature of input \"x\" (its features are [a, b])"),
                Arguments.of("{\"inputs\": {\"z\": {\"3\": " + numeric("") + "}}}", "statistics.inputs.z[\"3\"]",
                        "\"3\" is not a feature index of input \"z\" (its last axis has 3 elements, indices 0 to 2)"),
                Arguments.of("{\"inputs\": {\"z\": {\"01\": " + numeric("") + "}}}", "statistics.inputs.z[\"01\"]",
                        "\"01\" is not a feature index (input \"z\" names no features, so its features are named by"
                                + " their index along the last axis: \"0\", \"1\", ...)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 4, \"categories\": {}}}}}",
                        "statistics.inputs.x.a.missing", "missing 4 is greater than count 3"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0}}}}",
                        "statistics.inputs.x.a", "needs a histogram (a numeric feature) or categories (a categorical"
                                + " feature)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": " + numeric(", \"categories\": {\"u\": 1}") + "}}}",
                        "statistics.inputs.x.a.histogram", "a feature has a histogram (numeric) or categories"
                                + " (categorical), not both"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0, \"histogram\": {\"edges\":"
                        + " [0, 1], \"counts\": [3]}, \"min\": 0, \"max\": 1, \"mean\": 0.5}}}}",
                        "statistics.inputs.x.a.std", "is required for a numeric feature (one with a histogram)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0, \"categories\": {\"u\": 3},"
                        + " \"min\": 0}}}}", "statistics.inputs.x.a.min",
                        "is only for a numeric feature (one with a histogram), not a categorical one"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0, \"min\": 2, \"max\": 1,"
                        + " \"mean\": 1, \"std\": 0, \"histogram\": {\"edges\": [0, 1], \"counts\": [3]}}}}}",
                        "statistics.inputs.x.a.min", "min 2.0 is greater than max 1.0"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": " + numeric(", \"quantiles\": [1, 2]") + "}}}",
                        "statistics.inputs.x.a.quantiles", "2 numbers; expected 101 (the 0th to the 100th percentile)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0, \"min\": 0, \"max\": 1,"
                        + " \"mean\": 1, \"std\": 0, \"histogram\": {\"edges\": [0, 1, 1], \"counts\": [3, 0]}}}}}",
                        "statistics.inputs.x.a.histogram.edges[2]",
                        "1.0 is not above the edge before it, 1.0 (edges ascend strictly)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": {\"count\": 3, \"missing\": 0, \"min\": 0, \"max\": 1,"
                        + " \"mean\": 1, \"std\": 0, \"histogram\": {\"edges\": [0, 1, 2], \"counts\": [3]}}}}}",
                        "statistics.inputs.x.a.histogram.counts", "1 counts for 3 edges (expected 2, one per bin)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": " + numeric("").replace("\"std\": 0.5", "\"std\": -1")
                        + "}}}", "statistics.inputs.x.a.std",
                        "-1.0 is not a standard deviation (expected a number >= 0)"),
                Arguments.of("{\"inputs\": {\"x\": {\"a\": " + numeric("").replace("\"count\": 10", "\"count\": -1")
                        + "}}}", "statistics.inputs.x.a.count", "-1 is not a count (expected an integer >= 0)"));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void read_reportsEveryStatisticsRuleAtItsPath(String statistics, String path, String message) {
        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class,
                () -> Metadata.parse(doc(statistics)));

        assertThat(e).as("no violation for %s", statistics).isNotNull();
        assertThat(e.violations()).contains(new Violation(path, message));
    }

    @Test
    void read_reportsEveryViolationOfOneDocumentAtOnce() {
        String statistics = "{\"inputs\": {\"w\": {\"0\": " + numeric("") + "}, \"x\": {\"c\": " + numeric("")
                + ", \"a\": " + numeric("").replace("\"missing\": 1", "\"missing\": 11") + "}}}";

        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class,
                () -> Metadata.parse(doc(statistics)));

        assertThat(e.violations()).extracting(Violation::path).containsExactly("statistics.inputs.w",
                "statistics.inputs.x.a.missing", "statistics.inputs.x.c");
    }
}
