// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java example of {@code docs/cases.md} is this test's code, verbatim, and runs (STYLE 14). */
class CasesDocTest {
    private static final Path DOC = Path.of("..", "docs", "cases.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "dev", "mlops", "metadata", "cases",
            "CasesDocTest.java");

    @TempDir
    Path tmp;

    @Test
    void docExample_isThisTestsCodeVerbatim() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String example = doc.substring(doc.indexOf("```java\n") + 8, doc.indexOf("```", doc.indexOf("```java\n") + 8));
        String source = Files.readString(SOURCE, StandardCharsets.UTF_8);
        String begin = "// tag::" + "stream[]\n";
        String end = "        // end::" + "stream[]";
        String tagged = source.substring(source.indexOf(begin) + begin.length(), source.indexOf(end));
        assertThat(tagged.lines().map(l -> l.length() >= 8 ? l.substring(8) : l.strip()).toList())
                .isEqualTo(example.lines().filter(l -> !l.startsWith("import ")).dropWhile(String::isEmpty).toList());
    }

    @Test
    void docExample_runs() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle/adequacy"));
        Files.writeString(dir.resolve("cases.jsonl"), "{\"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], "
                + "\"data\": [1]}}, \"expected\": {\"y\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3]}}}\n");
        Files.writeString(dir.getParent().resolve("model.onnx"), "m");
        Bundles.pack(dir.getParent());
        ModelMetadata metadata = Models.linear().toBuilder()
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", Tolerance.DEFAULT, Map.of())).build();
        try (Bundle bundle = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build()
                .open(dir.getParent())) {
            assertThat(example(bundle, metadata).cases()).isEqualTo(1);
        }
        assertThat(ran).isEqualTo(1);
    }

    private int ran;

    private void run(AdequacyCase c) {
        ran += c.expected().size();
    }

    private CaseSummary example(Bundle bundle, ModelMetadata metadata) {
        // tag::stream[]
        CaseSummary summary = CaseReader.scan(bundle, metadata, CaseLimits.DEFAULT);
        try (CaseStream cases = CaseReader.stream(bundle, metadata, CaseLimits.DEFAULT)) {
            while (cases.hasNext()) {
                run(cases.next()); // your code: run the case on the model
            }
        }
        // end::stream[]
        return summary;
    }
}
