// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestReaderTest {
    static final ModelMetadata META = ModelMetadata.builder("linear", "1.0.0")
            .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
            .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1)).build();

    @TempDir
    Path tmp;

    @Test
    void readRequests_acceptsCasesWithoutExpectedAndPlainInputLines() throws IOException {
        Path f = tmp.resolve("in.jsonl");
        Files.writeString(f, """
                {"id": "a", "inputs": {"x": {"dtype": "float32", "shape": [1, 1], "data": [1.0]}}}
                {"x": {"dtype": "float32", "shape": [2, 1], "data": [2.0, "NaN"]}}
                {"id": "c", "inputs": {"x": {"dtype": "float32", "shape": [1, 1], "data": [3]}},
                 "expected": {"y": {"dtype": "float32", "shape": [1, 1], "data": [7]}}}
                """.replace("}},\n ", "}}, "));
        List<AdequacyCase> requests = CaseReader.readRequests(f, "in.jsonl", META);
        assertThat(requests).extracting(AdequacyCase::id).containsExactly("a", "line 2", "c");
        assertThat(requests.get(1).inputs().get("x")).isEqualTo(Tensor.ofFloats(new float[] {2f, Float.NaN}, 2, 1));
        assertThat(requests.get(0).expected()).isEmpty();
        assertThat(requests.get(2).expected()).containsKey("y");
    }

    @Test
    void readRequests_namesLineColumnAndFieldOfAPlainLine() throws IOException {
        Path f = tmp.resolve("in.jsonl");
        Files.writeString(f, "{\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [\"abc\"]}}\n");
        assertThatThrownBy(() -> CaseReader.readRequests(f, "in.jsonl", META))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("in.jsonl: line 1, column 54: inputs.x.data[0]: \"abc\" is not a float32");
    }

    @Test
    void rawFormCases_skipTheModelSpecChecksAndRoundTripThroughTheWriter() throws IOException {
        Path f = tmp.resolve("cases.jsonl");
        Files.writeString(f, "{\"id\": \"raw\", \"form\": \"raw\", \"inputs\": {\"text\": {\"dtype\": \"string\", "
                + "\"shape\": [1], \"data\": [\"two\"]}}, \"expected\": {\"label\": {\"dtype\": \"string\", "
                + "\"shape\": [1], \"data\": [\"five\"]}}}\n");
        List<AdequacyCase> cases = CaseReader.read(f, "cases.jsonl", META);
        assertThat(cases).singleElement().satisfies(c -> {
            assertThat(c.raw()).isTrue();
            assertThat(c.inputs()).containsKey("text");
        });
        Path again = tmp.resolve("again.jsonl");
        CaseWriter.write(again, cases);
        assertThat(CaseReader.read(again, "again.jsonl", META)).isEqualTo(cases.stream()
                .map(c -> new AdequacyCase(c.id(), c.inputs(), c.expected(), c.tolerance(),
                        java.util.Optional.of(new CaseSource("again.jsonl", 1)), true)).toList());
        Files.writeString(f, "{\"form\": \"cooked\", \"inputs\": {}, \"expected\": {}}\n");
        assertThatThrownBy(() -> CaseReader.read(f, "cases.jsonl", META))
                .hasMessageContaining("form: \"cooked\" is not a case form (\"model\" or \"raw\")");
    }
}
