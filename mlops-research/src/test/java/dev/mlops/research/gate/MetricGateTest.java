// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.TensorSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class MetricGateTest {
    static final String EVAL = "a".repeat(64);
    static final String OTHER = "b".repeat(64);
    static final MetricGate GATE = MetricGate.parse(List.of("auc >= baseline - 0.01", "mse <= baseline * 1.05",
            "accuracy >= baseline"));

    static Evaluation model(String label, String sha, double auc, double mse, double accuracy) {
        return new Evaluation(label, List.of(GateMetric.of("auc", auc, sha), GateMetric.of("mse", mse, sha),
                GateMetric.of("accuracy", accuracy, sha)));
    }

    @Test
    void compare_passesACandidateWithinEveryAllowance() {
        GateResult r = GATE.compare(model("rain 1.1.0", EVAL, 0.845, 0.104, 0.9), model("rain 1.0.0", EVAL, 0.85,
                0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Pass.class, p -> {
            assertThat(p.checks()).extracting(RuleCheck::metric).containsExactly("auc", "mse", "accuracy");
            assertThat(p.checks()).allSatisfy(c -> assertThat(c.datasetSha256()).isEqualTo(EVAL));
            assertThat(p.checks().get(0).message()).isEqualTo("auc 0.845 >= bound 0.84 (baseline 0.85 - 0.01)");
            assertThat(p.checks().get(1).message()).isEqualTo("mse 0.104 <= bound 0.105 (baseline 0.1 * 1.05)");
        });
        assertThat(r.exitCode()).isZero();
        assertThat(r.report()).startsWith("gate passed: rain 1.1.0 against rain 1.0.0\n  ok   auc 0.845 >= bound");
    }

    @Test
    void compare_reportsAnAbsoluteRegressionWithBothValuesAndTheBound() {
        GateResult r = GATE.compare(model("rain 1.1.0", EVAL, 0.81, 0.1, 0.9), model("rain 1.0.0", EVAL, 0.85, 0.1,
                0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> {
            RuleCheck auc = g.failures().get(0);
            assertThat(g.failures()).hasSize(1);
            assertThat(auc.message()).isEqualTo("auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)");
            assertThat(auc.candidate()).isEqualTo(0.81);
            assertThat(auc.baseline()).isEqualTo(0.85);
            assertThat(auc.bound()).isEqualTo(0.84);
            assertThat(auc.verdict()).isEqualTo(Verdict.REGRESSION);
        });
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.report()).contains("  FAIL auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)")
                .contains("  ok   mse 0.1 <= bound 0.105 (baseline 0.1 * 1.05)");
    }

    @Test
    void compare_reportsARelativeRegressionOfALowerIsBetterMetric() {
        GateResult r = GATE.compare(model("c", EVAL, 0.85, 0.106, 0.9), model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> assertThat(g.failures())
                .extracting(RuleCheck::message).containsExactly("mse 0.106 > bound 0.105 (baseline 0.1 * 1.05)"));
    }

    @Test
    void compare_withoutAllowance_failsTheSmallestDrop() {
        GateResult r = GATE.compare(model("c", EVAL, 0.85, 0.1, 0.8999), model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> assertThat(g.failures())
                .extracting(RuleCheck::message).containsExactly("accuracy 0.8999 < bound 0.9 (baseline 0.9)"));
    }

    @Test
    void compare_refusesWhenTheEvaluationDataDiffer() {
        GateResult r = GATE.compare(model("c", OTHER, 0.99, 0.01, 0.99), model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> {
            assertThat(n.reasons()).hasSize(3);
            assertThat(n.reasons().get(0)).isEqualTo("auc: not measured on the same evaluation data: candidate c on"
                    + " sha256 bbbbbbbbbbbb; baseline b on sha256 aaaaaaaaaaaa (metrics compare only on data with the"
                    + " same SHA-256 and split)");
        });
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.report()).startsWith("gate cannot compare c with b\n  auc: not measured");
    }

    @Test
    void compare_refusesWhenTheSplitsDiffer() {
        Evaluation c = new Evaluation("c", List.of(GateMetric.of("auc", 0.9, EVAL).withSplit("validation")));
        Evaluation b = new Evaluation("b", List.of(GateMetric.of("auc", 0.8, EVAL).withSplit("test")));
        GateResult r = MetricGate.parse(List.of("auc >= baseline")).compare(c, b);
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .singleElement().asString().contains("candidate c on sha256 aaaaaaaaaaaa, split validation; baseline"
                        + " b on sha256 aaaaaaaaaaaa, split test"));
    }

    @Test
    void compare_refusesWhenAMetricIsMissingNamingWhatTheModelHas() {
        Evaluation c = new Evaluation("c", List.of(GateMetric.of("auc", 0.9, EVAL), GateMetric.of("mse", 0.1, EVAL)));
        Evaluation b = model("b", EVAL, 0.85, 0.1, 0.9);
        GateResult r = GATE.compare(c, b);
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("accuracy: candidate c has no such metric (it has auc, mse)"));
        GateResult reverse = GATE.compare(b, c);
        assertThat(reverse).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("accuracy: baseline c has no such metric (it has auc, mse)"));
        GateResult none = MetricGate.parse(List.of("f1 >= baseline")).compare(new Evaluation("x", List.of()), c);
        assertThat(none).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("f1: candidate x has no such metric (it has no metrics)",
                        "f1: baseline c has no such metric (it has auc, mse)"));
    }

    @Test
    void compare_matchesSlicesSoEachAreaIsJudgedOnItsOwn() {
        Map<String, String> hebron = Map.of("area", "Hebron");
        Evaluation c = new Evaluation("c", List.of(GateMetric.of("accuracy", 0.95, EVAL),
                GateMetric.of("accuracy", 0.70, EVAL).withSlice(hebron)));
        Evaluation b = new Evaluation("b", List.of(GateMetric.of("accuracy", 0.90, EVAL),
                GateMetric.of("accuracy", 0.80, EVAL).withSlice(hebron)));
        assertThat(MetricGate.parse(List.of("accuracy >= baseline - 0.02")).compare(c, b))
                .isInstanceOf(GateResult.Pass.class);
        GateResult r = MetricGate.parse(List.of("accuracy >= baseline - 0.02",
                "accuracy[area=Hebron] >= baseline - 0.02")).compare(c, b);
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> assertThat(g.failures())
                .extracting(RuleCheck::message)
                .containsExactly("accuracy[area=Hebron] 0.7 < bound 0.78 (baseline 0.8 - 0.02)"));
        GateResult missing = MetricGate.parse(List.of("accuracy[area=Jerusalem] >= baseline")).compare(c, b);
        assertThat(missing).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .contains("accuracy[area=Jerusalem]: candidate c has no such metric (it has accuracy,"
                        + " accuracy[area=Hebron])"));
    }

    @Test
    void compare_failsACandidateWhoseValueIsNaN() {
        GateResult r = GATE.compare(model("c", EVAL, Double.NaN, 0.1, 0.9), model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> assertThat(g.failures())
                .extracting(RuleCheck::message)
                .containsExactly("auc NaN is not a number, bound 0.84 (baseline 0.85 - 0.01)"));
    }

    @Test
    void compare_refusesABaselineWhoseValueIsNaNOrInfinite() {
        GateResult r = GATE.compare(model("c", EVAL, 0.85, 0.1, 0.9),
                model("b", EVAL, Double.NaN, Double.POSITIVE_INFINITY, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("auc: baseline b has NaN on sha256 aaaaaaaaaaaa, so there is no bound to compare with",
                        "mse: baseline b has Infinity on sha256 aaaaaaaaaaaa, so there is no bound to compare with"));
    }

    @Test
    void compare_judgesAnInfiniteCandidateByDirection() {
        GateResult r = GATE.compare(model("c", EVAL, 0.85, Double.POSITIVE_INFINITY, 0.9),
                model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> assertThat(g.failures())
                .extracting(RuleCheck::message).containsExactly("mse Infinity > bound 0.105 (baseline 0.1 * 1.05)"));
    }

    @Test
    void compare_refusesASideThatReportsTwoValuesForTheSameData() {
        Evaluation c = new Evaluation("c", List.of(GateMetric.of("auc", 0.9, EVAL), GateMetric.of("auc", 0.7, EVAL)));
        GateResult r = MetricGate.parse(List.of("auc >= baseline")).compare(c, model("b", EVAL, 0.85, 0.1, 0.9));
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("auc: candidate c reports different values [0.9, 0.7] for the same data (sha256"
                        + " aaaaaaaaaaaa)"));
    }

    @Test
    void compare_checksEveryDatasetBothSidesShare() {
        Evaluation c = new Evaluation("c", List.of(GateMetric.of("auc", 0.9, EVAL), GateMetric.of("auc", 0.5, OTHER),
                GateMetric.of("auc", 0.1, "c".repeat(64))));
        Evaluation b = new Evaluation("b", List.of(GateMetric.of("auc", 0.85, EVAL), GateMetric.of("auc", 0.6, OTHER)));
        GateResult r = MetricGate.parse(List.of("auc >= baseline - 0.01")).compare(c, b);
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> {
            assertThat(g.checks()).extracting(RuleCheck::datasetSha256).containsExactly(EVAL, OTHER);
            assertThat(g.failures()).extracting(RuleCheck::datasetSha256).containsExactly(OTHER);
        });
    }

    @Test
    void compare_readsBundleMetadataResolvingEachMetricsDatasetToItsHash() {
        ModelMetadata baseline = metadata("1.0.0", List.of(dataset("ims-2024", EVAL)), 0.85, "ims-2024");
        ModelMetadata better = metadata("1.1.0", List.of(dataset("ims-2024", EVAL)), 0.86, "ims-2024");
        ModelMetadata worse = metadata("1.2.0", List.of(dataset("ims-2024", EVAL)), 0.80, "ims-2024");
        MetricGate gate = MetricGate.parse(List.of("auc >= baseline - 0.01"));
        assertThat(gate.compare(better, baseline)).isInstanceOf(GateResult.Pass.class);
        GateResult r = gate.compare(worse, baseline);
        assertThat(r).isInstanceOfSatisfying(GateResult.Regression.class, g -> {
            assertThat(g.candidate()).isEqualTo("rain 1.2.0");
            assertThat(g.baseline()).isEqualTo("rain 1.0.0");
            assertThat(g.failures().get(0).message()).isEqualTo("auc 0.8 < bound 0.84 (baseline 0.85 - 0.01)");
            assertThat(g.failures().get(0).split()).hasValue("test");
        });
    }

    @Test
    void compare_refusesBundlesEvaluatedOnDataWithDifferentHashes() {
        ModelMetadata baseline = metadata("1.0.0", List.of(dataset("ims-2024", EVAL)), 0.85, "ims-2024");
        ModelMetadata changed = metadata("1.1.0", List.of(dataset("ims-2024", OTHER)), 0.99, "ims-2024");
        GateResult r = MetricGate.parse(List.of("auc >= baseline")).compare(changed, baseline);
        assertThat(r).isInstanceOfSatisfying(GateResult.NotComparable.class, n -> assertThat(n.reasons())
                .containsExactly("auc: not measured on the same evaluation data: candidate rain 1.1.0 on dataset"
                        + " ims-2024 sha256 bbbbbbbbbbbb, split test; baseline rain 1.0.0 on dataset ims-2024 sha256"
                        + " aaaaaaaaaaaa, split test (metrics compare only on data with the same SHA-256 and split)"));
    }

    @Test
    void compare_refusesBundleMetricsWhoseDatasetHasNoKnownHash() {
        ModelMetadata baseline = metadata("1.0.0", List.of(dataset("ims-2024", EVAL)), 0.85, "ims-2024");
        ModelMetadata unlisted = metadata("1.1.0", List.of(dataset("ims-2024", EVAL)), 0.9, "ims-2025");
        ModelMetadata unhashed = metadata("1.1.0", List.of(new DatasetRef("ims-2024", Optional.empty(),
                Optional.empty())), 0.9, "ims-2024");
        ModelMetadata twice = metadata("1.1.0", List.of(dataset("ims-2024", EVAL), dataset("ims-2024", OTHER)), 0.9,
                "ims-2024");
        MetricGate gate = MetricGate.parse(List.of("auc >= baseline"));
        for (ModelMetadata candidate : List.of(unlisted, unhashed, twice)) {
            assertThat(gate.compare(candidate, baseline)).isInstanceOfSatisfying(GateResult.NotComparable.class,
                    n -> assertThat(n.reasons()).singleElement().asString()
                            .contains("candidate rain 1.1.0 on dataset ims-202").contains(" (no sha256), split test"));
        }
    }

    @Test
    void docsExample_stopsAWorseCandidateAndSaysWhy() {
        ModelMetadata productionMetadata = metadata("1.0.0", List.of(dataset("ims-2024", EVAL)), 0.85, "ims-2024");
        ModelMetadata candidateMetadata = metadata("1.1.0", List.of(dataset("ims-2024", EVAL)), 0.81, "ims-2024");
        // tag::gate[]
        MetricGate gate = MetricGate.parse(List.of("auc >= baseline - 0.01"));
        GateResult result = gate.compare(candidateMetadata, productionMetadata);
        if (result instanceof GateResult.Regression regression) {
            for (RuleCheck failed : regression.failures()) {
                System.err.println(failed.message()); // auc 0.81 < bound 0.84 (baseline 0.85 - 0.01)
            }
        } else if (result instanceof GateResult.NotComparable refused) {
            refused.reasons().forEach(System.err::println); // a metric missing, or other evaluation data
        }
        int exitCode = result.exitCode(); // 0 pass, 1 regression, 2 not comparable
        // end::gate[]
        assertThat(exitCode).isEqualTo(GateResult.EXIT_REGRESSION);
    }

    @Test
    void of_refusesAGateWithoutRules() {
        assertThatThrownBy(() -> MetricGate.of(List.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one rule");
        assertThatThrownBy(() -> MetricGate.parse(List.of("auc >= baseline", "auc >= 0.9")))
                .isInstanceOf(GateRuleException.class).hasMessageStartingWith("gate rule \"auc >= 0.9\"");
    }

    @Test
    void gateMetric_rejectsAHashThatIsNotSha256() {
        assertThatThrownBy(() -> GateMetric.of("auc", 0.9, "abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("datasetSha256 of metric auc is \"abc\"; expected 64 hex digits");
        assertThat(GateMetric.of("auc", 0.9, "A".repeat(64)).datasetSha256()).hasValue(EVAL);
    }

    @Test
    void compare_readsMetricSlicesFromBundleMetadataThroughTheJson() {
        List<DatasetRef> data = List.of(dataset("weather", EVAL));
        Metric hebron = new Metric("auc", 0.7, Optional.of("weather"), Optional.of("test"), Map.of("area", "Hebron"));
        ModelMetadata candidate = dev.mlops.metadata.Metadata.parse(dev.mlops.metadata.Metadata.toJson(
                metadata("1.1.0", data, 0.9, "weather").toBuilder().metric(hebron).build())).metadata();
        ModelMetadata baseline = metadata("1.0.0", data, 0.8, "weather").toBuilder()
                .metric(new Metric("auc", 0.8, Optional.of("weather"), Optional.of("test"), Map.of("area", "Hebron"))).build();
        GateResult r = MetricGate.parse(List.of("auc[area=Hebron] >= baseline - 0.05")).compare(candidate, baseline);
        assertThat(r).isInstanceOf(GateResult.Regression.class);
        assertThat(r.report()).contains("0.7").contains("0.8");
        assertThat(MetricGate.parse(List.of("auc >= baseline")).compare(candidate, baseline))
                .isInstanceOf(GateResult.Pass.class);
    }

    static DatasetRef dataset(String name, String sha) {
        return new DatasetRef(name, Optional.empty(), Optional.of(sha));
    }

    static ModelMetadata metadata(String version, List<DatasetRef> datasets, double auc, String evaluatedOn) {
        return ModelMetadata.builder("rain", version)
                .input(TensorSpec.of("features", DataType.FLOAT32, -1, 2))
                .output(TensorSpec.of("p", DataType.FLOAT32, -1, 1))
                .metric(new Metric("auc", auc, Optional.of(evaluatedOn), Optional.of("test")))
                .provenance(new Provenance(Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.empty(),
                        Optional.empty(), datasets, Optional.empty(), Optional.empty()))
                .build();
    }
}
