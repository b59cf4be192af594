// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import static dev.mlops.runtime.selection.SelectionFixtures.candidate;
import static dev.mlops.runtime.selection.SelectionFixtures.model;
import static dev.mlops.runtime.selection.SelectionFixtures.weather;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.MlopsException;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.RuntimeHints;
import dev.mlops.api.version.SchemaVersion;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.selection.Rejection.Criterion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueryTest {
    private static Metric accuracy(String dataset, double value) {
        return new Metric("accuracy", value, Optional.of(dataset), Optional.of("test"));
    }

    /** The seeds' repository: Jerusalem and Beit-Shemesh models, a Hebron model of schema 1.0, two Hebron models. */
    private static final Candidate JERUSALEM = candidate(weather("1.0.0")
            .capability("area", "Jerusalem", "Beit-Shemesh").metric(accuracy("X", 0.95)));
    private static final Candidate HEBRON_OLD_SCHEMA = candidate(weather("1.1.0")
            .schemaVersion(SchemaVersion.parse("1.0")).capability("area", "Hebron").metric(accuracy("X", 0.99)));
    private static final Candidate HEBRON_NO_METRIC = candidate(weather("1.2.0")
            .capability("area", "Jerusalem", "Hebron").metric(accuracy("Y", 0.97)));
    private static final Candidate HEBRON_GOOD = candidate(weather("1.3.0")
            .capability("area", "Jerusalem", "Hebron").metric(accuracy("X", 0.90)));
    private static final Candidate HEBRON_BEST = candidate(weather("1.4.0")
            .capability("area", "Hebron").metric(accuracy("X", 0.93)));
    private static final List<Candidate> SEEDS =
            List.of(JERUSALEM, HEBRON_OLD_SCHEMA, HEBRON_NO_METRIC, HEBRON_GOOD, HEBRON_BEST);

    @Test
    void findBestModel_choosesHebronOfSchema11WithBestAccuracyOnDatasetX() {
        List<Candidate> candidates = SEEDS;
        // tag::find_best_model[]
        Query query = Query.newBuilder()
                .capability("area", "Hebron")
                .schemaAtLeast("1.1")
                .rank(Ranking.maximize("accuracy").onDataset("X"))
                .build();
        Candidate best = query.select(candidates);
        // end::find_best_model[]
        assertThat(best).isSameAs(HEBRON_BEST);
        assertThat(query.rank(candidates)).extracting(Assessment::candidate).containsExactly(HEBRON_BEST, HEBRON_GOOD);
        assertThat(query.rank(candidates)).allSatisfy(a -> assertThat(a.rejections()).isEmpty());
        assertThat(query.rank(candidates).get(0).metric()).contains(accuracy("X", 0.93));
    }

    @Test
    void select_whenNothingMatches_listsEveryCandidateWithItsReason() {
        Query query = Query.newBuilder().capability("area", "Hebron").schemaAtLeast("1.1")
                .rank(Ranking.maximize("accuracy").onDataset("X")).build();
        List<Candidate> candidates = List.of(JERUSALEM, HEBRON_OLD_SCHEMA, HEBRON_NO_METRIC);
        assertThatThrownBy(() -> query.select(candidates))
                .isInstanceOf(NoMatchingModelException.class).isInstanceOf(MlopsException.class)
                .hasMessage("no model satisfies {area contains Hebron, schema >= 1.1, max accuracy on dataset X}"
                        + " among 3 candidates:\n"
                        + "  weather 1.0.0: area is [Jerusalem, Beit-Shemesh], not Hebron\n"
                        + "  weather 1.1.0: schema version is 1.0, not >= 1.1\n"
                        + "  weather 1.2.0: no metric accuracy on dataset X (it has accuracy on dataset Y, split test)")
                .satisfies(e -> {
                    NoMatchingModelException n = (NoMatchingModelException) e;
                    assertThat(n.query()).isEqualTo(query.toString());
                    assertThat(n.assessments()).extracting(a -> a.rejections().get(0).criterion())
                            .containsExactly(Criterion.CAPABILITY, Criterion.SCHEMA_VERSION, Criterion.METRIC);
                });
    }

    @Test
    void select_onAnEmptyList_saysTheRepositoryIsEmpty() {
        Query query = Query.newBuilder().name("weather").build();
        assertThatThrownBy(() -> query.select(List.<Candidate>of()))
                .isInstanceOf(NoMatchingModelException.class)
                .hasMessage("no model satisfies {name weather}: the repository is empty (there is no candidate to"
                        + " choose from)")
                .satisfies(e -> assertThat(((NoMatchingModelException) e).assessments()).isEmpty());
        assertThat(query.rank(List.<Candidate>of())).isEmpty();
    }

    @Test
    void assess_givesEveryReasonOfACandidate_notOnlyTheFirst() {
        Candidate c = candidate(model("rain", "0.9.0").capability("area", "Jerusalem")
                .runtime(new RuntimeHints(List.of("tensorrt"), Optional.of("99.0.0"), OptionalLong.empty())));
        Query query = Query.newBuilder().name("weather").versions(">= 1.0.0 < 2.0.0").capability("area", "Hebron")
                .capability("season", "winter").availableProviders(List.of(ExecutionProvider.CPU))
                .deliveryId(SelectionFixtures.deliveryId("other")).buildId("weather__main__abc__1__1")
                .rank(Ranking.minimize("rmse")).build();
        Assessment<Candidate> a = query.assess(List.of(c)).get(0);
        assertThat(a.accepted()).isFalse();
        assertThat(a.metric()).isEmpty();
        assertThat(a.rejections()).extracting(Rejection::criterion).containsExactly(Criterion.NAME, Criterion.VERSION,
                Criterion.CAPABILITY, Criterion.CAPABILITY, Criterion.SDK, Criterion.PROVIDERS, Criterion.DELIVERY_ID,
                Criterion.BUILD_ID, Criterion.METRIC);
        assertThat(a.rejections()).extracting(Rejection::reason).containsExactly(
                "name is rain, not weather",
                "version 0.9.0 is not in >= 1.0.0 < 2.0.0",
                "area is [Jerusalem], not Hebron",
                "declares no season (wanted winter)",
                "needs SDK 99.0.0 or later, running " + ModelRuntime.sdkVersion(),
                "runs on [tensorrt], none available (available: [cpu])",
                "delivery id is " + c.deliveryId() + ", not " + SelectionFixtures.deliveryId("other"),
                "declares no build id (wanted weather__main__abc__1__1)",
                "no metric rmse");
        assertThat(a.describe()).startsWith("rain 0.9.0: name is rain, not weather; version 0.9.0 is not in");
    }

    @Test
    void capability_withSeveralValuesAndKeys_needsEveryValueOfEveryKey() {
        Candidate both = candidate(weather("1.0.0").capability("area", "Jerusalem", "Hebron")
                .capability("season", "winter", "summer"));
        Candidate one = candidate(weather("1.1.0").capability("area", "Jerusalem").capability("season", "winter"));
        Query query = Query.newBuilder().capability("area", "Jerusalem", "Hebron").capability("season", "winter")
                .build();
        assertThat(query.select(List.of(both, one))).isSameAs(both);
        assertThat(query.assess(List.of(one)).get(0).rejections()).extracting(Rejection::reason)
                .containsExactly("area is [Jerusalem], not Hebron");
        assertThat(Query.newBuilder().capability("area", "Gaza", "Hebron").build().assess(List.of(one)).get(0)
                .rejections()).extracting(Rejection::reason).containsExactly("area is [Jerusalem], not Gaza, Hebron");
    }

    @Test
    void ties_areBrokenByHigherVersion_andWithoutRankingTheHighestVersionWins() {
        Candidate v1 = candidate(weather("1.0.0").metric(accuracy("X", 0.9)));
        Candidate v2 = candidate(weather("1.10.0").metric(accuracy("X", 0.9)));
        Candidate v3 = candidate(weather("1.2.0").metric(accuracy("X", 0.9)));
        Query byAccuracy = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X")).build();
        assertThat(byAccuracy.select(List.of(v1, v2, v3))).isSameAs(v2);
        assertThat(byAccuracy.rank(List.of(v1, v2, v3))).extracting(Assessment::candidate)
                .containsExactly(v2, v3, v1);
        assertThat(Query.newBuilder().build().select(List.of(v3, v1, v2))).isSameAs(v2);
    }

    @Test
    void minimize_prefersTheSmallestValue() {
        Candidate small = candidate(weather("1.0.0").metric(new Metric("rmse", 0.5, Optional.of("X"),
                Optional.empty())));
        Candidate large = candidate(weather("2.0.0").metric(new Metric("rmse", 0.7, Optional.of("X"),
                Optional.empty())));
        assertThat(Query.newBuilder().rank(Ranking.minimize("rmse")).build().select(List.of(large, small)))
                .isSameAs(small);
    }

    @Test
    void rankingOnASlice_readsTheSlicesMetric_notTheWholeDatasets() {
        Candidate wholeBest = candidate(weather("1.0.0").metric(accuracy("X", 0.99))
                .metric(accuracy("X", 0.70).withSlice(Map.of("area", "Hebron"))));
        Candidate hebronBest = candidate(weather("1.1.0").metric(accuracy("X", 0.80))
                .metric(accuracy("X", 0.95).withSlice(Map.of("area", "Hebron"))));
        Candidate noSlice = candidate(weather("1.2.0").metric(accuracy("X", 0.99)));
        List<Candidate> all = List.of(wholeBest, hebronBest, noSlice);
        Query whole = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X")).build();
        Query hebron = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X").onSlice("area", "Hebron"))
                .build();
        assertThat(whole.select(all)).isSameAs(noSlice);
        assertThat(hebron.select(all)).isSameAs(hebronBest);
        assertThat(hebron.assess(all).get(2).rejections()).extracting(Rejection::reason).containsExactly(
                "no metric accuracy on dataset X, slice area = Hebron (it has accuracy on dataset X, split test)");
    }

    @Test
    void metricOnSeveralSplits_isRejectedAsAmbiguous_untilTheSplitIsNamed() {
        Candidate c = candidate(weather("1.0.0").metric(accuracy("X", 0.9))
                .metric(new Metric("accuracy", 0.8, Optional.of("X"), Optional.of("validation"))));
        Query any = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X")).build();
        assertThatThrownBy(() -> any.select(List.of(c))).isInstanceOf(NoMatchingModelException.class)
                .hasMessageContaining("weather 1.0.0: metric accuracy on dataset X is ambiguous: 2 match"
                        + " (accuracy on dataset X, split test = 0.9; accuracy on dataset X, split validation = 0.8);"
                        + " name the dataset and split");
        Query test = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X").onSplit("validation"))
                .build();
        assertThat(test.rank(List.of(c)).get(0).metric().orElseThrow().value()).isEqualTo(0.8);
    }

    @Test
    void metricThatIsNaN_isRejected_notRankedLast() {
        Candidate nan = candidate(weather("2.0.0").metric(accuracy("X", Double.NaN)));
        Candidate fine = candidate(weather("1.0.0").metric(accuracy("X", 0.1)));
        Query q = Query.newBuilder().rank(Ranking.maximize("accuracy").onDataset("X")).build();
        assertThat(q.select(List.of(nan, fine))).isSameAs(fine);
        assertThat(q.assess(List.of(nan)).get(0).rejections()).extracting(Rejection::reason)
                .containsExactly("accuracy on dataset X, split test is NaN");
    }

    @Test
    void versionRange_keepsOnlyVersionsInside() {
        Query q = Query.newBuilder().versions(">= 1.2.0 < 1.4.0").build();
        assertThat(q.select(SEEDS)).isSameAs(HEBRON_GOOD);
        assertThat(q.rank(SEEDS)).extracting(Assessment::candidate).containsExactly(HEBRON_GOOD, HEBRON_NO_METRIC);
        assertThat(q.assess(SEEDS).get(2).describe()).isEqualTo("weather 1.0.0: version 1.0.0 is not in"
                + " >= 1.2.0 < 1.4.0");
    }

    @Test
    void deliveryId_opensExactlyThatBundle() {
        Query q = Query.newBuilder().deliveryId(HEBRON_OLD_SCHEMA.deliveryId()).build();
        assertThat(q.select(SEEDS)).isSameAs(HEBRON_OLD_SCHEMA);
        assertThat(q.rank(SEEDS)).hasSize(1);
        String unknown = SelectionFixtures.deliveryId("nowhere");
        assertThatThrownBy(() -> Query.newBuilder().deliveryId(unknown).build().select(List.of(JERUSALEM)))
                .hasMessageEndingWith("weather 1.0.0: delivery id is " + JERUSALEM.deliveryId() + ", not " + unknown);
    }

    @Test
    void buildId_opensTheModelOfThatBuild() {
        Candidate built = candidate(weather("1.0.0").buildId("weather__main__a1b2c3__42__7"));
        Candidate other = candidate(weather("1.1.0").buildId("weather__main__d4e5f6__43__1"));
        Query q = Query.newBuilder().buildId("weather__main__a1b2c3__42__7").build();
        assertThat(q.select(List.of(other, built))).isSameAs(built);
        assertThat(q.assess(List.of(other)).get(0).rejections()).extracting(Rejection::reason)
                .containsExactly("build id is weather__main__d4e5f6__43__1, not weather__main__a1b2c3__42__7");
    }

    @Test
    void sdk_rejectsAModelNeedingANewerSdkThanTheOneNamed() {
        Candidate needs03 = candidate(weather("1.0.0")
                .runtime(new RuntimeHints(List.of(), Optional.of("0.3.0"), OptionalLong.empty())));
        Candidate garbled = candidate(weather("1.1.0")
                .runtime(new RuntimeHints(List.of(), Optional.of("soon"), OptionalLong.empty())));
        assertThat(Query.newBuilder().runningSdk("0.3.0-SNAPSHOT").build().select(List.of(needs03)))
                .isSameAs(needs03);
        assertThat(Query.newBuilder().runningSdk("0.2.9").build().assess(List.of(needs03, garbled)))
                .extracting(Assessment::describe).containsExactly(
                        "weather 1.0.0: needs SDK 0.3.0 or later, running 0.2.9",
                        "weather 1.1.0: runtime.minSdkVersion 'soon' is not a version (expected MAJOR.MINOR.PATCH,"
                                + " for example 0.2.0)");
        assertThatThrownBy(() -> Query.newBuilder().runningSdk("latest")).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("runningSdk: 'latest' is not a version");
    }

    @Test
    void providers_acceptAModelDeclaringNoneOrOneThatIsAvailable() {
        Candidate none = candidate(weather("1.0.0"));
        Candidate cudaOrCpu = candidate(weather("1.1.0")
                .runtime(new RuntimeHints(List.of("cuda", "cpu"), Optional.empty(), OptionalLong.empty())));
        Candidate cudaOnly = candidate(weather("1.2.0")
                .runtime(new RuntimeHints(List.of("cuda"), Optional.empty(), OptionalLong.empty())));
        Query cpu = Query.newBuilder().availableProviders(Set.of(ExecutionProvider.CPU)).build();
        assertThat(cpu.rank(List.of(none, cudaOrCpu, cudaOnly))).extracting(Assessment::candidate)
                .containsExactly(cudaOrCpu, none);
        Query gpu = Query.newBuilder().availableProviders(Set.of(ExecutionProvider.CUDA, ExecutionProvider.CPU))
                .build();
        assertThat(gpu.select(List.of(none, cudaOrCpu, cudaOnly))).isSameAs(cudaOnly);
    }

    @Test
    void builder_refusesASecondSetOfAnOption_andBlankValues() {
        Query.Builder b = Query.newBuilder().name("weather").capability("area", "Hebron");
        assertThatThrownBy(() -> b.name("rain")).isInstanceOf(IllegalStateException.class)
                .hasMessage("name was already set to weather");
        assertThatThrownBy(() -> b.capability("area", "Gaza")).isInstanceOf(IllegalStateException.class)
                .hasMessage("capability area was already set to [Hebron]");
        assertThatThrownBy(() -> b.capability("season")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capability season: give at least one value");
        assertThatThrownBy(() -> b.buildId(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("buildId: must not be blank");
        assertThatThrownBy(() -> b.schemaAtLeast("1")).isInstanceOf(InvalidQueryException.class)
                .hasMessage("schemaAtLeast: '1' is not a schema version (expected MAJOR.MINOR, e.g. 1.0)");
        assertThatThrownBy(() -> b.availableProviders(List.of())).isInstanceOf(IllegalArgumentException.class);
        Query first = b.build();
        b.schemaAtLeast("1.1");
        assertThat(first.toString()).isEqualTo("{name weather, area contains Hebron}");
        assertThat(b.build().toString()).isEqualTo("{name weather, area contains Hebron, schema >= 1.1}");
        assertThat(Query.newBuilder().build().toString()).isEqualTo("{any model}");
    }

    @Test
    void select_returnsTheCallersOwnCandidateType() {
        record Listed(dev.mlops.api.spec.ModelMetadata metadata, String deliveryId, java.nio.file.Path location,
                String source) implements Candidate {
        }
        Listed a = new Listed(weather("1.0.0").build(), SelectionFixtures.deliveryId("a"), java.nio.file.Path.of("a"),
                "watch");
        Listed b = new Listed(weather("1.1.0").build(), SelectionFixtures.deliveryId("b"), java.nio.file.Path.of("b"),
                "scan");
        Listed chosen = Query.newBuilder().build().select(List.of(a, b));
        assertThat(chosen.source()).isEqualTo("scan");
    }

    @Test
    void candidateOf_refusesABlankDeliveryId() {
        assertThatThrownBy(() -> Candidate.of(weather("1.0.0").build(), " ", java.nio.file.Path.of("m")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deliveryId: must not be blank (candidate weather 1.0.0 at m)");
    }
}
