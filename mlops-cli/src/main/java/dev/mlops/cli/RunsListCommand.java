// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import java.util.List;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mlops runs list [--model NAME]}: the history of one model or of every model, newest first. */
@Command(name = "list", description = {
    "List the runs of one model, or of every model, newest first.",
    "Each run shows its id, start time, task, status, model version, the first 12 hex digits of its configuration's"
        + " SHA-256, its build id and its metrics."},
        exitCodeList = {"0:the runs were listed (none, when the store has no run of the model).",
            "2:the store cannot be opened, or its schema is older (add --migrate) or newer than this mlops's.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsListCommand extends Verb {
    @Mixin
    StoreOptions store;

    @Option(names = "--model", paramLabel = "NAME", description = "Only the runs of this model.")
    @Nullable String model;

    @Override
    int execute() {
        try (RunStore s = store.read()) {
            List<String> all = s.models();
            List<String> models = model != null ? List.of(model) : all;
            if (model != null && !all.contains(model)) {
                err().println("mlops: warning: " + Text.message("the store has no run of model '" + model
                        + "' (models: " + (all.isEmpty() ? "none" : String.join(", ", all)) + ")"));
            }
            if (json) {
                ObjectNode o = report(true, ExitCodes.OK);
                o.put("store", s.url());
                ArrayNode ms = o.putArray("models");
                for (String name : models) {
                    ObjectNode m = ms.addObject().put("name", name);
                    ArrayNode runs = m.putArray("runs");
                    s.history(name).forEach(r -> runs.add(RunViews.json(r, false)));
                }
                Output.print(out(), o);
                return ExitCodes.OK;
            }
            RunViews.Lines p = new RunViews.Lines(out());
            if (models.isEmpty()) {
                p.println("no runs in " + s.url());
            }
            for (String name : models) {
                List<RunRecord> history = s.history(name);
                p.println(name + ": " + history.size() + (history.size() == 1 ? " run" : " runs")
                        + (history.isEmpty() ? "" : ", newest first"));
                for (RunRecord r : history) {
                    p.println("  " + RunViews.summary(r));
                    p.println("      " + RunViews.metrics(r));
                }
            }
        }
        return ExitCodes.OK;
    }
}
