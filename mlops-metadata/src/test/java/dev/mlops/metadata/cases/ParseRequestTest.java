// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidBundleException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link CaseReader#parseRequest}: one line of a requests file, parsed on its own and numbered as in its file. */
class ParseRequestTest {
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Optional<AdequacyCase> parse(String line, long lineNumber) {
        return CaseReader.parseRequest(utf8(line), lineNumber, "requests.jsonl", Models.linear(), CaseLimits.DEFAULT);
    }

    @Test
    void parseRequest_readsAPlainInputsLineNamedAfterItsLineInTheFile() {
        AdequacyCase c = parse("{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [2.0]}}", 7).orElseThrow();
        assertThat(c.id()).isEqualTo("line 7");
        assertThat(c.inputs().get("x").toFloatArray()).containsExactly(2f);
        assertThat(c.expected()).isEmpty();
        assertThat(c.source()).hasValueSatisfying(s -> assertThat(s.line()).isEqualTo(7));
    }

    @Test
    void parseRequest_reportsAMalformedLineWithItsLineNumberInTheFile() {
        assertThatThrownBy(() -> parse("{\"x\": {\"dtype\": \"float64\", \"shape\": [1, 1], \"data\": [2.0]}}", 12))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("requests.jsonl: line 12, column ")
                .hasMessageContaining("float64, but metadata.json declares float32");
        assertThatThrownBy(() -> parse("not json", 3)).isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("requests.jsonl: line 3, column ");
    }

    @Test
    void parseRequest_returnsNothingForABlankLineAndRefusesALineNumberBelowOne() {
        assertThat(parse("   ", 4)).isEmpty();
        assertThatThrownBy(() -> parse("{}", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
