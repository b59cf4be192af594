// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mlops runs VERB}: the run store's records of train, evaluate and export runs. */
@Command(name = "runs", description = {
    "Read the run store's records of train, evaluate and export runs, or record a bundle's export there.",
    "The store is a SQLite file or a PostgreSQL database, named by --store or the environment variable MLOPS_STORE"
        + " (docs/research/cli.md)."},
        subcommands = {RunsListCommand.class, RunsShowCommand.class, RunsCompareCommand.class,
            RunsBestCommand.class, RunsRecordCommand.class},
        exitCodeList = {"0:the verb succeeded.",
            "2:the store cannot be opened, a run or model is unknown, or a bundle is invalid.",
            ExitCodes.USAGE_HELP, ExitCodes.INTERNAL_HELP})
final class RunsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a verb is required");
    }
}
