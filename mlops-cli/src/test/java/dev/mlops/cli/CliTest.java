// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void packThenValidateAndInspect_acceptConformantBundle() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("linear"));
        Path zip = tmp.resolve("out/linear.zip");
        Cli pack = Cli.run("pack", dir.toString(), "--zip", zip.toString());
        assertThat(pack.code()).as("%s", pack).isZero();
        assertThat(pack.out()).startsWith("packed: ").contains("3 files").contains("sha256:");
        assertThat(dir.resolve("manifest.json")).exists();
        for (Path bundle : new Path[] {dir, zip}) {
            Cli validate = Cli.run("validate", bundle.toString());
            assertThat(validate.code()).as("%s", validate).isZero();
            assertThat(validate.out()).startsWith("valid: linear 1.0.0 (sha256:");
        }
        Cli inspect = Cli.run("inspect", zip.toString());
        assertThat(inspect.code()).as("%s", inspect).isZero();
        assertThat(inspect.out()).contains("linear 1.0.0").contains("x: float32[-1, 1]")
                .contains("3 cases in adequacy_test.csv");
    }

    @Test
    void jsonFlag_givesMachineReadableReportsOnStdout() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("linear"));
        JsonNode pack = JSON.readTree(Cli.run("pack", dir.toString(), "--json").out());
        assertThat(pack.get("ok").asBoolean()).isTrue();
        String id = pack.get("deliveryId").asText();
        JsonNode inspect = JSON.readTree(Cli.run("inspect", dir.toString(), "--json").out());
        assertThat(inspect.get("deliveryId").asText()).isEqualTo(id);
        assertThat(inspect.at("/metadata/name").asText()).isEqualTo("linear");
        assertThat(inspect.at("/graph/inputs/0/name").asText()).isEqualTo("x");
        assertThat(inspect.get("adequacyCases").asInt()).isEqualTo(3);
        Files.writeString(dir.resolve("model.onnx"), "tampered");
        Cli broken = Cli.run("validate", dir.toString(), "--json");
        assertThat(broken.code()).isEqualTo(2);
        JsonNode report = JSON.readTree(broken.out());
        assertThat(report.get("ok").asBoolean()).isFalse();
        assertThat(report.at("/error/type").asText()).isEqualTo("IntegrityException");
        assertThat(report.at("/error/file").asText()).isEqualTo("model.onnx");
    }

    @Test
    void validate_exits2NamingAChangedFile() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,4\n3.5,8\n"); // same size, one byte changed
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("adequacy_test.csv").contains("sha256");
    }

    @Test
    void validate_exits2NamingAnUnlistedFile() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Files.writeString(dir.resolve("extra.txt"), "smuggled");
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("extra.txt");
    }

    @Test
    void validate_exits2NamingAMissingFile() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Files.delete(dir.resolve("model.onnx"));
        Cli r = Cli.run("validate", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("model.onnx");
    }

    @Test
    void validate_exits2NamingTheMetadataPathAtFault() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        String meta = Files.readString(dir.resolve("metadata.json"));
        Files.writeString(dir.resolve("metadata.json"), meta.replaceFirst("\"shape\" : \\[ -1, 1 ]",
                "\"shape\" : [ -3, 1 ]"));
        Cli r = Cli.run("pack", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("metadata.json: inputs[0].shape[0]: -3 is not a dimension (use -1 for dynamic)");
        assertThat(dir.resolve("manifest.json")).as("nothing written for an invalid bundle").doesNotExist();
        Bundles.pack(dir);
        Cli validate = Cli.run("validate", dir.toString());
        assertThat(validate.code()).as("%s", validate).isEqualTo(2);
        assertThat(validate.err()).contains("metadata.json: inputs[0].shape[0]: -3 is not a dimension");
    }

    @Test
    void validate_exits2NamingTheTensorWhoseSignatureDiffers() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        String meta = Files.readString(dir.resolve("metadata.json"));
        Files.writeString(dir.resolve("metadata.json"), meta.replace("\"dtype\" : \"float32\"",
                "\"dtype\" : \"float64\""));
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n");
        Cli r = Cli.run("pack", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("model.onnx: graph does not match metadata")
                .contains("input 'x': declared dtype float64, graph has float32");
        Bundles.pack(dir);
        Cli validate = Cli.run("validate", dir.toString());
        assertThat(validate.code()).as("%s", validate).isEqualTo(2);
        assertThat(validate.err()).contains("input 'x': declared dtype float64, graph has float32");
    }

    @Test
    void validate_exits2OnZipWithTraversalEntry() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Path zip = tmp.resolve("evil.zip");
        try (OutputStream os = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(os)) {
            for (String name : new String[] {"metadata.json", "model.onnx", "adequacy_test.csv", "manifest.json"}) {
                z.putNextEntry(new ZipEntry(name));
                z.write(Files.readAllBytes(dir.resolve(name)));
                z.closeEntry();
            }
            z.putNextEntry(new ZipEntry("../../evil.sh"));
            z.write("rm -rf /".getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Cli r = Cli.run("validate", zip.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("../../evil.sh");
        assertThat(tmp.getParent().resolve("evil.sh")).doesNotExist();
    }

    @Test
    void validate_exits2OnMissingAdequacyFile() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        Files.delete(dir.resolve("adequacy_test.csv"));
        Cli r = Cli.run("pack", dir.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("adequacy_test.csv: is missing: metadata.json adequacy.cases names it");
        Bundles.pack(dir);
        Cli validate = Cli.run("validate", dir.toString());
        assertThat(validate.code()).as("%s", validate).isEqualTo(2);
        assertThat(validate.err()).contains("adequacy_test.csv: is missing: metadata.json adequacy.cases names it");
    }

    @Test
    void validate_exits2OnNonexistentPath() {
        Cli r = Cli.run("validate", tmp.resolve("nope").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("nope: no such file or directory");
    }

    @Test
    void usageErrors_exit64() {
        assertThat(Cli.run().code()).isEqualTo(64);
        assertThat(Cli.run("frobnicate").code()).isEqualTo(64);
        Cli missing = Cli.run("validate");
        assertThat(missing.code()).isEqualTo(64);
        assertThat(missing.err()).contains("Missing required parameter");
        Cli provider = Cli.run("verify", "bundle", "--providers", "cpu,gpu");
        assertThat(provider.code()).as("%s", provider).isEqualTo(64);
        assertThat(provider.err()).contains("'gpu' is not an execution provider (expected one of tensorrt, cuda, cpu)");
    }

    @Test
    void usageErrors_withJsonPrintAMachineReadableReportToo() throws Exception {
        for (String[] args : new String[][] {
            {"validate", "--json"},
            {"verify", "bundle", "--providers", "gpu", "--json"},
            {"bench", "bundle", "--iterations", "0", "--json"}}) {
            Cli r = Cli.run(args);
            assertThat(r.code()).as("%s", r).isEqualTo(64);
            var report = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
            assertThat(report.get("ok").asBoolean()).isFalse();
            assertThat(report.get("exitCode").asInt()).isEqualTo(64);
            assertThat(report.at("/error/type").asText()).isEqualTo("UsageError");
            assertThat(r.err()).contains("mlops: " + report.at("/error/message").asText());
        }
        assertThat(Cli.run("validate").out()).isEmpty();
        assertThat(Main.jsonAsked(new String[] {"validate", "--", "--json"})).isFalse();
    }

    @Test
    void help_listsVerbsAndExitCodes() {
        Cli r = Cli.run("--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("schema", "pack", "validate", "inspect", "verify", "predict", "bench", "run",
                        "runs", "gate")
                .containsPattern("\\n +0 +success\\n +1 +an adequacy case, a task \\(run\\) or a gate rule failed\\n"
                        + " +2 +invalid bundle or input\\n"
                        + " +64 +usage error\\n +70 +internal error");
    }

    @Test
    void pack_warnsNamingTheFieldToSetWhenACasesFileIsNotReferenced() throws IOException {
        Path dir = Fixtures.linearBundle(tmp.resolve("b"));
        Files.delete(dir.resolve("adequacy_test.csv"));
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(
                dev.mlops.testkit.models.TestModels.linear().metadata("linear", "1.0.0").build())); // no adequacy
        dev.mlops.metadata.cases.CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(
                dev.mlops.metadata.cases.AdequacyCase.of("one",
                        Map.of("x", dev.mlops.api.tensor.Tensor.ofFloats(new float[] {1f}, 1, 1)),
                        Map.of("y", dev.mlops.api.tensor.Tensor.ofFloats(new float[] {3f}, 1, 1)))));
        Cli r = Cli.run("pack", dir.toString());
        assertThat(r.code()).as("%s", r).isZero();
        assertThat(r.err()).as("%s", r).contains("mlops: warning: adequacy/cases.jsonl")
                .contains("adequacy.cases");
        assertThat(Cli.run("pack", tmp.resolve("b").toString(), "--json").err()).contains("adequacy.cases");
    }
}
