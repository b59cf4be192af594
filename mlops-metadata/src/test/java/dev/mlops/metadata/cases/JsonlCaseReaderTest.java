// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.Bundles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code cases.jsonl}: the pinned format and messages that name file, line, column and field. */
class JsonlCaseReaderTest {
    private static final String FILE = "adequacy/cases.jsonl";
    private static final String X1 = "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1.0]}";
    private static final String Y3 = "{\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3.0]}";

    @TempDir
    Path tmp;

    private List<AdequacyCase> read(ModelMetadata meta, String... lines) throws IOException {
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return CaseReader.read(file, FILE, meta);
    }

    private InvalidBundleException failure(ModelMetadata meta, String... lines) {
        try {
            read(meta, lines);
        } catch (InvalidBundleException e) {
            assertThat(e.file()).contains(FILE);
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the cases to be refused");
    }

    private static String line(String id, String x, String y) {
        return "{\"id\": \"" + id + "\", \"inputs\": {\"x\": " + x + "}, \"expected\": {\"y\": " + y + "}}";
    }

    private static String x(String dtype, String shape, String data) {
        return "{\"dtype\": \"" + dtype + "\", \"shape\": " + shape + ", \"data\": " + data + "}";
    }

    @Test
    void read_parsesArchitectureExample() throws IOException {
        List<AdequacyCase> cases = read(Models.linear(),
                "{\"id\": \"y=2x+1 at 1\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1.0]}},"
                        + " \"expected\": {\"y\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3.0]}},"
                        + " \"tolerance\": {\"absolute\": 1e-6}}");
        assertThat(cases).hasSize(1);
        AdequacyCase c = cases.get(0);
        assertThat(c.id()).isEqualTo("y=2x+1 at 1");
        assertThat(c.inputs()).containsExactly(Map.entry("x", Tensor.ofFloats(new float[] {1f}, 1, 1)));
        assertThat(c.expected()).containsExactly(Map.entry("y", Tensor.ofFloats(new float[] {3f}, 1, 1)));
        assertThat(c.tolerance()).contains(CaseTolerance.absoluteOnly(1e-6));
        assertThat(c.source()).contains(new CaseSource(FILE, 1));
        assertThat(c.describe()).isEqualTo("\"y=2x+1 at 1\" (adequacy/cases.jsonl:1)");
    }

    @Test
    void read_reportsFileLineColumnAndField() {
        String bad = line("c", x("float32", "[1, 3]", "[1.0, 2.0, \"abc\"]"), Y3);
        ModelMetadata meta = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 3)).output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .build();
        InvalidBundleException e = failure(meta, line("a", x("float32", "[1, 3]", "[1, 2, 3]"), Y3), "", bad);
        int column = bad.indexOf("\"abc\"") + 1;
        assertThat(column).isEqualTo(86);
        assertThat(e).hasMessage("adequacy/cases.jsonl: line 3, column 86: inputs.x.data[2]: \"abc\" is not a float32 "
                + "(a number, or one of the strings \"NaN\", \"Infinity\", \"-Infinity\")");
    }

    @Test
    void read_acceptsNonFiniteFloatStrings() throws IOException {
        ModelMetadata meta = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 3)).output(TensorSpec.of("y", DataType.FLOAT64, -1))
                .build();
        AdequacyCase c = read(meta, "{\"inputs\": {\"x\": " + x("float32", "[1, 3]", "[\"NaN\", \"Infinity\", \"-Infinity\"]")
                + "}, \"expected\": {\"y\": " + x("float64", "[1]", "[\"NaN\"]") + "}}").get(0);
        assertThat(c.inputs().get("x").toFloatArray())
                .containsExactly(Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
        assertThat(c.expectedTensors().get("y").toDoubleArray()[0]).isNaN();
        assertThat(c.id()).isEqualTo("line 1");
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"nan\"      | float32 | \"nan\" is not a float32 (a number, or one of the strings \"NaN\", \"Infinity\", \"-Infinity\")",
        "\"1.5\"      | float32 | \"1.5\" is not a float32 (a number, or one of the strings \"NaN\", \"Infinity\", \"-Infinity\")",
        "1e39         | float32 | 1e39 is out of float32 range (largest magnitude 3.4028235E38)",
        "1e400        | float64 | 1e400 is out of float64 range (largest magnitude 1.7976931348623157E308)",
        "70000        | float16 | 70000 is out of float16 range (largest magnitude 65504.0)",
        "true         | float32 | true is not a float32",
        "null         | float32 | null is not a float32",
        "1.5          | int32   | 1.5 is not an int32 (a whole number, written without a fraction or exponent)",
        "1e2          | int64   | 1e2 is not an int64 (a whole number, written without a fraction or exponent)",
        "2147483648   | int32   | 2147483648 is out of int32 range [-2147483648, 2147483647]",
        "256          | uint8   | 256 is out of uint8 range [0, 255]",
        "-1           | uint8   | -1 is out of uint8 range [0, 255]",
        "\"12\"       | int32   | \"12\" is not an int32",
        "\"9223372036854775808\" | int64 | \"9223372036854775808\" is out of int64 range [-9223372036854775808, 9223372036854775807]",
        "\"NaN\"      | int64   | \"NaN\" is not an int64",
        "1            | bool    | 1 is not a bool (true or false)",
        "1            | string  | 1 is not a string",
    })
    void read_rejectsElementNotOfItsType(String element, String dtype, String message) {
        ModelMetadata meta = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.fromJsonName(dtype).orElseThrow(), -1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1)).build();
        String bad = line("a", x(dtype, "[1]", "[" + element + "]"), Y3);
        InvalidBundleException e = failure(meta, bad);
        int column = bad.indexOf("\"data\": [") + 10;
        assertThat(e).hasMessage(FILE + ": line 1, column " + column + ": inputs.x.data[0]: " + message);
    }

    @Test
    void read_acceptsInt64AsIntegerOrStringBeyondDoublePrecision() throws IOException {
        ModelMetadata meta = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.INT64, -1)).output(TensorSpec.of("y", DataType.UINT8, -1)).build();
        AdequacyCase c = read(meta, line("a", x("int64", "[3]", "[9007199254740993, \"-9223372036854775808\", 7]"),
                x("uint8", "[2]", "[0, 255]"))).get(0);
        assertThat(c.inputs().get("x").toLongArray()).containsExactly(9007199254740993L, Long.MIN_VALUE, 7L);
        assertThat(c.expectedTensors().get("y").get(1)).isEqualTo(255);
    }

    @Test
    void read_rejectsDataLengthNotMatchingShape() {
        String bad = line("a", x("float32", "[1, 1]", "[1.0, 2.0]"), Y3);
        InvalidBundleException e = failure(Models.linear(), bad);
        assertThat(e).hasMessage(FILE + ": line 1, column " + (bad.indexOf("[1.0, 2.0]") + 1)
                + ": inputs.x.data: 2 elements, but shape [1, 1] holds 1");
    }

    @Test
    void read_rejectsUnknownDtype() {
        String bad = line("a", x("float128", "[1, 1]", "[1.0]"), Y3);
        InvalidBundleException e = failure(Models.linear(), bad);
        assertThat(e).hasMessage(FILE + ": line 1, column " + (bad.indexOf("\"float128\"") + 1)
                + ": inputs.x.dtype: \"float128\" is not a dtype (known: " + DataType.knownNames() + ")");
    }

    @Test
    void read_rejectsNegativeShapeAndNestedData() {
        InvalidBundleException e = failure(Models.linear(),
                line("a", x("float32", "[-1, 1]", "[1.0]"), Y3),
                line("b", x("float32", "[1, 1]", "[[1.0]]"), Y3));
        assertThat(e.getMessage())
                .contains("line 1, column 60: inputs.x.shape[0]: -1 is not a size (a case tensor has concrete dimensions >= 0)")
                .contains("line 2, column 76: inputs.x.data[0]: nested arrays are not allowed (data is the row-major "
                        + "flattening)");
    }

    @Test
    void read_checksTensorsAgainstMetadata() {
        InvalidBundleException e = failure(Models.linear(),
                "{\"inputs\": {\"z\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}}",
                line("b", x("float64", "[1, 1]", "[1.0]"), Y3),
                line("c", x("float32", "[1, 2]", "[1.0, 2.0]"), Y3),
                "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {}}",
                "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"q\": " + Y3 + "}}");
        assertThat(e.getMessage()).isEqualTo(FILE + ": 6 problems:"
                + "\n  line 1, column 13: inputs.z: not a declared input (declared: x)"
                + "\n  line 1, column 12: inputs: missing declared input \"x\""
                + "\n  line 2, column 39: inputs.x.dtype: float64, but metadata.json declares float32"
                + "\n  line 3, column 59: inputs.x.shape: [1, 2] does not fit the declared shape [-1, 1]"
                + "\n  line 4, column 85: expected: no outputs (give at least one of: y)"
                + "\n  line 5, column 86: expected.q: not a declared output (declared: y)");
    }

    @Test
    void read_rejectsMissingAndUnknownFields() {
        InvalidBundleException e = failure(Models.linear(),
                "{\"id\": \"a\", \"inputs\": {\"x\": " + X1 + "}, \"expceted\": {\"y\": " + Y3 + "}}",
                "{\"id\": \"b\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"data\": [1.0]}}, \"expected\": {\"y\": " + Y3
                        + "}}",
                "[1, 2]");
        assertThat(e.getMessage()).isEqualTo(FILE + ": 4 problems:"
                + "\n  line 1, column 84: expceted: unknown field (allowed: id, form, inputs, expected, tolerance)"
                + "\n  line 1, column 1: expected: missing"
                + "\n  line 2, column 29: inputs.x: missing \"shape\""
                + "\n  line 3, column 1: a case must be a JSON object {id, inputs, expected, tolerance}");
    }

    @Test
    void read_reportsJsonSyntaxErrorsWithColumnAndPath() {
        InvalidBundleException e = failure(Models.linear(), line("a", X1, Y3), "{\"id\": \"b\", \"inputs\": {\"x\": {\"dtype\": }}}");
        assertThat(e.getMessage()).startsWith(FILE + ": line 2, column 39: inputs.x.dtype: not valid JSON: "
                + "Unexpected character ('}'");
    }

    @Test
    void read_rejectsDuplicateKeys() {
        InvalidBundleException e = failure(Models.linear(),
                "{\"id\": \"a\", \"inputs\": {\"x\": " + X1 + ", \"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}}");
        assertThat(e.getMessage()).startsWith(FILE + ": line 1, column ").contains("inputs.x: not valid JSON: "
                + "Duplicate field 'x'");
    }

    @Test
    void read_rejectsTwoCasesOnOneLine() {
        InvalidBundleException e = failure(Models.linear(), line("a", X1, Y3) + " " + line("b", X1, Y3));
        assertThat(e.getMessage()).contains("line 1, column 157: unexpected content after the case object (one case a "
                + "line)");
    }

    @Test
    void read_skipsBlankLinesAndKeepsLineNumbers() throws IOException {
        List<AdequacyCase> cases = read(Models.linear(), "", line("a", X1, Y3), "   ", "\t", line("b", X1, Y3));
        assertThat(cases).extracting(AdequacyCase::id).containsExactly("a", "b");
        assertThat(cases).extracting(c -> c.source().orElseThrow().line()).containsExactly(2L, 5L);
    }

    @Test
    void read_defaultsIdToLineAndRejectsDuplicates() {
        String anonymous = "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}}";
        InvalidBundleException e = failure(Models.linear(), line("a", X1, Y3), line("a", X1, Y3), anonymous,
                line("line 3", X1, Y3));
        assertThat(e.getMessage()).isEqualTo(FILE + ": 2 problems:"
                + "\n  line 2, column 8: id: \"a\" is already used on line 1"
                + "\n  line 4, column 8: id: \"line 3\" is already used on line 3");
    }

    @Test
    void read_acceptsBomAndCrlf() throws IOException {
        Path file = tmp.resolve("bom.jsonl");
        Files.write(file, ("\uFEFF" + line("a", X1, Y3) + "\r\n" + line("b", X1, Y3) + "\r\n").getBytes(StandardCharsets.UTF_8));
        assertThat(CaseReader.read(file, Models.linear())).extracting(AdequacyCase::id).containsExactly("a", "b");
    }

    @Test
    void read_rejectsInvalidUtf8NamingTheLine() throws IOException {
        Path file = tmp.resolve("bad.jsonl");
        byte[] good = (line("a", X1, Y3) + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] bad = {'{', '"', (byte) 0xff, '"', '}', '\n'};
        byte[] all = new byte[good.length + bad.length];
        System.arraycopy(good, 0, all, 0, good.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(file, all);
        assertThatThrownBy(() -> CaseReader.read(file, FILE, Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(FILE + ": line 2: not valid UTF-8");
    }

    @Test
    void read_collectsProblemsAcrossLinesUpToTheCap() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            lines.add(line("c" + i, x("float32", "[1, 1]", "[\"bad\"]"), Y3));
        }
        InvalidBundleException e = failure(Models.linear(), lines.toArray(String[]::new));
        assertThat(e.getMessage()).startsWith(FILE + ": stopped after 20 problems:\n  line 1, column ");
        assertThat(e.getMessage().lines().count()).isEqualTo(21);
        assertThat(e.getMessage()).contains("line 20, column").doesNotContain("line 21,");
    }

    @Test
    void read_rejectsBadTolerance() {
        InvalidBundleException e = failure(Models.linear(),
                "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}, \"tolerance\": {\"absolute\": -1}}",
                "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}, \"tolerance\": {}}",
                "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3 + "}, \"tolerance\": {\"abs\": 1}}");
        assertThat(e.getMessage())
                .contains("line 1, column 172: tolerance.absolute: -1 is not a tolerance (a finite number >= 0)")
                .contains("line 2, column 159: tolerance: empty (give absolute, relative or both)")
                .contains("line 3, column 160: tolerance.abs: unknown field (allowed: absolute, relative)");
    }

    @Test
    void toleranceFor_mergesCasePartsOverPerOutputOverBundleDefault() throws IOException {
        AdequacyCase c = read(Models.linear(), "{\"inputs\": {\"x\": " + X1 + "}, \"expected\": {\"y\": " + Y3
                + "}, \"tolerance\": {\"absolute\": 1e-6}}").get(0);
        AdequacySpec spec = new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-3, 1e-2),
                Map.of("y", new Tolerance(0.5, 0.25)));
        assertThat(c.toleranceFor("y", Optional.of(spec))).isEqualTo(new Tolerance(1e-6, 0.25));
        assertThat(c.toleranceFor("z", Optional.of(spec))).isEqualTo(new Tolerance(1e-6, 1e-2));
        assertThat(c.toleranceFor("y", Optional.empty())).isEqualTo(new Tolerance(1e-6, Tolerance.DEFAULT.relative()));
        AdequacyCase plain = c.withExpected(c.expected());
        assertThat(AdequacyCase.of("p", plain.inputs(), plain.expected()).toleranceFor("y", Optional.of(spec)))
                .isEqualTo(new Tolerance(0.5, 0.25));
    }

    @Test
    void read_acceptsEveryKindOfTensor() throws IOException {
        String features = x("float32", "[1, 3]", "[0.5, -2, 1e-3]");
        String count = x("int64", "[1]", "[42]");
        String flag = x("bool", "[2]", "[true, false]");
        String name = x("string", "[1]", "[\"h\\u00e9llo, \\\"world\\\"\"]");
        AdequacyCase c = read(Models.mixed(), "{\"id\": \"mix\", \"inputs\": {\"features\": " + features + ", \"count\": "
                + count + ", \"flag\": " + flag + ", \"name\": " + name + "}, \"expected\": {\"label\": "
                + x("int32", "[1]", "[-3]") + "}}").get(0);
        assertThat(c.inputs().keySet()).containsExactly("features", "count", "flag", "name");
        assertThat(c.inputs().get("features").toFloatArray()).containsExactly(0.5f, -2f, 1e-3f);
        assertThat(c.inputs().get("count").toLongArray()).containsExactly(42L);
        assertThat(c.inputs().get("flag").toBooleanArray()).containsExactly(true, false);
        assertThat(c.inputs().get("name").toStringArray()).containsExactly("h\u00e9llo, \"world\"");
        assertThat(c.expectedTensors().get("label").toIntArray()).containsExactly(-3);
    }

    @Test
    void read_fromBundleUsesMetadataCasesPath() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("bundle/adequacy"));
        Files.writeString(dir.resolve("cases.jsonl"), line("a", X1, Y3) + "\n");
        Files.writeString(dir.getParent().resolve("model.onnx"), "m");
        Bundles.pack(dir.getParent());
        ModelMetadata meta = Models.linear().toBuilder()
                .adequacy(new AdequacySpec(FILE, Tolerance.DEFAULT, Map.of())).build();
        try (Bundle b = BundleReader.newBuilder().stagingRoot(tmp.resolve("staging")).build().open(dir.getParent())) {
            List<AdequacyCase> cases = CaseReader.read(b, meta);
            assertThat(cases).hasSize(1);
            assertThat(cases.get(0).source()).contains(new CaseSource(FILE, 1));
            assertThat(CaseReader.read(b, Models.linear())).isEmpty();
        }
    }

    @Test
    void read_rejectsOtherExtensionsAndMissingFiles() {
        assertThatThrownBy(() -> CaseReader.read(tmp.resolve("cases.txt"), Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageEndingWith("cases.txt: not a case file (expected a .jsonl or .csv file)");
        assertThatThrownBy(() -> CaseReader.read(tmp.resolve("none.jsonl"), "adequacy/none.jsonl", Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith("adequacy/none.jsonl: cannot be read: java.nio.file.NoSuchFileException");
    }
}
