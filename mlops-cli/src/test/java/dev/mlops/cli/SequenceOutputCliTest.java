// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A classifier as scikit-learn's converter writes it (a ZipMap of probabilities) through pack, verify, inspect, predict. */
class SequenceOutputCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestModel ZIPMAP = TestModels.zipMapClassifier();

    @TempDir
    Path tmp;

    /** An unpacked bundle whose case expects the reference outputs, probabilities changed by {@code offset}. */
    private Path bundle(String name, float offset) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        ZIPMAP.write(dir.resolve("model.onnx"));
        Map<String, Tensor> in = ZIPMAP.sampleInputs();
        String line = CaseWriter.toJsonLine(AdequacyCase.of("irises", in, ZIPMAP.referenceValues(in)));
        if (offset != 0) { // the first row's probability of class 0 written off by offset
            JsonNode c = JSON.readTree(line);
            double p = c.at("/expected/output_probability/0/0").asDouble();
            ((com.fasterxml.jackson.databind.node.ObjectNode) c.at("/expected/output_probability/0")).put("0", p + offset);
            line = JSON.writeValueAsString(c);
        }
        Files.createDirectories(dir.resolve("adequacy"));
        Files.writeString(dir.resolve("adequacy/cases.jsonl"), line + "\n");
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(ZIPMAP.metadata("iris", "1.0.0")
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build()));
        return dir;
    }

    @Test
    void packVerifyInspectAndPredict_serveTheZipMapAsJson() throws IOException {
        Path dir = bundle("iris", 0);
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Cli verify = Cli.run("verify", dir.toString());
        assertThat(verify.code()).as("%s", verify).isZero();

        Cli inspect = Cli.run("inspect", dir.toString());
        assertThat(inspect.out()).contains("output_probability: sequence<map<int64,float32>>")
                .contains("output_label: int64[-1]");

        Path requests = tmp.resolve("requests.jsonl");
        Files.write(requests, List.of("{\"float_input\": {\"dtype\": \"float32\", \"shape\": [1, 4], \"data\": [6.5, 3.0,"
                + " 6.0, 2.1]}}"));
        Cli predict = Cli.run("predict", dir.toString(), "--input", requests.toString());
        assertThat(predict.code()).as("%s", predict).isZero();
        JsonNode out = JSON.readTree(predict.out().lines().findFirst().orElseThrow()).get("outputs");
        assertThat(out.at("/output_label/data").toString()).isEqualTo("[2]");
        JsonNode row = out.get("output_probability").get(0);
        assertThat(row.isObject()).isTrue();
        assertThat(row.fieldNames()).toIterable().containsExactly("0", "1", "2");
        assertThat(row.get("2").asDouble()).isGreaterThan(row.get("0").asDouble());
        assertThat(row.get("0").asDouble() + row.get("1").asDouble() + row.get("2").asDouble())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
    }

    @Test
    void verify_exits1NamingThePathOfAWrongProbabilityInTextAndJson() throws IOException {
        Path dir = bundle("off", 0.125f);
        assertThat(Cli.run("pack", dir.toString()).code()).isZero();
        Cli text = Cli.run("verify", dir.toString());
        assertThat(text.code()).as("%s", text).isEqualTo(1);
        assertThat(text.out() + text.err()).contains("output 'output_probability' at [0][\"0\"]: expected ");
        Cli json = Cli.run("verify", dir.toString(), "--json");
        assertThat(json.code()).isEqualTo(1);
        JsonNode output = JSON.readTree(json.out()).findValues("outputs").stream().flatMap(n -> {
            List<JsonNode> all = new java.util.ArrayList<>();
            n.forEach(all::add);
            return all.stream();
        }).filter(o -> o.path("output").asText().equals("output_probability")).findFirst().orElseThrow();
        assertThat(output.get("kind").asText()).isEqualTo("composite");
        assertThat(output.get("type").asText()).isEqualTo("sequence<map<int64,float32>>");
        assertThat(output.get("path").asText()).isEqualTo("[0][\"0\"]");
        assertThat(output.get("problem").asText()).contains("absolute error 0.125");
    }
}
