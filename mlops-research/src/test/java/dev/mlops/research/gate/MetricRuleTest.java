// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MetricRuleTest {

    @Test
    void parse_readsAnAllowedAbsoluteRegression() {
        MetricRule r = MetricRule.parse("auc >= baseline - 0.01");
        assertThat(r).isEqualTo(MetricRule.atLeast("auc", Allowance.offset(-0.01)));
        assertThat(r.slice()).isEmpty();
        assertThat(r.bound(0.85)).isEqualTo(0.84);
    }

    @Test
    void parse_readsARelativeAllowanceForALowerIsBetterMetric() {
        MetricRule r = MetricRule.parse("mse <= baseline * 1.05");
        assertThat(r).isEqualTo(MetricRule.atMost("mse", Allowance.factor(1.05)));
        assertThat(r.bound(2.0)).isEqualTo(2.1);
    }

    @Test
    void parse_readsARuleWithoutAllowance() {
        assertThat(MetricRule.parse("accuracy >= baseline"))
                .isEqualTo(MetricRule.atLeast("accuracy", Allowance.none()));
    }

    @Test
    void parse_readsADemandedImprovementAndRulesWithoutSpaces() {
        assertThat(MetricRule.parse("auc>=baseline+0.02")).isEqualTo(MetricRule.atLeast("auc", Allowance.offset(0.02)));
        assertThat(MetricRule.parse("  logloss<=baseline*1  ")).isEqualTo(
                MetricRule.atMost("logloss", Allowance.factor(1)));
        assertThat(MetricRule.parse("top-1@k.5 >= baseline - 1e-3"))
                .isEqualTo(MetricRule.atLeast("top-1@k.5", Allowance.offset(-0.001)));
    }

    @Test
    void parse_readsASlice() {
        MetricRule r = MetricRule.parse("accuracy[area=Hebron, season = winter] >= baseline - 0.02");
        assertThat(r.metric()).isEqualTo("accuracy");
        assertThat(r.slice()).isEqualTo(Map.of("area", "Hebron", "season", "winter"));
        assertThat(r.target()).isEqualTo("accuracy[area=Hebron,season=winter]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auc >= baseline - 0.01", "mse <= baseline * 1.05", "accuracy >= baseline",
        "auc >= baseline + 0.5", "accuracy[area=Beit-Shemesh] <= baseline * 0.25", "f1 >= baseline - 0.0000001"})
    void toString_writesTheTextThatParseReadsBack(String text) {
        MetricRule r = MetricRule.parse(text);
        assertThat(r).hasToString(text);
        assertThat(MetricRule.parse(r.toString())).isEqualTo(r);
    }

    @Test
    void admits_computesBoundsInDecimalSoTheEdgeOfTheAllowanceStillPasses() {
        MetricRule auc = MetricRule.parse("auc >= baseline - 0.01");
        // 0.85 - 0.01 is 0.8400000000000001 in double arithmetic; the bound is exactly 0.84
        assertThat(auc.admits(0.84, 0.85)).isTrue();
        assertThat(auc.admits(0.8399999, 0.85)).isFalse();
        MetricRule mse = MetricRule.parse("mse <= baseline * 1.1");
        // 0.3 * 1.1 is 0.33000000000000007 in double arithmetic
        assertThat(mse.admits(0.33, 0.3)).isTrue();
        assertThat(mse.admits(0.3300001, 0.3)).isFalse();
    }

    @Test
    void admits_neverAcceptsNaNAndAcceptsInfinityOnlyInTheBetterDirection() {
        MetricRule auc = MetricRule.parse("auc >= baseline");
        MetricRule mse = MetricRule.parse("mse <= baseline");
        assertThat(auc.admits(Double.NaN, 0.5)).isFalse();
        assertThat(mse.admits(Double.NaN, 0.5)).isFalse();
        assertThat(auc.admits(Double.POSITIVE_INFINITY, 0.5)).isTrue();
        assertThat(mse.admits(Double.POSITIVE_INFINITY, 0.5)).isFalse();
        assertThat(mse.admits(Double.NEGATIVE_INFINITY, 0.5)).isTrue();
        assertThatThrownBy(() -> auc.admits(0.5, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("baseline is NaN; expected a finite number");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|the rule is empty; expected METRIC >= baseline",
        "'   '|the rule is empty",
        ">= baseline|expected a metric name at column 1, found \">=\"",
        "auc => baseline|expected >= or <= after the metric auc at column 5, found \"=>\"",
        "auc = baseline|expected >= or <= after the metric auc at column 5, found \"=\"",
        "auc|expected >= or <= after the metric auc at column 4, found the end of the rule",
        "auc >= 0.8|expected the word baseline after >= (a rule compares with the baseline; a fixed floor such as"
            + " auc >= 0.8 is not a gate rule) at column 8, found \"0.8\"",
        "auc >= baselines|expected the word baseline after >= ",
        "auc >= baseline / 2|expected - AMOUNT, + AMOUNT, * FACTOR or the end of the rule after baseline at column 17,"
            + " found \"/\"",
        "auc >= baseline -|expected an amount (a number >= 0) after - at column 18, found the end of the rule",
        "auc >= baseline - -0.01|expected an amount (a number >= 0) after - at column 19, found \"-0.01\"",
        "mse <= baseline * 0|column 19: the factor is 0; expected a number above 0",
        "mse <= baseline * x|expected a factor (a number above 0) after * at column 19, found \"x\"",
        "mse <= baseline * 1e999|column 19: the number is too large",
        "auc >= baseline - 0.01 or so|expected the end of the rule at column 24, found \"or\"",
        "auc[area=Hebron >= baseline|column 4: the slice of auc has no closing ]",
        "auc[Hebron] >= baseline|column 5: expected key=value in the slice of auc, found \"Hebron\"",
        "auc[area=Hebron,area=Hebron] >= baseline|the slice of auc names area twice",
        "auc[] >= baseline|column 5: expected key=value in the slice of auc, found \"\""})
    void parse_rejectsMalformedRulesQuotingTheTextAndSayingWhatWasExpected(String text, String problem) {
        assertThatThrownBy(() -> MetricRule.parse(text)).isInstanceOfSatisfying(GateRuleException.class, e -> {
            assertThat(e.rule()).isEqualTo(text);
            assertThat(e.getMessage()).startsWith("gate rule \"" + text + "\": ").contains(problem);
        });
    }

    @Test
    void constructor_rejectsNamesThatTheTextFormCannotHold() {
        assertThatThrownBy(() -> MetricRule.atLeast("mean error", Allowance.none()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metric \"mean error\"");
        assertThatThrownBy(() -> MetricRule.atLeast("auc", Allowance.none()).onSlice(Map.of("area", " Hebron")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("slice value \" Hebron\"");
        assertThatThrownBy(() -> Allowance.factor(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("factor is -1.0; expected a finite number above 0");
        assertThatThrownBy(() -> Allowance.offset(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("amount is NaN; expected a finite number");
    }
}
