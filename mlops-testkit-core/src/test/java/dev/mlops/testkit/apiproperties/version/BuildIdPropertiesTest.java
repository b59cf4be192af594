// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.version;

import dev.mlops.api.version.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.MetadataGen;
import dev.mlops.testkit.gen.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link BuildId#safe}, and format/parse round trips of {@link BuildIdTemplate}, over generated raw CI values. */
class BuildIdPropertiesTest {
    private static final Pattern SAFE_FORM = Pattern.compile("(?!-)(?!.*--)[A-Za-z0-9.-]*(?<!-)");
    private static final Gen<List<String>> RAW_PARTS = Gens.listOf(MetadataGen.buildIdParts(), 5, 5);
    private static final Gen<String> ANY_TEXT = Gens.oneOf(MetadataGen.buildIdParts(), Gens.unicodeStrings(0, 20),
            Gens.strings("-_/ .a", 0, 12));
    private static final String SEPARATOR_CHARS = "_~+/:@#!|,;=^*()[]<>%&$' ?`\\·§→";
    private static final Gen<String> SEPARATORS = Gens.strings(SEPARATOR_CHARS, 1, 3);
    private static final List<String> PLACEHOLDERS = List.of("{name}", "{branch}", "{commit}", "{build}", "{trial}");

    @Test
    void safe_keepsOnlySafeCharactersWithoutEdgeOrDoubledDashes() {
        Property.forAll(ANY_TEXT).tries(500).check(raw -> assertThat(BuildId.safe(raw)).matches(SAFE_FORM));
    }

    @Test
    void safe_isIdempotent() {
        Property.forAll(ANY_TEXT).tries(500).check(raw -> {
            String once = BuildId.safe(raw);
            assertThat(BuildId.safe(once)).isEqualTo(once);
        });
    }

    @Test
    void safe_keepsEveryLetterDigitAndDotInOrder() {
        Property.forAll(ANY_TEXT).tries(500).check(raw -> assertThat(BuildId.safe(raw).replace("-", ""))
                .isEqualTo(raw.replaceAll("[^A-Za-z0-9.]", "")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "PR-203|PR-203", "feature/x|feature-x", "a__b|a-b", "'  spaced  out  '|spaced-out", "héllo|h-llo",
        "--x--|x", "a--b|a-b", "v1.2.3|v1.2.3", "release/1.2|release-1.2", "🎉party🎉|party"})
    void safe_mapsKnownCiValues(String raw, String expected) {
        assertThat(BuildId.safe(raw)).isEqualTo(expected);
    }

    @Test
    void constructor_makesEveryPartSafe() {
        Property.forAll(RAW_PARTS).tries(500).check(p -> {
            BuildId id = new BuildId(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4));
            assertThat(List.of(id.name(), id.branch(), id.commit(), id.build(), id.trial()))
                    .isEqualTo(p.stream().map(BuildId::safe).toList());
        });
    }

    @Test
    void defaultTemplate_parseOfFormatGivesTheSameId() {
        Property.forAll(MetadataGen.buildIds()).tries(500).check(id -> {
            String text = BuildIdTemplate.DEFAULT.format(id);
            assertThat(BuildIdTemplate.DEFAULT.parse(text)).isEqualTo(id);
            assertThat(id.toString()).isEqualTo(text);
        });
    }

    @Test
    void customTemplate_parseOfFormatGivesTheSameId() {
        Gen<List<Object>> cases = Gens.zip(MetadataGen.buildIdTemplates(), MetadataGen.buildIds(), List::of);
        Property.forAll(cases).tries(500).check(c -> {
            BuildIdTemplate template = (BuildIdTemplate) c.get(0);
            BuildId id = (BuildId) c.get(1);
            assertThat(template.parse(template.format(id))).as("%s", template).isEqualTo(id);
        });
    }

    @Test
    void customTemplate_formatFillsThePlaceholdersInTemplateOrder() {
        BuildIdTemplate template = BuildIdTemplate.of("#{trial}/{build}:{commit}+{branch}~{name}!");
        BuildId id = new BuildId("weather", "PR-203", "a1b2c3", "42", "7");

        assertThat(template.format(id)).isEqualTo("#7/42:a1b2c3+PR-203~weather!");
        assertThat(BuildIdTemplate.DEFAULT.format(id)).isEqualTo("weather__PR-203__a1b2c3__42__7");
    }

