// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.spec.Constraint;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9: a malformed line of {@code predict --input} is bad input, reported with its line, and the other lines are
 * still served; with {@code --json} every request line gets exactly one JSON object on stdout.
 */
class PredictMalformedRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String X1 = "{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}";

    @TempDir
    Path tmp;

    Path bundle;
    Path requests;

    @BeforeEach
    void setUp() throws IOException {
        bundle = Fixtures.packedBundle(tmp.resolve("enveloped"), TestModels.linear(),
                b -> b.constraint(Constraint.reject("x", -10, 10)));
        requests = tmp.resolve("requests.jsonl");
        Files.write(requests, List.of(
                "{\"id\": \"first\", \"inputs\": " + X1 + "}",
                "{\"id\": \"broken\", \"inputs\": ",                                         // line 2: not JSON
                "{\"x\": {\"dtype\": \"float64\", \"shape\": [1, 1], \"data\": [1]}}",       // line 3: wrong dtype
                "",                                                                           // line 4: blank
                "{\"id\": \"far\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [100]}}}",
                X1));                                                                         // line 6: served
    }

    @Test
    void predict_reportsAMalformedLineAsInvalidInputNamingFileAndLine_andServesTheOthers() {
        Cli r = Cli.run("predict", bundle.toString(), "--input", requests.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).as("%s", r).contains("requests.jsonl: line 2").contains("requests.jsonl: line 3")
                .contains("float64").doesNotContain("InvalidBundleException").doesNotContain("line 1,");
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as("results, and the refusal, on stdout: %s", r).hasSize(3);
        assertThat(lines.get(0).get("id").asText()).isEqualTo("first");
        assertThat(lines.get(0).get("line").asLong()).isEqualTo(1);
        assertThat(lines.get(1).get("id").asText()).isEqualTo("far");
        assertThat(lines.get(1).at("/error/type").asText()).isEqualTo("EnvelopeViolationException");
        assertThat(lines.get(2).get("id").asText()).as("the default id names the file's line").isEqualTo("line 6");
        assertThat(lines.get(2).at("/outputs/y/data").toString()).isEqualTo("[3.0]");
        assertThat(r.err()).contains("3 of 5 requests failed");
    }

    @Test
    void predictJson_writesOneJsonObjectPerRequestLine_malformedOnesIncluded() {
        Cli r = Cli.run("predict", bundle.toString(), "--input", requests.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as("%s", r).hasSize(5);
        assertThat(lines).extracting(l -> l.get("line").asLong()).containsExactly(1L, 2L, 3L, 5L, 6L);
        JsonNode notJson = lines.get(1);
        assertThat(notJson.has("outputs")).isFalse();
        assertThat(notJson.at("/error/type").asText()).isEqualTo("InvalidInputException");
        assertThat(notJson.at("/error/message").asText()).startsWith(requests + ": line 2, column");
        JsonNode wrongType = lines.get(2);
        assertThat(wrongType.at("/error/type").asText()).isEqualTo("InvalidInputException");
        assertThat(wrongType.at("/error/message").asText()).startsWith(requests + ": line 3, column")
                .contains("float64");
        assertThat(lines.get(3).at("/error/type").asText()).isEqualTo("EnvelopeViolationException");
        assertThat(lines.get(4).at("/outputs/y/data").toString()).isEqualTo("[3.0]");
    }

    @Test
    void predictJson_aBundleThatCannotBeOpenedIsOneJsonLineToo() {
        Cli r = Cli.run("predict", tmp.resolve("nope").toString(), "--input", requests.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as("%s", r).hasSize(1);
        assertThat(lines.get(0).get("ok").asBoolean()).isFalse();
        assertThat(lines.get(0).get("exitCode").asInt()).isEqualTo(2);
        assertThat(lines.get(0).at("/error/message").asText()).contains("nope");
    }

    @Test
    void predictJson_aUsageErrorIsOneJsonLine() {
        Cli r = Cli.run("predict", bundle.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(64);
        assertThat(jsonLines(r.out())).as("%s", r).hasSize(1);
    }

    @Test
    void predict_aMissingRequestsFileIsInvalidInputNamingIt() {
        Path missing = tmp.resolve("missing.jsonl");
        Cli r = Cli.run("predict", bundle.toString(), "--input", missing.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as("%s", r).hasSize(1);
        assertThat(lines.get(0).at("/error/type").asText()).isEqualTo("InvalidInputException");
        assertThat(lines.get(0).at("/error/message").asText()).isEqualTo(missing + ": no such file");
    }

    @Test
    void predict_refusesAnIdUsedTwiceNamingTheLineItWasFirstUsedOn() throws IOException {
        Files.write(requests, List.of(
                "{\"id\": \"a\", \"inputs\": " + X1 + "}",
                X1,
                "{\"id\": \"a\", \"inputs\": " + X1 + "}",
                "{\"id\": \"line 2\", \"inputs\": " + X1 + "}",
                "{\"id\": \"line 1\", \"inputs\": " + X1 + "}"));
        Cli r = Cli.run("predict", bundle.toString(), "--input", requests.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        List<JsonNode> lines = jsonLines(r.out());
        assertThat(lines).as("%s", r).hasSize(5);
        assertThat(lines.get(1).get("id").asText()).isEqualTo("line 2");
        assertThat(lines.get(2).at("/error/message").asText())
                .isEqualTo(requests + ": line 3: id: \"a\" is already used on line 1");
        assertThat(lines.get(3).at("/error/message").asText())
                .isEqualTo(requests + ": line 4: id: \"line 2\" is already used on line 2");
        assertThat(lines.get(4).get("id").asText()).as("an explicit id of \"line 1\" is kept").isEqualTo("line 1");
        assertThat(lines.get(4).has("outputs")).isTrue();
    }

    static List<JsonNode> jsonLines(String out) {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : out.lines().toList()) {
            try {
                JsonNode n = JSON.readTree(line);
                assertThat(n.isObject()).as("one JSON object a line: %s", line).isTrue();
                nodes.add(n);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line, e);
            }
        }
        return nodes;
    }
}
