// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.store.RunRecord;
import dev.mlops.research.store.RunStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code mlops runs show RUN_ID}: one run, every field, its configuration included. */
@Command(name = "show", description = {
    "Show one run with every field the store holds, its configuration included.",
    "The configuration is printed as the canonical JSON the run recorded, indented; a run that recorded only the"
        + " configuration's hash says so."},
        exitCodeList = {"0:the run was shown.",
            "2:no run has that id, or the store cannot be opened, or its schema is older (add --migrate) or newer"
                + " than this mlops's.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsShowCommand extends Verb {
    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run's id, as runs list shows it.")
    String runId;

    @Override
    int execute() {
        try (RunStore s = store.read()) {
            RunRecord run = s.get(runId);
            if (json) {
                ObjectNode o = report(true, ExitCodes.OK);
                o.put("store", s.url());
                o.set("run", RunViews.json(run, true));
                Output.print(out(), o);
            } else {
                RunViews.describe(out(), run);
            }
        }
        return ExitCodes.OK;
    }
}
