// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** "Did you mean ...?" for a mistyped verb or option: the names a few edits away from what was typed. */
final class Suggestions {
    private Suggestions() {
    }

    /**
     * Suggests what an unmatched argument may have meant: an option of the command when it looks like an option
     * ({@code --jsn}), else one of its verbs ({@code verfy}).
     *
     * @return a sentence such as {@code did you mean 'verify'?}; empty when nothing is close
     */
    static Optional<String> forUnmatched(CommandSpec command, String typed) {
        List<String> names = new ArrayList<>();
        String word = typed;
        if (typed.startsWith("-")) {
            int eq = typed.indexOf('=');
            word = eq > 0 ? typed.substring(0, eq) : typed;
            for (OptionSpec o : command.options()) {
                if (!o.hidden()) {
                    names.addAll(List.of(o.names()));
                }
            }
        } else {
            names.addAll(command.subcommands().keySet());
        }
        if (word.length() > 64) {
            return Optional.empty(); // no name is that long
        }
        List<String> close = closest(word, names);
        if (close.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("did you mean ");
        for (int i = 0; i < close.size(); i++) {
            sb.append(i == 0 ? "" : i == close.size() - 1 ? " or " : ", ").append('\'').append(close.get(i))
                    .append('\'');
        }
        return Optional.of(sb.append('?').toString());
    }

    /**
     * The names nearest to a word, or that it begins: one edit away for a name of 3 to 5 letters, two for 6 to 8,
     * three beyond; of the nearest, all in the order given.
     */
    static List<String> closest(String typed, Collection<String> names) {
        String word = typed.toLowerCase(java.util.Locale.ROOT);
        int best = Integer.MAX_VALUE;
        List<String> found = new ArrayList<>();
        for (String name : names) {
            String n = name.toLowerCase(java.util.Locale.ROOT);
            int d = n.startsWith(word) && word.replace("-", "").length() >= 2 ? 1 : distance(word, n);
            int allowed = Math.min(3, n.replace("-", "").length() / 3);
            if (d > allowed || d > best) {
                continue;
            }
            if (d < best) {
                best = d;
                found.clear();
            }
            found.add(name);
        }
        return found;
    }

    /** Edits from one word to the other: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
