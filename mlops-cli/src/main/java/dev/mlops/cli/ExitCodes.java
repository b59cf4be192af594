// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.MlopsException;
import dev.mlops.api.SignatureMismatchException;
import dev.mlops.api.Violation;
import java.io.PrintWriter;

/** Exit codes as pinned in ARCHITECTURE.md, and the mapping from exceptions to them. */
final class ExitCodes {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 2;
    static final int USAGE = 64;
    static final int INTERNAL = 70;

    /** The line of every verb's "Exit codes" help list for {@link #USAGE}. */
    static final String USAGE_HELP = "64:usage error: an unknown verb or option, a missing or malformed parameter.";
    /** The line of every verb's "Exit codes" help list for {@link #INTERNAL}. */
    static final String INTERNAL_HELP = "70:internal error: a bug in mlops; the message has the stack trace to report.";

    private ExitCodes() {
    }

    static int of(Throwable t) {
        if (t instanceof AdequacyFailureException) {
            return FAILED;
        }
        if (t instanceof MlopsException) {
            return INVALID;
        }
        if (t instanceof java.io.UncheckedIOException) {
            return INVALID;
        }
        return INTERNAL;
    }

    /** Prints an error as a message on stderr and, with {@code --json}, as a report on stdout. */
    static int report(Throwable t, PrintWriter err, PrintWriter out, boolean json) {
        return report(t, err, out, json, false);
    }

    /**
     * Prints an error as a message on stderr and, with {@code --json}, as a report on stdout.
     *
     * @param compact whether the report is one line (a verb whose output is JSON Lines)
     */
    static int report(Throwable t, PrintWriter err, PrintWriter out, boolean json, boolean compact) {
        int code = of(t);
        if (code == INTERNAL) {
            java.io.StringWriter trace = new java.io.StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            err.println("mlops: internal error: " + Text.message(trace.toString().strip().replace("\t", "    ")));
        } else {
            err.println("mlops: " + Text.message(t.getMessage()));
        }
        if (json) {
            ObjectNode report = Verb.report(false, code);
            ObjectNode error = report.putObject("error");
            error.put("type", t.getClass().getSimpleName());
            error.put("message", String.valueOf(t.getMessage()));
            if (t instanceof InvalidBundleException b) {
                b.file().ifPresent(f -> error.put("file", f));
            }
            if (t instanceof InvalidMetadataException m) {
                var arr = error.putArray("violations");
                for (Violation v : m.violations()) {
                    arr.addObject().put("path", v.path()).put("message", v.message());
                }
            }
            if (t instanceof SignatureMismatchException s) {
                var arr = error.putArray("mismatches");
                s.mismatches().forEach(arr::add);
            }
            if (t instanceof AdequacyFailureException a) {
                var arr = error.putArray("failedCases");
                a.failedCases().forEach(arr::add);
            }
            if (compact) {
                out.println(Output.compact(report));
            } else {
                Output.print(out, report);
            }
        }
        return code;
    }
}
