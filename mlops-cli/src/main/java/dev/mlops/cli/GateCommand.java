// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.gate.Direction;
import dev.mlops.research.gate.Evaluation;
import dev.mlops.research.gate.GateMetric;
import dev.mlops.research.gate.GateResult;
import dev.mlops.research.gate.MetricGate;
import dev.mlops.research.gate.MetricRule;
import dev.mlops.research.gate.RuleCheck;
import dev.mlops.research.store.MetricDirection;
import dev.mlops.research.store.RunDataset;
import dev.mlops.research.store.RunMetric;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStatus;
import dev.mlops.research.store.RunStore;
import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ValidationReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mlops gate CANDIDATE --baseline ... --rule ...}: stops a model that is worse than its baseline. */
@Command(name = "gate", description = {
    "Compare a candidate bundle's metrics with a baseline's by declared rules, on the same evaluation data only.",
    "The baseline is another bundle (--baseline), a run in the store (--baseline-run), or the best succeeded run of"
        + " a model in the store (--baseline-best) by the first rule's metric on the candidate's dataset and split for"
        + " it, leaving out the candidate's own export run (same delivery id). A rule such as \"auc >= baseline -"
        + " 0.01\" names the metric, the direction in which it is better and the regression it allows"
        + " (docs/research/gate.md). Metrics are compared only where both sides measured them on data with the same"
        + " SHA-256 and split. Both bundles are validated first, as validate does."},
        exitCodeList = {"0:the candidate meets every rule.",
            "1:the candidate regresses: a rule fails (the report names the metric, both values and the allowed bound).",
            "2:the two cannot be compared (a metric missing, other evaluation data), a bundle is invalid, the baseline"
                + " run is unknown, or the store cannot be opened.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class GateCommand extends Verb {
    @Parameters(index = "0", paramLabel = "CANDIDATE", description = "The candidate bundle, a directory or .zip.")
    Path candidate;

    @ArgGroup(exclusive = true, multiplicity = "1")
    @Nullable Baseline baseline;

    /** Exactly one of the three baselines. */
    static final class Baseline {
        @Option(names = "--baseline", paramLabel = "BUNDLE", description = "The baseline bundle (the model in"
                + " production), a directory or .zip.")
        @Nullable Path bundle;

        @Option(names = "--baseline-run", paramLabel = "RUN_ID", description = "A run in the store (--store) as the"
                + " baseline.")
        @Nullable String run;

        @Option(names = "--baseline-best", paramLabel = "MODEL", description = "The best succeeded run of this model in"
                + " the store (--store) as the baseline.")
        @Nullable String best;
    }

    @Option(names = "--rule", required = true, paramLabel = "RULE", converter = RuleConverter.class,
            description = "A rule, such as \"auc >= baseline - 0.01\" or \"mse <= baseline * 1.05\"; repeat for more.")
    List<MetricRule> rules;

    @Mixin
    StoreOptions store;

    @Override
    String subject() {
        return String.valueOf(candidate);
    }

    /** Parses a rule where picocli reads it, so that a malformed rule is a usage error naming the option. */
    static final class RuleConverter implements CommandLine.ITypeConverter<MetricRule> {
        @Override
        public MetricRule convert(String value) {
            try {
                return MetricRule.parse(value);
            } catch (dev.mlops.research.gate.GateRuleException e) {
                throw new CommandLine.TypeConversionException(String.valueOf(e.getMessage()));
            }
        }
    }

    @Override
    int execute() {
        MetricGate gate = MetricGate.of(rules);
        Baseline baseline = java.util.Objects.requireNonNull(this.baseline, "picocli requires one baseline");
        if (baseline.bundle == null && !store.given()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--store=URL' (or"
                    + " set the environment variable " + StoreOptions.ENV + "): --baseline-run and --baseline-best"
                    + " read the run store");
        }
        ValidationReport c = validated(candidate);
        Evaluation cand = Evaluation.of(c.metadata().metadata());
        Evaluation base;
        Optional<RunRecord> baselineRun = Optional.empty();
        Path baselineBundle = baseline.bundle;
        if (baselineBundle != null) {
            base = Evaluation.of(validated(baselineBundle).metadata().metadata());
        } else {
            try (RunStore s = store.read()) {
                RunRecord run = baseline.run != null ? s.get(baseline.run)
                        : best(s, java.util.Objects.requireNonNull(baseline.best), cand, c.deliveryId(), rules.get(0));
                baselineRun = Optional.of(run);
                base = evaluation(run);
            }
        }
        GateResult result = gate.compare(cand, base);
        if (json) {
            ObjectNode o = report(result.exitCode() == GateResult.EXIT_PASS, result.exitCode());
            o.put("result", result instanceof GateResult.Pass ? "pass"
                    : result instanceof GateResult.Regression ? "regression" : "notComparable");
            o.put("candidate", result.candidate());
            o.put("baseline", result.baseline());
            baselineRun.ifPresent(r -> o.put("baselineRunId", r.runId()));
            ArrayNode rs = o.putArray("rules");
            rules.forEach(r -> rs.add(r.toString()));
            ArrayNode checks = o.putArray("checks");
            List<RuleCheck> all = result instanceof GateResult.Pass p ? p.checks()
                    : result instanceof GateResult.Regression r ? r.checks() : List.of();
            for (RuleCheck k : all) {
                ObjectNode n = checks.addObject();
                n.put("metric", k.rule().target());
                n.put("rule", k.rule().toString());
                n.put("datasetSha256", k.datasetSha256());
                k.split().ifPresent(v -> n.put("split", v));
                putNumber(n, "candidate", k.candidate());
                n.put("baseline", k.baseline());
                n.put("bound", k.bound());
                n.put("passed", k.passed());
                n.put("message", k.message());
            }
            ArrayNode reasons = o.putArray("reasons");
            if (result instanceof GateResult.NotComparable nc) {
                nc.reasons().forEach(reasons::add);
            }
            o.put("report", result.report());
            Output.print(out(), o);
        } else {
            out().println(Text.message(result.report()));
        }
        if (result instanceof GateResult.Regression r) {
            r.failures().forEach(f -> err().println("mlops: regression: " + Text.message(f.message())));
        } else if (result instanceof GateResult.NotComparable) {
            err().println("mlops: the gate cannot compare " + Text.escape(result.candidate()) + " with "
                    + Text.escape(result.baseline()) + " (see the report)");
        }
        return result.exitCode();
    }

    private static void putNumber(ObjectNode n, String field, double v) {
        if (Double.isFinite(v)) {
            n.put(field, v);
        } else {
            n.put(field, Double.toString(v)); // JSON has no NaN: the candidate's NaN as text
        }
    }

    private static ValidationReport validated(Path bundle) {
        return reading(bundle, () -> BundleValidation.validate(Args.existing(bundle)));
    }

    /** A run's metrics for the gate: each metric's dataset resolved to its SHA-256 through the run's datasets. */
    static Evaluation evaluation(RunRecord run) {
        Map<String, String> hashes = new HashMap<>();
        for (RunDataset d : run.datasets()) {
            hashes.put(d.name(), d.sha256());
        }
        List<GateMetric> metrics = new ArrayList<>();
        for (RunMetric m : run.metrics()) {
            metrics.add(new GateMetric(m.name(), m.value(), m.dataset(), m.dataset().map(hashes::get), m.split(),
                    m.slice()));
        }
        return new Evaluation(run.modelName() + run.modelVersion().map(v -> " " + v).orElse("") + " (run "
                + run.runId() + ")", metrics);
    }

    /**
     * The best succeeded run of a model by the first rule's metric, on the dataset and split the candidate measured
     * it on, without the candidate's own export run; ties go to the newest.
     */
    private static RunRecord best(RunStore s, String model, Evaluation cand, String candidateDelivery,
            MetricRule rule) {
        GateMetric target = cand.metrics().stream().filter(m -> m.name().equals(rule.metric())
                && m.slice().equals(rule.slice()) && m.dataset().isPresent()).findFirst()
                .orElseThrow(() -> new NoMatchingRunException("--baseline-best " + model + ": the candidate "
                        + cand.label() + " has no metric " + rule.target() + " on a named dataset, so there is no"
                        + " dataset to find the best run by"));
        MetricDirection direction = rule.direction() == Direction.AT_LEAST ? MetricDirection.HIGHER
                : MetricDirection.LOWER;
        RunRecord best = null;
        double bestValue = 0;
        for (RunRecord r : s.history(model)) { // newest first: a later equal value does not replace it
            if (r.status() != RunStatus.SUCCEEDED || r.deliveryId().equals(Optional.of(candidateDelivery))) {
                continue;
            }
            for (RunMetric m : r.metrics()) {
                if (m.name().equals(rule.metric()) && m.slice().equals(rule.slice())
                        && m.dataset().equals(target.dataset()) && m.split().equals(target.split())
                        && (best == null || direction.isBetter(m.value(), bestValue))) {
                    best = r;
                    bestValue = m.value();
                }
            }
        }
        if (best == null) {
            throw new NoMatchingRunException("run store " + s.url() + ": --baseline-best " + model + ": no succeeded"
                    + " run of that model measured " + rule.target() + " on dataset '" + target.dataset().orElseThrow()
                    + "'" + target.split().map(x -> " split '" + x + "'").orElse("") + " (other than the candidate's"
                    + " own export)");
        }
        return best;
    }
}
