// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code bundles/linear/1.0.1}, the example of {@code docs/cases.md}: the linear model gated by {@code
 * adequacy/cases.jsonl}, whose four cases all run and pass, and which the page shows line for line.
 */
class JsonlCasesBundleTest {
    static final Path BUNDLE = ExamplePaths.bundles().resolve("linear/1.0.1");

    @Test
    void everyJsonlCase_runsAndPasses() {
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build()) {
            AdequacyReport report = runtime.verify(BUNDLE).adequacy();
            assertThat(report.passed()).as("%s", report).isTrue();
            assertThat(report.cases()).hasSize(4);
        }
    }

    @Test
    void shippedModel_isTheOneBuiltInCode() throws IOException {
        assertThat(Files.readAllBytes(BUNDLE.resolve("model.onnx"))).isEqualTo(TestModels.linear().bytes());
    }

    @Test
    void docsCasesPage_showsTheBundlesCaseFileVerbatim() throws IOException {
        List<String> cases = Files.readAllLines(BUNDLE.resolve("adequacy/cases.jsonl"), StandardCharsets.UTF_8);
        String page = Files.readString(Path.of("../docs/cases.md"), StandardCharsets.UTF_8);
        int from = page.indexOf("```jsonl\n") + "```jsonl\n".length();
        assertThat(from).as("a ```jsonl block in docs/cases.md").isGreaterThan("```jsonl\n".length() - 1);
        assertThat(page.substring(from, page.indexOf("\n```", from)).lines().toList()).isEqualTo(cases);
    }
}
