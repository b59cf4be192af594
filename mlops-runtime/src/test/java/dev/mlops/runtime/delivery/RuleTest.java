// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Rules are read when the plan is built: unknown metrics and malformed rules never reach traffic. */
class RuleTest {

    @Test
    void parse_readsAbsoluteAndRelativeForms() {
        assertThat(Rule.parse("error_rate <= 0.01")).isEqualTo(
                new Rule(Metric.ERROR_RATE, Rule.Operator.AT_MOST, 0.01, false));
        assertThat(Rule.parse("p99_latency_ms <= stable * 1.2")).isEqualTo(
                new Rule(Metric.P99_LATENCY_MS, Rule.Operator.AT_MOST, 1.2, true));
        assertThat(Rule.parse("  P99_LATENCY_MS<1.5*stable ")).isEqualTo(
                new Rule(Metric.P99_LATENCY_MS, Rule.Operator.BELOW, 1.5, true));
        assertThat(Rule.parse("envelope_rejection_rate <= stable")).isEqualTo(
                new Rule(Metric.ENVELOPE_REJECTION_RATE, Rule.Operator.AT_MOST, 1.0, true));
        assertThat(Rule.parse("shadow_timeout_rate < 0.05").toString()).isEqualTo("shadow_timeout_rate < 0.05");
        assertThat(Rule.parse("p99_latency_ms <= stable * 1.2").threshold(10)).isEqualTo(12.0);
    }

    @Test
    void parse_rejectsAnUnknownMetric_namingItAndListingTheKnownOnes() {
        assertThatThrownBy(() -> Rule.parse("accuracy >= 0.9")).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("unknown metric 'accuracy'")
                .hasMessageContaining("[error_rate, p99_latency_ms, envelope_rejection_rate, shadow_disagreement_rate,"
                        + " shadow_timeout_rate]")
                .satisfies(e -> assertThat(((InvalidRuleException) e).rule()).isEqualTo("accuracy >= 0.9"));
    }

    @Test
    void planBuilder_rejectsAnUnknownMetricAtBuildingTime() {
        assertThatThrownBy(() -> RolloutPlan.shadow().rule("error_rate <= 0.01").rule("p95_latency_ms <= 20"))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("'p95_latency_ms'");
    }

    @Test
    void parse_rejectsMalformedRules_andStableOnACandidateOnlyMetric() {
        assertThatThrownBy(() -> Rule.parse("error_rate == 0")).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("expected <metric> <op>");
        assertThatThrownBy(() -> Rule.parse("error_rate <= lots")).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("'lots' is not a number");
        assertThatThrownBy(() -> Rule.parse("shadow_disagreement_rate <= stable * 2"))
                .isInstanceOf(InvalidRuleException.class).hasMessageContaining("candidate only");
        assertThatThrownBy(() -> Rule.parse("error_rate <= NaN")).isInstanceOf(InvalidRuleException.class)
                .hasMessageContaining("finite");
    }

    @Test
    void planBuilder_checksItsOptions() {
        assertThatThrownBy(() -> RolloutPlan.canary(1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0..1");
        assertThatThrownBy(() -> RolloutPlan.shadow().build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one rule");
        assertThatThrownBy(() -> RolloutPlan.shadow().promoteAfter(2).promoteAfter(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already set");
        assertThatThrownBy(() -> RolloutPlan.shadow().shadowTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        RolloutPlan plan = RolloutPlan.canary(0.25).rule("error_rate <= 0.01").build();
        assertThat(plan.canaryWeight()).hasValue(0.25);
        assertThat(plan.windowCalls()).isEqualTo(100);
        assertThat(plan.minWindowCalls()).isEqualTo(10);
        assertThat(plan.windowDuration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.promoteAfter()).isEqualTo(3);
        assertThat(plan.rollbackAfter()).isEqualTo(2);
        assertThat(RolloutPlan.shadow().rule("error_rate <= 0.01").build().canaryWeight()).isEmpty();
    }
}
