// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's application quick start is this code: it compiles, runs, and the README shows it verbatim. */
class ReadmeSnippetsTest {

    @Test
    void applicationQuickStart_compilesRunsAndMatchesTheReadme() throws IOException {
        Path bundle = ExamplePaths.bundles().resolve("weather/1.1.0");
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            // tag::application[]
            try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
                    RuntimeModel model = runtime.open(bundle)) {         // verified, then gated by its adequacy cases
                ModelMetadata meta = model.metadata();
                boolean servesJerusalem = meta.capabilities().has("area", "Jerusalem");
                Map<String, Tensor> y = model.predict(Map.of("features", Tensor.ofFloats(new float[] {20f, 80f}, 1, 2)));
                System.out.println("Jerusalem: " + servesJerusalem + ", rain: " + y.get("rain_probability"));
                if (meta.schemaVersion().isAtLeast("1.1")) {
                    System.out.println("mm: " + y.get("rain_mm"));       // an output that schema 1.1 bundles add
                }
            }
            // end::application[]
        } finally {
            System.setOut(stdout);
        }
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("Jerusalem: true, rain: float32[1, 1] [0.9677")
                .contains("mm: float32[1, 1] [10.0");
        assertThat(normalize(readmeBlock("**Application code.**"))).isEqualTo(normalize(snippet("application")));
    }

    static String snippet(String tag) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("src/test/java/dev/mlops/examples/ReadmeSnippetsTest.java"));
        int from = lines.indexOf("            // tag::" + tag + "[]");
        int to = lines.indexOf("            // end::" + tag + "[]");
        return String.join("\n", lines.subList(from + 1, to));
    }

    static String readmeBlock(String heading) throws IOException {
        List<String> lines = Files.readAllLines(Path.of("../README.md"));
        int at = 0;
        while (!lines.get(at).startsWith(heading)) {
            at++;
        }
        while (!lines.get(at).equals("```java")) { // the first Java block after the heading
            at++;
        }
        List<String> block = new ArrayList<>();
        for (int i = at + 1; !lines.get(i).equals("```"); i++) {
            if (!lines.get(i).startsWith("import ")) { // the imports it shows are checked by docs.MarkdownSnippetsTest
                block.add(lines.get(i));
            }
        }
        assertThat(normalize(String.join("\n", block)).lines().count()).as("README application quick start lines")
                .isLessThanOrEqualTo(10);
        return String.join("\n", block);
    }

    static String normalize(String code) {
        return code.lines().map(l -> l.strip().replaceAll("\\s+", " ")).filter(l -> !l.isEmpty())
                .reduce("", (a, b) -> a + b + "\n");
    }
}
