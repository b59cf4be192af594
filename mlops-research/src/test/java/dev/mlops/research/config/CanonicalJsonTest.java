// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalJsonTest {

    @Test
    void sortsMembersAndDropsWhitespace() {
        assertThat(CanonicalJson.canonicalize("{ \"b\" : 1.0,\n \"a\" : [ 1e2, true, null, \"x\" ] }"))
                .isEqualTo("{\"a\":[100,true,null,\"x\"],\"b\":1}");
    }

    @Test
    void sortsNestedMembersByUtf16CodeUnits() {
        // RFC 8785 3.2.3: "\u20ac" (euro, U+20AC) sorts before "\ud83d\ude00" (emoji, surrogates D83D DE00)
        assertThat(CanonicalJson.canonicalize("{\"z\":{\"\\ud83d\\ude00\":1,\"\\u20ac\":2,\"A\":3}}"))
                .isEqualTo("{\"z\":{\"A\":3,\"\u20ac\":2,\"\ud83d\ude00\":1}}");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0|0", "-0.0|0", "1|1", "1.50|1.5", "-12.25|-12.25", "1e21|1e+21", "1e20|100000000000000000000",
        "0.000001|0.000001", "0.0000001|1e-7", "123456789.125|123456789.125", "1.5e-10|1.5e-10",
        "-2.5e30|-2.5e+30", "0.1|0.1"})
    void writesNumbersAsEcmaScriptDoes(String json, String canonical) {
        assertThat(CanonicalJson.canonicalize(json)).isEqualTo(canonical);
    }

    @Test
    void escapesOnlyQuotesBackslashesAndControlCharacters() {
        assertThat(CanonicalJson.canonicalize("\"a\\\"b\\\\c\\n\\u0001\\u00e9/\""))
                .isEqualTo("\"a\\\"b\\\\c\\n\\u0001\u00e9/\"");
    }

    @Test
    void hashIsStableAcrossKeyOrderAndWhitespaceButNotValues(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("a.json"), "{\"train\":{\"epochs\":20,\"lr\":0.1}}");
        Path b = Files.writeString(dir.resolve("b.json"), "{\n  \"train\": {\n    \"lr\": 1e-1,\n    \"epochs\": 20.0\n  }\n}\n");
        Path c = Files.writeString(dir.resolve("c.json"), "{\"train\":{\"epochs\":21,\"lr\":0.1}}");
        assertThat(CanonicalJson.sha256(a)).isEqualTo(CanonicalJson.sha256(b)).hasSize(64);
        assertThat(CanonicalJson.sha256(c)).isNotEqualTo(CanonicalJson.sha256(a));
    }

    @Test
    void refusesDuplicateMembersAndTrailingText(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{\"a\":1,\"a\":2}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Duplicate field 'a'");
        assertThatThrownBy(() -> CanonicalJson.canonicalize("{} {}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one JSON value");
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"a\":");
        assertThatThrownBy(() -> CanonicalJson.sha256(bad))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad.toString());
    }
}
