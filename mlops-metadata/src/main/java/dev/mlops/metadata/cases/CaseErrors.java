// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import dev.mlops.api.InvalidBundleException;
import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one case file, up to a cap, and throws them as one exception naming the file. */
final class CaseErrors {
    /** Problems collected before reading stops. */
    static final int CAP = 20;

    private final String file;
    private final int cap;
    private final List<String> problems = new ArrayList<>();

    CaseErrors(String file) {
        this(file, CAP);
    }

    /**
     * Creates a collector that stops after {@code cap} problems: 1 for a stream that fails at the first problem,
     * {@link #CAP} for a reader that lists them.
     */
    CaseErrors(String file, int cap) {
        this.file = file;
        this.cap = cap;
    }

    String file() {
        return file;
    }

    /**
     * Records a problem.
     *
     * @param line the 1-based line
     * @param column where on the line: a 1-based character column ("column 41"), a CSV column name ("column y"),
     *     or empty for the whole line
     * @param field the JSON path of the field, or empty
     * @param message what is wrong
     */
    void add(long line, String column, String field, String message) {
        if (problems.size() >= cap) {
            return;
        }
        problems.add(format(line, column, field, message));
    }

    /**
     * Records a problem that ends reading, such as a limit exceeded, and throws every problem recorded so far.
     *
     * @throws dev.mlops.api.InvalidBundleException always
     */
    void fail(long line, String message) {
        if (problems.size() >= cap) {
            problems.remove(problems.size() - 1);
        }
        problems.add(format(line, "", "", message));
        throwAll(false);
    }

    private static String format(long line, String column, String field, String message) {
        StringBuilder sb = new StringBuilder("line ").append(line);
        if (!column.isEmpty()) {
            sb.append(", column ").append(column);
        }
        sb.append(": ");
        if (!field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }

    void add(long line, int column, String field, String message) {
        add(line, column > 0 ? Integer.toString(column) : "", field, message);
    }

    int count() {
        return problems.size();
    }

    boolean full() {
        return problems.size() >= cap;
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throwAll(full() && cap > 1);
        }
    }

    private void throwAll(boolean stopped) {
        if (problems.size() == 1) {
            throw new InvalidBundleException(file, problems.get(0));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(stopped ? "stopped after " + cap + " problems:" : problems.size() + " problems:");
        for (String p : problems) {
            sb.append("\n  ").append(p);
        }
        throw new InvalidBundleException(file, sb.toString());
    }
}
