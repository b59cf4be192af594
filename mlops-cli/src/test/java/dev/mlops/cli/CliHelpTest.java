// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Issue 9: every verb's help is complete sentences and lists the verb's own exit codes; a usage error prints the
 * message, a suggestion for a typo and a short usage, not the whole help.
 */
class CliHelpTest {
    static Stream<String> verbs() {
        return new CommandLine(new MlopsCommand()).getSubcommands().keySet().stream();
    }

    static UsageMessageSpec usage(String verb) {
        return new CommandLine(new MlopsCommand()).getSubcommands().get(verb).getCommandSpec().usageMessage();
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void help_describesEveryVerbInCompleteSentences(String verb) {
        String[] description = usage(verb).description();
        assertThat(description).as(verb).isNotEmpty();
        for (String paragraph : description) {
            assertThat(paragraph).as("%s: a paragraph is complete sentences", verb)
                    .matches("[A-Z].*[.)]").doesNotContain("  ");
        }
        assertThat(description[0]).as("%s: the summary the verb list shows is one sentence", verb)
                .doesNotContain(". ");
        Cli top = Cli.run("--help");
        assertThat(top.out().replaceAll("\\s+", " ")).as("the verb list shows the whole summary")
                .contains(verb + " " + description[0]);
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void help_listsTheVerbsOwnExitCodes(String verb) {
        Map<String, String> codes = usage(verb).exitCodeList();
        assertThat(codes).as(verb).containsKeys("0", "64", "70");
        assertThat(codes.values()).as(verb).allMatch(v -> v.endsWith("."));
        if (!verb.equals("schema")) {
            assertThat(codes).as("%s reads a bundle or a file: it can be invalid", verb).containsKey("2");
        }
        assertThat(codes.containsKey("1")).as("only verify and bench run adequacy cases that fail, run runs a task"
                + " that can fail, and gate finds a regression").isEqualTo(Set.of("verify", "bench", "run", "gate")
                .contains(verb));
        Cli r = Cli.run(verb, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\nExit codes:\n").containsPattern("\\n +0 +" + java.util.regex.Pattern.quote(
                codes.get("0"))).containsPattern("\\n +64 +usage error");
    }

    @Test
    void usageError_printsTheMessageAndTheVerbsSynopsis_notTheWholeHelp() {
        Cli r = Cli.run("validate");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).as("%s", r).startsWith("mlops: Missing required parameter: 'BUNDLE'\n")
                .contains("Usage: mlops validate [-hV] [--json]")
                .endsWith("Try 'mlops validate --help' for more information.\n")
                .doesNotContain("Exit codes").doesNotContain("Check a bundle").doesNotContain("--trust=KEY...  ");
        assertThat(r.out()).isEmpty();
        Cli none = Cli.run();
        assertThat(none.code()).isEqualTo(64);
        assertThat(none.err()).as("%s", none).contains("a verb is required").contains("Usage: mlops [-hV] [COMMAND]")
                .endsWith("Try 'mlops --help' for more information.\n").doesNotContain("Exit codes");
    }

    @Test
    void unknownOption_isSuggestedTheNearestOption() {
        Cli r = Cli.run("validate", "--jsn", "bundle");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).as("%s", r).contains("mlops: Unknown option: '--jsn'\n")
                .contains("mlops: did you mean '--json'?\n").contains("Try 'mlops validate --help'");
        Cli provider = Cli.run("verify", "bundle", "--provider=cpu");
        assertThat(provider.err()).as("%s", provider).contains("did you mean '--providers'?");
    }

    @Test
    void mistypedVerb_isNamedAsNoVerbAndSuggestedTheNearest() {
        Cli r = Cli.run("verfy", "bundle");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).as("%s", r).startsWith("mlops: 'verfy' is not a verb (verbs: schema, pack, validate, ")
                .contains("mlops: did you mean 'verify'?\n").endsWith("Try 'mlops --help' for more information.\n");
        assertThat(Cli.run("inpsect").err()).contains("did you mean 'inspect'?");
        assertThat(Cli.run("frobnicate").err()).as("nothing close: no guess").doesNotContain("did you mean");
    }

    @Test
    void suggestions_takeTheNearestNamesWithinAFewEdits() {
        List<String> verbs = List.of("schema", "pack", "validate", "inspect", "verify", "predict", "bench", "keygen");
        assertThat(Suggestions.closest("valdiate", verbs)).containsExactly("validate");
        assertThat(Suggestions.closest("ver", verbs)).containsExactly("verify");
        assertThat(Suggestions.closest("pakc", verbs)).containsExactly("pack");
        assertThat(Suggestions.closest("xyz", verbs)).isEmpty();
        assertThat(Suggestions.closest("-x", List.of("-h", "-V", "--help"))).isEmpty();
        assertThat(Suggestions.distance("verify", "verfiy")).isEqualTo(1);
    }
}
