package dev.mlops.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every verb shares: {@code --json}, the output streams, and the exit code contract. */
abstract class Verb implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print a machine-readable JSON report on standard output.")
    boolean json;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Prints each warning on stderr. */
    void warn(java.util.List<String> warnings) {
        warnings.forEach(w -> err().println("mlops: warning: " + w));
    }

    /** Starts a {@code --json} report of a verb that succeeded with the given exit code. */
    static com.fasterxml.jackson.databind.node.ObjectNode report(boolean ok, int exitCode) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Output.object();
        o.put("ok", ok);
        o.put("exitCode", exitCode);
        return o;
    }

    static boolean jsonRequested(CommandLine.ParseResult parsed) {
        CommandLine.ParseResult p = parsed;
        while (p != null) {
            if (p.hasMatchedOption("--json")) {
                return true;
            }
            p = p.subcommand();
        }
        return false;
    }
}
