// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** The top-level command; every verb is a subcommand. */
@Command(name = "mlops", mixinStandardHelpOptions = true, scope = ScopeType.INHERIT,
        versionProvider = VersionProvider.class,
        description = "Check, pack and inspect model bundles: the language-neutral gate for research CI.",
        subcommands = {SchemaCommand.class, PackCommand.class, ValidateCommand.class, InspectCommand.class,
            VerifyCommand.class, PredictCommand.class, BenchCommand.class, KeygenCommand.class,
            RunCommand.class, RunsCommand.class, GateCommand.class, NewCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:an adequacy case, a task (run) or a gate rule failed",
            "2:invalid bundle or input", "64:usage error", "70:internal error"})
final class MlopsCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a verb is required");
    }
}
