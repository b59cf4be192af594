// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The {@code mlops} command: {@code java -jar mlops.jar VERB ...}.
 *
 * <p>Exit codes: 0 success, 1 an adequacy case failed, 2 the bundle or its input is invalid, 64 usage error,
 * 70 an internal error. Results go to standard output, messages to standard error.
 *
 * @since 0.1.0
 */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        // Library logs go through SLF4J (slf4j-simple on stderr), warnings and errors only unless asked otherwise.
        System.setProperty("org.jboss.logging.provider",
                System.getProperty("org.jboss.logging.provider", "slf4j"));
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"));
        System.setProperty("org.slf4j.simpleLogger.logFile",
                System.getProperty("org.slf4j.simpleLogger.logFile", "System.err"));
        OrtNatives.configure(System.getenv()); // before ONNX Runtime starts: leave nothing in java.io.tmpdir
        System.exit(run(args, System.out, System.err));
    }

    /** Whether a command line that failed to parse asks for {@code --json}, before any {@code --}. */
    static boolean jsonAsked(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports a usage error: the message, a suggestion for a mistyped verb or option, the verb's synopsis and where
     * to find its help; not the whole help, which would bury the message.
     *
     * @return {@link ExitCodes#USAGE}
     */
    static int usageError(CommandLine.ParameterException ex, boolean json) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        String message = usageMessage(ex);
        err.println("mlops: " + Text.message(message));
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
            Suggestions.forUnmatched(c.getCommandSpec(), u.getUnmatched().get(0))
                    .ifPresent(s -> err.println("mlops: " + s));
        }
        CommandLine.Help help = c.getHelp();
        err.print(help.synopsisHeading() + help.synopsis(help.synopsisHeadingLength()));
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
        if (json) {
            ObjectNode report = Verb.report(false, ExitCodes.USAGE);
            report.putObject("error").put("type", "UsageError").put("message", message);
            if (Verb.jsonLines(c)) {
                c.getOut().println(Output.compact(report));
            } else {
                Output.print(c.getOut(), report);
            }
        }
        return ExitCodes.USAGE;
    }

    /** The message of a usage error: picocli's, except that a word where a verb belongs is named as such. */
    private static String usageMessage(CommandLine.ParameterException ex) {
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !ex.getCommandLine().getSubcommands().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            return "'" + u.getUnmatched().get(0) + "' is not a verb (verbs: "
                    + String.join(", ", ex.getCommandLine().getSubcommands().keySet()) + ")";
        }
        return String.valueOf(ex.getMessage());
    }

    /**
     * Runs the command in-process.
     *
     * @param args the command line
     * @param out where results go
     * @param err where messages go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        // The output boundary: whatever reaches the streams has no raw control character but line breaks and tabs.
        PrintWriter o = new PrintWriter(new Text.SafeWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8)),
                true);
        PrintWriter e = new PrintWriter(new Text.SafeWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8)),
                true);
        CommandLine cli = new CommandLine(new MlopsCommand());
        cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF)); // no escape sequences
        cli.setOut(o);
        cli.setErr(e);
        cli.setParameterExceptionHandler((ex, a) -> usageError(ex, jsonAsked(a)));
        cli.setExecutionExceptionHandler((ex, c, parsed) -> ExitCodes.report(ex, c.getErr(), c.getOut(),
                Verb.jsonRequested(parsed), Verb.jsonLines(c)));
        int code = cli.execute(args);
        o.flush();
        e.flush();
        return code;
    }
}
