// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.gate;

import dev.mlops.api.spec.ModelMetadata;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stops a model that is worse than its baseline: compares a candidate's metrics with a baseline's by declared
 * {@link MetricRule rules}, on the same evaluation data only.
 *
 * <p>For each rule, the candidate's and the baseline's metrics of that name and slice are paired by the SHA-256 of
 * the data they were measured on and by split; each pair is one {@link RuleCheck}. The gate refuses to compare
 * ({@link GateResult.NotComparable}) when, for any rule, either side lacks the metric, no pair shares its
 * evaluation data (a different hash, or none), one side reports different values for the same data, or the
 * baseline's value is NaN or infinite. Otherwise the result is {@link GateResult.Regression} when a check fails
 * (a candidate's NaN fails), else {@link GateResult.Pass}.
 *
 * <pre>{@code
 * MetricGate gate = MetricGate.parse(List.of("auc >= baseline - 0.01", "mse <= baseline * 1.05"));
 * GateResult result = gate.compare(candidateMetadata, productionMetadata);
 * System.exit(result.exitCode());   // 0 pass, 1 regression, 2 not comparable
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class MetricGate {
    private final List<MetricRule> rules;

    private MetricGate(List<MetricRule> rules) {
        this.rules = rules;
    }

    /**
     * Creates a gate from rules.
     *
     * @param rules the rules, at least one
     * @return the gate
     * @throws IllegalArgumentException when there is no rule
     */
    public static MetricGate of(List<MetricRule> rules) {
        List<MetricRule> copy = List.copyOf(rules);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a gate needs at least one rule, for example auc >= baseline - 0.01");
        }
        return new MetricGate(copy);
    }

    /**
     * Creates a gate from rules in their text form ({@link MetricRule#parse(String)}).
     *
     * @param rules the rules' texts, at least one
     * @return the gate
     * @throws GateRuleException for the first text that is not a rule, quoting it
     * @throws IllegalArgumentException when there is no rule
     */
    public static MetricGate parse(List<String> rules) {
        return of(rules.stream().map(MetricRule::parse).toList());
    }

    /**
     * Returns the rules.
     *
     * @return the rules, in their order
     */
    public List<MetricRule> rules() {
        return rules;
    }

    /**
     * Compares two bundles' metrics ({@link Evaluation#of(ModelMetadata)}).
     *
     * @param candidate the candidate's metadata
     * @param baseline the baseline's metadata
     * @return the result
     */
    public GateResult compare(ModelMetadata candidate, ModelMetadata baseline) {
        return compare(Evaluation.of(candidate), Evaluation.of(baseline));
    }

    /**
     * Compares a candidate with a baseline.
     *
     * @param candidate the candidate's metrics
     * @param baseline the baseline's metrics
     * @return the result: pass, regression or not comparable
     */
    public GateResult compare(Evaluation candidate, Evaluation baseline) {
        Objects.requireNonNull(candidate, "candidate");
        Objects.requireNonNull(baseline, "baseline");
        List<String> reasons = new ArrayList<>();
        List<RuleCheck> checks = new ArrayList<>();
        for (MetricRule rule : rules) {
            check(rule, candidate, baseline, checks, reasons);
        }
        if (!reasons.isEmpty()) {
            return new GateResult.NotComparable(candidate.label(), baseline.label(), reasons);
        }
        if (checks.stream().allMatch(RuleCheck::passed)) {
            return new GateResult.Pass(candidate.label(), baseline.label(), checks);
        }
        return new GateResult.Regression(candidate.label(), baseline.label(), checks);
    }

    private static void check(MetricRule rule, Evaluation candidate, Evaluation baseline, List<RuleCheck> checks,
            List<String> reasons) {
        List<GateMetric> cs = matching(rule, candidate);
        List<GateMetric> bs = matching(rule, baseline);
        if (cs.isEmpty()) {
            reasons.add(rule.target() + ": candidate " + candidate.label() + " has no such metric"
                    + available(candidate));
        }
        if (bs.isEmpty()) {
            reasons.add(rule.target() + ": baseline " + baseline.label() + " has no such metric"
                    + available(baseline));
        }
        if (cs.isEmpty() || bs.isEmpty()) {
            return;
        }
        Map<DataKey, Set<Double>> candidateValues = byData(cs);
        Map<DataKey, Set<Double>> baselineValues = byData(bs);
        if (candidateValues.keySet().stream().noneMatch(baselineValues::containsKey)) {
            reasons.add(rule.target() + ": not measured on the same evaluation data: candidate " + candidate.label()
                    + " on " + sources(cs) + "; baseline " + baseline.label() + " on " + sources(bs)
                    + " (metrics compare only on data with the same SHA-256 and split)");
            return;
        }
        for (Map.Entry<DataKey, Set<Double>> shared : candidateValues.entrySet()) {
            DataKey key = shared.getKey();
            Set<Double> c = shared.getValue();
            Set<Double> b = baselineValues.get(key);
            if (b == null) {
                continue;
            }
            if (c.size() > 1 || b.size() > 1) {
                String twice = c.size() > 1 ? "candidate " + candidate.label() : "baseline " + baseline.label();
                reasons.add(rule.target() + ": " + twice
                        + " reports different values " + (c.size() > 1 ? c : b) + " for the same data ("
                        + key.describe() + ")");
                continue;
            }
            double cv = c.iterator().next();
            double bv = b.iterator().next();
            if (!Double.isFinite(bv)) {
                reasons.add(rule.target() + ": baseline " + baseline.label() + " has " + Numbers.show(bv)
                        + " on " + key.describe() + ", so there is no bound to compare with");
                continue;
            }
            Verdict verdict = rule.admits(cv, bv) ? Verdict.PASS : Verdict.REGRESSION;
            checks.add(new RuleCheck(rule, key.sha256(), key.split(), cv, bv, rule.bound(bv), verdict));
        }
    }

    private static List<GateMetric> matching(MetricRule rule, Evaluation e) {
        return e.metrics().stream().filter(m -> m.name().equals(rule.metric()) && m.slice().equals(rule.slice()))
                .toList();
    }

    /** The values measured on each dataset hash and split; metrics without a hash are left out. */
    private static Map<DataKey, Set<Double>> byData(List<GateMetric> metrics) {
        Map<DataKey, Set<Double>> out = new LinkedHashMap<>();
        for (GateMetric m : metrics) {
            m.datasetSha256().ifPresent(sha -> out.computeIfAbsent(new DataKey(sha, m.split()),
                    k -> new LinkedHashSet<>()).add(m.value()));
        }
        return out;
    }

    private static String sources(List<GateMetric> metrics) {
        return metrics.stream().map(GateMetric::source).distinct().collect(Collectors.joining(" and "));
    }

    private static String available(Evaluation e) {
        Set<String> names = new TreeSet<>();
        for (GateMetric m : e.metrics()) {
            names.add(MetricRule.target(m.name(), m.slice()));
        }
        return names.isEmpty() ? " (it has no metrics)" : " (it has " + String.join(", ", names) + ")";
    }

    /** Evaluation data: the dataset's hash and the split. */
    private record DataKey(String sha256, Optional<String> split) {
        String describe() {
            return "sha256 " + sha256.substring(0, 12) + split.map(s -> ", split " + s).orElse("");
        }
    }

    @Override
    public String toString() {
        return "MetricGate" + rules;
    }
}