    @Test
    void parse_rejectsTextThatDoesNotFollowTheTemplate() {
        assertThatThrownBy(() -> BuildIdTemplate.DEFAULT.parse("weather__main__abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'weather__main__abc' does not follow the build id template "
                        + "{name}__{branch}__{commit}__{build}__{trial}");
    }

    @Test
    void constructor_rejectsAPartWithNothingToKeep() {
        assertThatThrownBy(() -> new BuildId("m", "///", "c", "1", "t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build id branch: '///' has no letter, digit, '.' or '-' to keep");
    }

    /** A template's structure, so that tests can break it in one known way. */
    record Layout(String prefix, List<String> placeholders, List<String> separators, String suffix) {
        String text() {
            StringBuilder sb = new StringBuilder(prefix);
            for (int i = 0; i < placeholders.size(); i++) {
                sb.append(i == 0 ? "" : separators.get(i - 1)).append(placeholders.get(i));
            }
            return sb.append(suffix).toString();
        }
    }

    private record Ends(String prefix, String suffix) {
    }

    private record Middle(List<Integer> sortKeys, List<String> separators) {
    }

    private static final Gen<Layout> LAYOUTS = Gens.zip(
            Gens.zip(Gens.oneOf(Gens.constant(""), SEPARATORS), Gens.oneOf(Gens.constant(""), SEPARATORS), Ends::new),
            Gens.zip(Gens.listOf(Gens.ints(0, 1000), 5, 5), Gens.listOf(SEPARATORS, 4, 4), Middle::new),
            (ends, middle) -> {
                List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4));
                order.sort((x, y) -> Integer.compare(middle.sortKeys().get(x), middle.sortKeys().get(y)));
                return new Layout(ends.prefix(), order.stream().map(PLACEHOLDERS::get).toList(),
                        middle.separators(), ends.suffix());
            });

    @Test
    void of_acceptsEveryLayoutOfPlaceholdersAndSeparators() {
        Property.forAll(LAYOUTS).tries(300).check(l -> {
            BuildIdTemplate t = BuildIdTemplate.of(l.text());
            BuildId id = new BuildId("n", "b", "c", "1", "t");
            assertThat(t.parse(t.format(id))).isEqualTo(id);
            assertThat(t.toString()).isEqualTo(l.text());
        });
    }

    @Test
    void of_rejectsAMissingPlaceholderNamingIt() {
        Gen<List<Object>> cases = Gens.zip(LAYOUTS, Gens.ints(0, 4), List::of);
        Property.forAll(cases).tries(300).check(c -> {
            Layout l = (Layout) c.get(0);
            int drop = (Integer) c.get(1);
            List<String> placeholders = new ArrayList<>(l.placeholders());
            String missing = placeholders.remove(drop);
            List<String> separators = new ArrayList<>(l.separators());
            separators.remove(Math.min(drop, separators.size() - 1));
            String text = new Layout(l.prefix(), placeholders, separators, l.suffix()).text();
            assertThatThrownBy(() -> BuildIdTemplate.of(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("build id template '" + text + "': missing [" + missing + "]");
        });
    }

    @Test
    void of_rejectsARepeatedPlaceholder() {
        Gen<List<Object>> cases = Gens.zip(LAYOUTS, Gens.ints(0, 4), List::of);
        Property.forAll(cases).tries(300).check(c -> {
            Layout l = (Layout) c.get(0);
            String twice = PLACEHOLDERS.get((Integer) c.get(1));
            String text = l.prefix() + twice + "_" + new Layout("", l.placeholders(), l.separators(), l.suffix())
                    .text();
            assertThatThrownBy(() -> BuildIdTemplate.of(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("build id template '" + text + "': " + twice + " appears more than once");
        });
    }

    @Test
    void of_rejectsASeparatorHoldingALetterDigitDotOrDash() {
        Gen<List<Object>> cases = Gens.zip(LAYOUTS, Gens.zip(Gens.ints(0, 3), Gens.strings("aZ0.-", 1, 1), List::of),
                List::of);
        Property.forAll(cases).tries(300).check(c -> {
            Layout l = (Layout) c.get(0);
            List<?> change = (List<?>) c.get(1);
            int at = (Integer) change.get(0);
            List<String> separators = new ArrayList<>(l.separators());
            String bad = separators.get(at) + change.get(1);
            separators.set(at, bad);
            String text = new Layout("", l.placeholders(), separators, "").text();
            assertThatThrownBy(() -> BuildIdTemplate.of(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("build id template '" + text + "': separator '" + bad
                            + "' may not contain letters, digits, '.', '-' or braces");
        });
    }

    @Test
    void of_rejectsPlaceholdersWithoutASeparator() {
        Gen<List<Object>> cases = Gens.zip(LAYOUTS, Gens.ints(0, 3), List::of);
        Property.forAll(cases).tries(300).check(c -> {
            Layout l = (Layout) c.get(0);
            List<String> separators = new ArrayList<>(l.separators());
            separators.set((Integer) c.get(1), "");
            String text = new Layout(l.prefix(), l.placeholders(), separators, l.suffix()).text();
            assertThatThrownBy(() -> BuildIdTemplate.of(text)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("build id template '" + text + "': placeholders need a separator between them");
        });
    }

    @Test
    void of_rejectsAnUnknownPlaceholderListingTheKnownOnes() {
        assertThatThrownBy(() -> BuildIdTemplate.of("{name}__{branch}__{sha}__{build}__{trial}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("build id template '{name}__{branch}__{sha}__{build}__{trial}': unknown placeholder {sha} "
                        + "(use {name}, {branch}, {commit}, {build}, {trial})");
    }

    @Test
    void of_rejectsUpperCasePlaceholdersAsBracesInASeparator() {
        assertThatThrownBy(() -> BuildIdTemplate.of("{name}__{Branch}__{commit}__{build}__{trial}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("may not contain letters, digits, '.', '-' or braces");
    }
}
