// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** What every verb shares: {@code --json}, the output streams, and the exit code contract. */
abstract class Verb implements Callable<Integer> {
    /** What this verb works on, for messages about a resource it ran out of (the bundle, by default). */
    String subject() {
        return "mlops " + spec.name();
    }

    /**
     * Whether this verb's {@code --json} output is JSON Lines, one compact object a line: then a failure report is one
     * line too.
     */
    boolean jsonLines() {
        return false;
    }

    /** Whether the command a parse ended in writes JSON Lines. */
    static boolean jsonLines(CommandLine command) {
        return command.getCommandSpec().userObject() instanceof Verb v && v.jsonLines();
    }

    /** The verb itself. */
    abstract int execute();

    /**
     * Runs the verb. Running out of heap on what a bundle holds is a resource failure (exit 2, naming the heap to
     * raise), never an internal error, and never "a case failed": picocli lets an {@link Error} escape, and the JVM
     * would then exit 1.
     */
    @Override
    public final Integer call() {
        try {
            return execute();
        } catch (OutOfMemoryError e) {
            throw ResourceLimitException.outOfMemory(subject(), e);
        }
    }

    /**
     * Reads a bundle: a {@link RuntimeException} that the reading code lets escape without a domain type is still a
     * bundle it could not read (exit 2, naming the bundle and the failure), not an internal error.
     */
    static <T> T reading(java.nio.file.Path bundle, java.util.function.Supplier<T> read) {
        try {
            return read.get();
        } catch (dev.mlops.api.MlopsException | CommandLine.ParameterException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new dev.mlops.api.InvalidBundleException(bundle.toString(), "cannot be read: " + e, e);
        }
    }

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
        warnings.forEach(w -> err().println("mlops: warning: " + Text.message(w)));
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
