// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyPredictTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    Path packed() throws IOException {
        return Fixtures.packedLinear(tmp.resolve("linear"));
    }

    @Test
    void verify_passesAndNamesTheProvider() throws IOException {
        Cli r = Cli.run("verify", packed().toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).startsWith("verified: linear 1.0.0 on cpu, 3 adequacy cases passed");
    }

    @Test
    void verify_exits1WithAReportNamingCaseAndOutputWhenAnExpectedValueIsPerturbed() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("linear"));
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,3.5\n3.5,8\n");
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Cli r = Cli.run("verify", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        assertThat(r.out()).contains("row 2").contains("y").contains("3.5").contains("3.0");
        assertThat(r.err()).contains("1 of 3 adequacy cases failed on cpu");
        JsonNode report = JSON.readTree(Cli.run("verify", dir.toString(), "--json").out());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.get("exitCode").asInt()).isEqualTo(1);
        JsonNode failed = report.get("cases").get(1);
        assertThat(failed.get("id").asText()).isEqualTo("row 2");
        assertThat(failed.at("/outputs/0/output").asText()).isEqualTo("y");
        assertThat(failed.at("/outputs/0/expected").asDouble()).isEqualTo(3.5);
        assertThat(failed.at("/outputs/0/actual").asDouble()).isEqualTo(3.0);
        assertThat(failed.at("/outputs/0/kind").asText()).isEqualTo("numeric");
        assertThat(failed.at("/outputs/0/worstIndex").asLong()).isZero();
        assertThat(failed.at("/outputs/0/worstPosition").toString()).isEqualTo("[0,0]");
        assertThat(failed.at("/outputs/0/absoluteError").asDouble()).isEqualTo(0.5);
        assertThat(failed.at("/outputs/0/relativeError").asDouble()).isEqualTo(0.5 / 3.5);
        assertThat(failed.at("/outputs/0").has("problem")).isFalse();
        assertThat(failed.get("source").asText()).isEqualTo("adequacy_test.csv:3");
    }

    @Test
    void verifyJson_writesAStructuralMismatchAsAProblemWithoutAWorstElement() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("shape"));
        TestModels.linear().write(dir.resolve("model.onnx"));
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(TestModels.linear().metadata("linear", "1.0.0")
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-6, 0), Map.of())).build()));
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of("two rows expected",
                Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f, 3f}, 2, 1)))));
        Bundles.pack(dir);
        Cli r = Cli.run("verify", dir.toString(), "--json");
        assertThat(r.code()).as("%s", r).isEqualTo(1);
        JsonNode y = JSON.readTree(r.out()).at("/cases/0/outputs/0");
        assertThat(y.get("output").asText()).isEqualTo("y");
        assertThat(y.get("passed").asBoolean()).isFalse();
        assertThat(y.get("kind").asText()).isEqualTo("structural");
        assertThat(y.get("problem").asText()).isEqualTo("expected shape [2, 1], got [1, 1]");
        assertThat(y.has("worstIndex")).isFalse();
        assertThat(y.has("expected")).isFalse();
        assertThat(y.get("toleranceAbsolute").asDouble()).isEqualTo(1e-6);
    }

    @Test
    void verify_withRequiredCudaOnACpuMachine_exits2() throws IOException {
        Cli r = Cli.run("verify", packed().toString(), "--providers", "cuda,cpu", "--require-provider");
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("the required execution provider cuda cannot serve");
        Cli fallback = Cli.run("verify", tmp.resolve("linear").toString(), "--providers", "cuda,cpu");
        assertThat(fallback.code()).as("%s", fallback).isZero();
        assertThat(fallback.out()).contains("on cpu");
    }

    @Test
    void inspect_showsTheProviderThatServes() throws IOException {
        Cli r = Cli.run("inspect", packed().toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.out()).contains("provider:     cpu").contains("3 cases in adequacy_test.csv").contains("passed");
    }

    @Test
    void predict_writesOneJsonLinePerRequestAndRefusesWhatIsOutsideTheEnvelope() throws IOException {
        Path dir = Fixtures.packedBundle(tmp.resolve("enveloped"), TestModels.linear(),
                b -> b.constraint(Constraint.reject("x", -10, 10)));
        Path in = tmp.resolve("requests.jsonl");
        Files.write(in, List.of(
                "{\"id\": \"a\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [2, 1], \"data\": [1, 2]}}}",
                "{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3.5]}}",
                "{\"id\": \"far\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [100]}}}"));
        Cli r = Cli.run("predict", dir.toString(), "--input", in.toString());
        assertThat(r.code()).as("a refused request exits 2: %s", r).isEqualTo(2);
        List<String> lines = r.out().lines().toList();
        assertThat(lines).as("%s", r).hasSize(3);
        assertThat(JSON.readTree(lines.get(0)).at("/outputs/y/data").toString()).isEqualTo("[3.0,5.0]");
        assertThat(JSON.readTree(lines.get(1)).get("id").asText()).isEqualTo("line 2");
        assertThat(JSON.readTree(lines.get(1)).at("/outputs/y/data").toString()).isEqualTo("[8.0]");
        JsonNode refused = JSON.readTree(lines.get(2));
        assertThat(refused.get("id").asText()).isEqualTo("far");
        assertThat(refused.has("outputs")).isFalse();
        assertThat(refused.at("/error/type").asText()).isEqualTo("EnvelopeViolationException");
        assertThat(refused.at("/error/message").asText()).contains("x").contains("100");
        assertThat(r.err()).contains("mlops: " + in + ": line 3: far: ");
    }

    @Test
    void predict_exits2NamingLineAndFieldOfABadRequest() throws IOException {
        Path dir = packed();
        Path in = tmp.resolve("requests.jsonl");
        Files.writeString(in, "{\"x\": {\"dtype\": \"float64\", \"shape\": [1, 1], \"data\": [1]}}\n");
        Cli r = Cli.run("predict", dir.toString(), "--input", in.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("requests.jsonl").contains("line 1").contains("float64");
    }
}
