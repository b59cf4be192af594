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
        cli.setParameterExceptionHandler((ex, a) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("mlops: " + Text.message(ex.getMessage()));
            c.usage(c.getErr());
            if (jsonAsked(a)) {
                ObjectNode report = Verb.report(false, ExitCodes.USAGE);
                report.putObject("error").put("type", "UsageError").put("message", ex.getMessage());
                Output.print(c.getOut(), report);
            }
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> ExitCodes.report(ex, c.getErr(), c.getOut(),
                Verb.jsonRequested(parsed)));
        int code = cli.execute(args);
        o.flush();
        e.flush();
        return code;
    }
}
