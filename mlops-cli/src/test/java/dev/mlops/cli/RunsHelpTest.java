// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.UsageMessageSpec;

/** Issue 10: the {@code runs} verbs follow the help and usage conventions of the top-level verbs (CliHelpTest). */
class RunsHelpTest {
    static Stream<String> verbs() {
        return runs().getSubcommands().keySet().stream();
    }

    private static CommandLine runs() {
        return new CommandLine(new MlopsCommand()).getSubcommands().get("runs");
    }

    static UsageMessageSpec usage(String verb) {
        return runs().getSubcommands().get(verb).getCommandSpec().usageMessage();
    }

    @Test
    void runs_hasTheFiveVerbs() {
        assertThat(runs().getSubcommands().keySet()).containsExactly("list", "show", "compare", "best", "record");
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void help_describesEveryRunsVerbInCompleteSentences(String verb) {
        String[] description = usage(verb).description();
        assertThat(description).as(verb).isNotEmpty();
        for (String paragraph : description) {
            assertThat(paragraph).as("%s: a paragraph is complete sentences", verb).matches("[A-Z].*[.)]")
                    .doesNotContain("  ");
        }
        assertThat(description[0]).as("%s: the summary is one sentence", verb).doesNotContain(". ");
        Cli top = Cli.run("runs", "--help");
        assertThat(top.code()).isZero();
        assertThat(top.out().replaceAll("\\s+", " ")).contains(verb + " " + description[0]);
    }

    @ParameterizedTest
    @MethodSource("verbs")
    void help_listsEachRunsVerbsExitCodes_andTheStoreVariable(String verb) {
        Map<String, String> codes = usage(verb).exitCodeList();
        assertThat(codes).as(verb).containsOnlyKeys("0", "2", "64", "70");
        assertThat(codes.values()).allMatch(v -> v.endsWith("."));
        Cli r = Cli.run("runs", verb, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("\nExit codes:\n").contains("--store=URL").contains("--migrate")
                .contains("MLOPS_STORE").contains("--json");
    }

    @Test
    void runsWithoutAVerb_isAUsageError() {
        Cli r = Cli.run("runs");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).startsWith("mlops: a verb is required\n").contains("Usage: mlops runs")
                .endsWith("Try 'mlops runs --help' for more information.\n");
    }

    @Test
    void aMistypedRunsVerb_isSuggestedTheNearest() {
        Cli r = Cli.run("runs", "lst", "--store", "x");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).startsWith("mlops: 'lst' is not a verb (verbs: list, show, compare, best, record)\n")
                .contains("mlops: did you mean 'list'?\n").endsWith("Try 'mlops runs --help' for more information.\n");
        Cli option = Cli.run("runs", "list", "--stor", "x");
        assertThat(option.err()).contains("did you mean '--store'?");
    }

    @Test
    void aMissingRunId_printsTheShortUsage_notTheWholeHelp() {
        Cli r = Cli.run("runs", "show", "--store", "x");
        assertThat(r.code()).isEqualTo(64);
        assertThat(r.err()).startsWith("mlops: Missing required parameter: 'RUN_ID'\n")
                .contains("Usage: mlops runs show").doesNotContain("Exit codes")
                .endsWith("Try 'mlops runs show --help' for more information.\n");
        Cli j = Cli.run("runs", "show", "--json");
        assertThat(Output.parse(j.out()).get("error").get("type").asText()).isEqualTo("UsageError");
    }

    @Test
    void gateHelp_listsItsThreeOutcomes() {
        Map<String, String> codes = new CommandLine(new MlopsCommand()).getSubcommands().get("gate").getCommandSpec()
                .usageMessage().exitCodeList();
        assertThat(codes).containsOnlyKeys("0", "1", "2", "64", "70");
        assertThat(codes.get("1")).contains("regresses");
        assertThat(codes.get("2")).contains("cannot be compared");
        Cli r = Cli.run("gate", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--baseline=BUNDLE").contains("--baseline-run=RUN_ID")
                .contains("--baseline-best=MODEL").contains("--rule=RULE");
    }
}
