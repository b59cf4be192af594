// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.store.BestRunQuery;
import dev.mlops.research.store.MetricDirection;
import dev.mlops.research.store.MetricKey;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops runs best --model NAME --metric M --dataset D}: the succeeded run with the best value. */
@Command(name = "best", description = {
    "Find a model's succeeded run with the best value of one metric on one dataset.",
    "Higher is better unless --lower-is-better is given; of equal values, the newest run wins. Only whole-dataset"
        + " values count (not values on a slice of the data)."},
        exitCodeList = {"0:the best run was found and shown.",
            "2:no succeeded run of the model measured the metric on the dataset (and split), or the store cannot be"
                + " opened, or its schema is older (add --migrate) or newer than this mlops's.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsBestCommand extends Verb {
    @Mixin
    StoreOptions store;

    @Option(names = "--model", required = true, paramLabel = "NAME", description = "The model.")
    String model;

    @Option(names = "--metric", required = true, paramLabel = "M", description = "The metric's name, such as auc.")
    String metric;

    @Option(names = "--dataset", required = true, paramLabel = "D",
            description = "The dataset the metric was measured on.")
    String dataset;

    @Option(names = "--split", paramLabel = "S", description = "Only values on this split, such as test.")
    @Nullable String split;

    @Option(names = "--lower-is-better", description = "Lower values are better (losses, errors).")
    boolean lowerIsBetter;

    @Override
    int execute() {
        MetricDirection direction = lowerIsBetter ? MetricDirection.LOWER : MetricDirection.HIGHER;
        BestRunQuery query;
        try {
            query = BestRunQuery.of(model, metric, dataset, direction);
            query = split == null ? query : query.withSplit(split);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), String.valueOf(e.getMessage()));
        }
        try (RunStore s = store.read()) {
            Optional<RunRecord> best = s.best(query);
            if (best.isEmpty()) {
                List<String> models = s.models();
                throw new NoMatchingRunException("run store " + s.url() + ": no succeeded run of model '" + model + "' measured "
                        + metric + " on dataset '" + dataset + "'" + (split == null ? "" : " split '" + split + "'")
                        + (models.contains(model) ? "" : "; the store has no run of that model (models: "
                        + (models.isEmpty() ? "none" : String.join(", ", models)) + ")"));
            }
            RunRecord run = best.get();
            MetricKey key = new MetricKey(metric, Optional.of(dataset), Optional.ofNullable(split), Map.of());
            double value = run.metrics().stream().filter(m -> m.name().equals(metric)
                    && m.dataset().equals(Optional.of(dataset)) && m.slice().isEmpty()
                    && (split == null || m.split().equals(Optional.of(split))))
                    .mapToDouble(m -> m.value()).reduce((a, b) -> direction.isBetter(b, a) ? b : a).orElseThrow();
            if (json) {
                ObjectNode o = report(true, ExitCodes.OK);
                o.put("store", s.url());
                RunViews.metric(o.putObject("metric"), key).put("value", value)
                        .put("direction", direction == MetricDirection.HIGHER ? "higher" : "lower");
                o.set("run", RunViews.json(run, false));
                Output.print(out(), o);
            } else {
                RunViews.Lines p = new RunViews.Lines(out());
                p.println("best: " + run.runId() + "  " + metric + " " + RunViews.number(value)
                        + key.label().substring(metric.length()) + " ("
                        + (direction == MetricDirection.HIGHER ? "higher" : "lower") + " is better)");
                p.println("  " + RunViews.summary(run));
                p.println("      " + RunViews.metrics(run));
            }
        }
        return ExitCodes.OK;
    }
}
