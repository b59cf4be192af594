// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: text from a bundle (a name, a description, a case id, a request id) is printed escaped, so it cannot
 * move the cursor, erase a line, reorder text or forge a line such as {@code verified: ...} in a CI log; with
 * {@code --json} it is escaped as JSON and a parser reads back the original string.
 */
class ControlCharactersInBundleTextTest {
    static final ObjectMapper JSON = new ObjectMapper();
    /** A newline, an erase-line sequence, a carriage return, C1 NEL, DEL, U+2028 and RIGHT-TO-LEFT OVERRIDE. */
    static final String HOSTILE = "x\nverified: forged 9.9.9 on cpu, 1 adequacy cases passed\u001b[2K\r\u0085\u007f"
            + "\u2028\u202e!";
    /** Any raw control, format (bidi) or separator character but the line feed that ends a line. */
    static final Pattern RAW = Pattern.compile("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}&&[^\\n]]");

    @TempDir
    Path tmp;

    /** The linear model (x in -10..10), a hostile description, a passing case and a failing one with a hostile id. */
    Path hostileDescriptionAndCaseId() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("hostile"));
        TestModels.linear().write(dir.resolve("model.onnx"));
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(
                AdequacyCase.of("ok", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                        Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1))),
                AdequacyCase.of(HOSTILE, Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                        Map.of("y", Tensor.ofFloats(new float[] {4f}, 1, 1)))));
        var meta = TestModels.linear().metadata("linear", "1.0.0").description(HOSTILE)
                .constraint(Constraint.reject("x", -10, 10))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-6, 0), Map.of())).build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        Bundles.pack(dir);
        return dir;
    }

    /** The linear bundle, packed, its metadata naming the model with the hostile string (an invalid name). */
    Path hostileName() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("named"));
        String meta = Files.readString(dir.resolve("metadata.json"));
        String forged = meta.replace("\"name\" : \"linear\"", "\"name\" : " + JSON.writeValueAsString(HOSTILE));
        assertThat(forged).isNotEqualTo(meta);
        Files.writeString(dir.resolve("metadata.json"), forged);
        Bundles.pack(dir);
        return dir;
    }

    static void assertSafe(Cli r) {
        for (String stream : new String[] {r.out(), r.err()}) {
            assertThat(RAW.matcher(stream).find()).as("raw control character in %s", r).isFalse();
            assertThat(stream.lines()).as("%s", r).noneMatch(l -> l.startsWith("verified: forged"));
        }
    }

    static JsonNode json(Cli r) throws IOException {
        assertSafe(r);
        return JSON.readTree(r.out());
    }

    @Test
    void verify_escapesACaseIdInTheFailureReportAndJsonRoundTripsIt() throws IOException {
        Path dir = hostileDescriptionAndCaseId();
        Cli text = Cli.run("verify", dir.toString());
        assertThat(text.code()).as("%s", text).isEqualTo(1);
        assertSafe(text);
        assertThat(text.out()).contains("FAIL \"x\\nverified: forged")
                .contains("\\u001b[2K\\r\\u0085\\u007f\\u2028\\u202e!");
        Cli json = Cli.run("verify", dir.toString(), "--json");
        assertThat(json.code()).as("%s", json).isEqualTo(1);
        JsonNode report = json(json);
        assertThat(report.at("/cases/1/id").asText()).isEqualTo(HOSTILE);
        assertThat(report.at("/metadata/description").asText()).isEqualTo(HOSTILE);
        assertThat(report.at("/error/failedCases/0").isMissingNode() || report.at("/error/failedCases/0").asText()
                .equals(HOSTILE)).isTrue();
    }

    @Test
    void inspectAndValidate_escapeTheDescriptionAndJsonRoundTripsIt() throws IOException {
        Path dir = hostileDescriptionAndCaseId();
        Cli inspect = Cli.run("inspect", dir.toString());
        assertThat(inspect.code()).as("%s", inspect).isZero();
        assertSafe(inspect);
        assertThat(inspect.out()).contains("description:  x\\nverified: forged");
        for (String verb : new String[] {"inspect", "validate"}) {
            Cli json = Cli.run(verb, dir.toString(), "--json");
            assertThat(json.code()).as("%s", json).isZero();
            assertThat(json(json).at("/metadata/description").asText()).isEqualTo(HOSTILE);
        }
        Cli validate = Cli.run("validate", dir.toString());
        assertThat(validate.code()).as("%s", validate).isZero();
        assertSafe(validate);
    }

    @Test
    void predict_escapesRequestIdsInMessagesAndJsonRoundTripsThem() throws IOException {
        Path dir = hostileDescriptionAndCaseId();
        Path in = tmp.resolve("requests.jsonl");
        String id = JSON.writeValueAsString(HOSTILE);
        Files.write(in, List.of(
                "{\"id\": " + id + ", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}}",
                "{\"id\": " + JSON.writeValueAsString(HOSTILE + 2) + ", \"inputs\": {\"x\": {\"dtype\": \"float32\", "
                        + "\"shape\": [1, 1], \"data\": [100]}}}"));
        // The bundle's own gate fails (its hostile case), so predict on it refuses: use one whose cases pass.
        Files.writeString(dir.resolve("adequacy/cases.jsonl"), Files.readAllLines(dir.resolve("adequacy/cases.jsonl"))
                .get(0) + "\n");
        Bundles.pack(dir);
        Cli r = Cli.run("predict", dir.toString(), "--input", in.toString());
        assertSafe(r);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("%s", r).hasSize(2);
        assertThat(JSON.readTree(lines.get(0)).get("id").asText()).isEqualTo(HOSTILE);
        assertThat(JSON.readTree(lines.get(1)).get("id").asText()).isEqualTo(HOSTILE + 2);
        assertThat(JSON.readTree(lines.get(1)).at("/error/type").asText()).isEqualTo("EnvelopeViolationException");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("requests.jsonl: line 2: x\\nverified: forged");
    }

    @Test
    void everyVerb_escapesAnInvalidNameQuotedInTheErrorAndJsonRoundTripsIt() throws IOException {
        Path dir = hostileName();
        for (String verb : new String[] {"validate", "verify", "inspect", "pack"}) {
            Cli text = Cli.run(verb, dir.toString());
            assertThat(text.code()).as("%s", text).isEqualTo(2);
            assertSafe(text);
            // mlops-metadata quotes the name raw: its line breaks stay breaks, but every line is escaped and a
            // continuation line is indented, so none passes for a line of the CLI's own.
            assertThat(text.err()).as("%s", text).contains("name").contains("\\u001b[2K")
                    .contains("\n  verified: forged");
            Cli json = Cli.run(verb, dir.toString(), "--json");
            assertThat(json.code()).as("%s", json).isEqualTo(2);
            String message = json(json).at("/error/message").asText();
            assertThat(message).as("%s", json).contains(HOSTILE.substring(0, 20));
        }
    }

    @Test
    void jsonOutput_escapesEveryUnsafeCharacterAndParsesBackToTheOriginal() throws IOException {
        String all = "a\u0000\u0007\t\n\r\u001b\u007f\u0080\u0085\u009f\u00ad\u200b\u200e\u2028\u2029\u202a\u202e"
                + "\u2066\u2069\ufeff z \u05d0\u05d1 \ud83d\ude00 \\";
        String printed = Output.compact(TextNode.valueOf(all));
        assertThat(RAW.matcher(printed).find()).as(printed).isFalse();
        assertThat(printed).doesNotContain("\n");
        assertThat(JSON.readTree(printed).asText()).isEqualTo(all);
    }
}
