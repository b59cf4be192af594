// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.api.tensor.ValueMap;
import dev.mlops.api.tensor.ValueSequence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected sequence and map outputs (scikit-learn's ZipMap) in case files: written as JSON, read by declared type. */
class SequenceAndMapCasesTest {
    private static final String FILE = "adequacy/cases.jsonl";
    private static final String X = "{\"dtype\": \"float32\", \"shape\": [2, 2], \"data\": [1, 2, 3, 4]}";
    private static final String LABEL = "{\"dtype\": \"int64\", \"shape\": [2], \"data\": [1, 0]}";
    private static final ModelMetadata ZIPMAP = ModelMetadata.builder("iris", "1.0.0")
            .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
            .output(TensorSpec.of("label", DataType.INT64, -1))
            .output(TensorSpec.of("probabilities", ValueType.parse("sequence<map<int64,float32>>")))
            .build();
    private static final ModelMetadata OTHERS = ModelMetadata.builder("others", "1.0.0")
            .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
            .output(TensorSpec.of("tensors", ValueType.parse("sequence<float32>")))
            .output(TensorSpec.of("names", ValueType.parse("map<string,string>")))
            .output(TensorSpec.of("counts", ValueType.parse("map<string,int64>")))
            .build();

    @TempDir
    Path tmp;

    private List<AdequacyCase> read(ModelMetadata meta, String... lines) throws IOException {
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return CaseReader.read(file, FILE, meta);
    }

    private static String zipMapCase(String probabilities) {
        return "{\"id\": \"two rows\", \"inputs\": {\"x\": " + X + "}, \"expected\": {\"label\": " + LABEL
                + ", \"probabilities\": " + probabilities + "}}";
    }

    @Test
    void read_parsesAZipMapWrittenAsJsonWithKeysAsStrings() throws IOException {
        AdequacyCase c = read(ZIPMAP, zipMapCase("[{\"0\": 0.25, \"1\": 0.75}, {\"1\": 0.4, \"0\": 0.6}]")).get(0);
        assertThat(c.expected().get("probabilities")).isEqualTo(ValueSequence.ofMaps(List.of(
                ValueMap.ofLongToFloat(Map.of(0L, 0.25f, 1L, 0.75f)), ValueMap.ofLongToFloat(Map.of(0L, 0.6f, 1L, 0.4f)))));
        assertThat(c.expectedTensors()).containsOnlyKeys("label");
        assertThat(c.expected().get("label")).isEqualTo(Tensor.ofLongs(new long[] {1, 0}, 2));
    }

    @Test
    void read_parsesSequencesOfTensorsAndMapsOfStringsAndIntegers() throws IOException {
        AdequacyCase c = read(OTHERS, "{\"inputs\": {\"x\": " + X + "}, \"expected\": {"
                + "\"tensors\": [{\"dtype\": \"float32\", \"shape\": [2], \"data\": [1, \"NaN\"]}],"
                + " \"names\": {\"b\": \"bee\", \"a\": \"ay\"}, \"counts\": {\"n\": 9007199254740993, \"m\": \"-4\"}}}")
                .get(0);
        Value tensors = c.expected().get("tensors");
        assertThat(tensors).isInstanceOf(ValueSequence.class);
        assertThat(((ValueSequence) tensors).elements()).containsExactly(Tensor.ofFloats(new float[] {1f, Float.NaN}, 2));
        assertThat(((ValueMap) c.expected().get("names")).entries()).containsExactly(Map.entry("a", "ay"),
                Map.entry("b", "bee"));
        assertThat(((ValueMap) c.expected().get("counts")).entries()).containsExactly(Map.entry("m", -4L),
                Map.entry("n", 9007199254740993L));
    }

    @Test
    void writer_writesWhatTheReaderReads() throws IOException {
        AdequacyCase c = read(ZIPMAP, zipMapCase("[{\"0\": 0.25, \"1\": 0.75}, {\"0\": \"NaN\", \"1\": 1e-8}]")).get(0);
        String line = CaseWriter.toJsonLine(c);
        assertThat(line).contains("\"probabilities\":[{\"0\":0.25,\"1\":0.75},{\"0\":\"NaN\",\"1\":1.0E-8}]");
        assertThat(read(ZIPMAP, line).get(0).expected()).isEqualTo(c.expected());
    }

    @Test
    void read_namesTheLineColumnAndPathOfEveryMalformedValue() {
        assertThatThrownBy(() -> read(ZIPMAP,
                zipMapCase("{\"0\": 0.5}"),
                zipMapCase("[{\"zero\": 0.5, \"1\": \"half\"}]"),
                zipMapCase("[]"),
                zipMapCase("[[0.5]]")))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("line 1, column")
                .hasMessageContaining("expected.probabilities: an object is not a sequence<map<int64,float32>> (a JSON"
                        + " array)")
                .hasMessageContaining("line 2, column")
                .hasMessageContaining("expected.probabilities[0].zero: \"zero\" is not an int64 key")
                .hasMessageContaining("expected.probabilities[0][\"1\"]: \"half\" is not a float32 (the values of a"
                        + " map<int64,float32>)")
                .hasMessageContaining("line 3, column")
                .hasMessageContaining("compares no value (an empty sequence<map<int64,float32>>)")
                .hasMessageContaining("line 4, column")
                .hasMessageContaining("expected.probabilities[0]: an array is not a map<int64,float32>");
    }

    @Test
    void csv_refusesAColumnForASequenceOutputAndPointsToJsonl() throws IOException {
        Path csv = Files.writeString(tmp.resolve("adequacy_test.csv"), "x[0],x[1],probabilities\n1,2,0.5\n");
        assertThatThrownBy(() -> CaseReader.read(csv, "adequacy_test.csv", ZIPMAP))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("output probabilities is a sequence<map<int64,float32>>, which CSV cannot hold;"
                        + " use cases.jsonl");
    }
}
