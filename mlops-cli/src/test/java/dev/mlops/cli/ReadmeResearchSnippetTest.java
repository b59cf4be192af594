// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: the README's "Research, Java" snippet is this code; it runs, and {@code mlops verify} accepts the bundle
 * it writes (it used to write cases that its metadata never named, a bundle verify refuses).
 */
class ReadmeResearchSnippetTest {
    @TempDir
    Path tmp;

    /** A case of the shipped weather 1.0.0 model: sigmoid(-0.05 celsius + 0.08 humidity - 2). */
    static AdequacyCase weather(String id, float celsius, float humidity) {
        float p = (float) (1 / (1 + Math.exp(-(-0.05 * celsius + 0.08 * humidity - 2))));
        return AdequacyCase.of(id, Map.of("features", Tensor.ofFloats(new float[] {celsius, humidity}, 1, 2)),
                Map.of("rain_probability", Tensor.ofFloats(new float[] {p}, 1, 1)));
    }

    @Test
    void researchSnippet_writesABundleThatVerifyAcceptsAndTheReadmeShowsItVerbatim() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("weather"));
        Files.copy(Path.of("../examples/bundles/weather/1.0.0/model.onnx"), dir.resolve("model.onnx"));
        List<AdequacyCase> cases = List.of(weather("humid", 20f, 80f), weather("dry", 35f, 10f));
        // tag::research[]
        ModelMetadata meta = ModelMetadata.builder("weather", "1.0.0")
                .input(TensorSpec.of("features", DataType.FLOAT32, -1, 2).withFeatures("celsius", "humidity"))
                .output(TensorSpec.of("rain_probability", DataType.FLOAT32, -1, 1))
                .capability("area", "Jerusalem", "Beit-Shemesh")
                .constraint(Constraint.reject("features", "celsius", -40, 100))
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of()))
                .build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta)); // throws, listing every problem
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), cases);           // inputs with expected outputs
        Bundles.pack(dir);                                                       // manifest.json, atomically
        // end::research[]
        Cli verify = Cli.run("verify", dir.toString());
        assertThat(verify.code()).as("%s", verify).isZero();
        assertThat(verify.out()).startsWith("verified: weather 1.0.0 on cpu, 2 adequacy cases passed");
        assertThat(normalize(readmeBlock("**Research, Java.**"))).isEqualTo(normalize(snippet("research")));
    }

    static String snippet(String tag) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/mlops/cli/ReadmeResearchSnippetTest.java"));
        int from = lines.indexOf("        // tag::" + tag + "[]");
        int to = lines.indexOf("        // end::" + tag + "[]");
        assertThat(from).as("tag %s", tag).isNotNegative();
        return String.join("\n", lines.subList(from + 1, to));
    }

    static String readmeBlock(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../README.md"));
        int at = 0;
        while (!lines.get(at).startsWith(heading)) {
            at++;
        }
        while (!lines.get(at).equals("```java")) {
            at++;
        }
        List<String> block = new ArrayList<>();
        for (int i = at + 1; !lines.get(i).equals("```"); i++) {
            if (!lines.get(i).startsWith("import ")) { // the imports it shows are checked by examples' DocSnippetsTest
                block.add(lines.get(i));
            }
        }
        return String.join("\n", block);
    }

    static String normalize(String code) {
        return code.lines().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
                .reduce("", (a, b) -> a + b + "\n");
    }
}
