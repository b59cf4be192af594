// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The seed's {@code adequacy_test.csv} (RELIABILITY.md case 20). */
class CsvCaseReaderTest {
    private static final String FILE = "adequacy_test.csv";

    @TempDir
    Path tmp;

    private List<AdequacyCase> read(ModelMetadata meta, String text) throws IOException {
        Path file = tmp.resolve(FILE);
        Files.write(file, text.getBytes(StandardCharsets.UTF_8));
        return CaseReader.read(file, FILE, meta);
    }

    private InvalidBundleException failure(ModelMetadata meta, String text) {
        try {
            read(meta, text);
        } catch (InvalidBundleException e) {
            assertThat(e.file()).contains(FILE);
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected the CSV to be refused");
    }

    private static ModelMetadata model(TensorSpec... specs) {
        ModelMetadata.Builder b = ModelMetadata.builder("m", "1.0.0");
        for (TensorSpec s : specs) {
            if (s.name().startsWith("y") || s.name().startsWith("out")) {
                b.output(s);
            } else {
                b.input(s);
            }
        }
        return b.build();
    }

    @Test
    void read_givesOneCasePerRowWithBatchOne() throws IOException {
        List<AdequacyCase> cases = read(Models.linear(), "x,y\n1,3\n2.5,6\n-0.5,0\n");
        assertThat(cases).extracting(AdequacyCase::id).containsExactly("row 1", "row 2", "row 3");
        assertThat(cases.get(1).inputs().get("x")).isEqualTo(Tensor.ofFloats(new float[] {2.5f}, 1, 1));
        assertThat(cases.get(1).expected().get("y")).isEqualTo(Tensor.ofFloats(new float[] {6f}, 1, 1));
        assertThat(cases.get(2).source()).contains(new CaseSource(FILE, 4));
        assertThat(cases.get(0).tolerance()).isEmpty();
    }

    @Test
    void read_stripsBomAndAcceptsCrlf() throws IOException {
        List<AdequacyCase> cases = read(Models.linear(), "\uFEFFx,y\r\n1,3\r\n2,5\r\n");
        assertThat(cases).hasSize(2);
        assertThat(cases.get(1).expectedTensors().get("y").toFloatArray()).containsExactly(5f);
    }

    @Test
    void read_acceptsIndexedColumnsInAnyOrder() throws IOException {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.FLOAT32, -1, 3), TensorSpec.of("y", DataType.FLOAT64, -1));
        AdequacyCase c = read(meta, "y,x[2],x[0],x[1]\n9,3,1,2\n").get(0);
        assertThat(c.inputs().get("x")).isEqualTo(Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3));
        assertThat(c.expected().get("y")).isEqualTo(Tensor.ofDoubles(new double[] {9}, 1));
    }

    @Test
    void read_mapsFixedShapesAndScalars() throws IOException {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.INT32, 2, 2), TensorSpec.of("s", DataType.INT8),
                TensorSpec.of("y", DataType.FLOAT32, -1, 1));
        AdequacyCase c = read(meta, "x[0],x[1],x[2],x[3],s,y[0]\n1,2,3,4,-128,0.5\n").get(0);
        assertThat(c.inputs().get("x")).isEqualTo(Tensor.ofInts(new int[] {1, 2, 3, 4}, 2, 2));
        assertThat(c.inputs().get("s")).isEqualTo(Tensor.ofInt8(new byte[] {-128}));
        assertThat(c.expected().get("y")).isEqualTo(Tensor.ofFloats(new float[] {0.5f}, 1, 1));
    }

    @Test
    void read_handlesQuotedCommasQuotesAndLineBreaks() throws IOException {
        ModelMetadata meta = model(TensorSpec.of("name", DataType.STRING, -1), TensorSpec.of("y", DataType.FLOAT32, -1));
        List<AdequacyCase> cases = read(meta, "name,y\r\n\"Smith, John\",1\r\n\"say \"\"hi\"\"\",2\r\n\"two\r\nlines\",3\r\n"
                + "plain,4\r\n");
        assertThat(cases).extracting(c -> c.inputs().get("name").toStringArray()[0])
                .containsExactly("Smith, John", "say \"hi\"", "two\r\nlines", "plain");
        assertThat(cases).extracting(c -> c.source().orElseThrow().line()).containsExactly(2L, 3L, 4L, 6L);
    }

    @Test
    void read_rejectsDecimalCommaNamingLineAndColumn() {
        InvalidBundleException e = failure(Models.linear(), "x,y\n1,3\n2,5\n3,\"3,5\"\n");
        assertThat(e).hasMessage("adequacy_test.csv: line 4, column y: \"3,5\" is not a number (use '.' as the decimal "
                + "separator)");
    }

    @Test
    void read_rejectsUnquotedDecimalCommaAsExtraField() {
        InvalidBundleException e = failure(Models.linear(), "x,y\n1,3,5\n");
        assertThat(e).hasMessage("adequacy_test.csv: line 2: 3 fields, but the header has 2 (a comma inside an "
                + "unquoted value?)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "0x1p3    | \"0x1p3\" is not a number",
        "1.5f     | \"1.5f\" is not a number",
        "1.5d     | \"1.5d\" is not a number",
        "1e400    | \"1e400\" is out of float32 range (largest magnitude 3.4028235E38)",
        "` 1.5`   | \" 1.5\" is not a number (surrounding whitespace)",
        "`1.5 `   | \"1.5 \" is not a number (surrounding whitespace)",
        "+1       | \"+1\" is not a number",
        ".5       | \".5\" is not a number",
        "1.       | \"1.\" is not a number",
        "1,000.5  | \"1,000.5\" is not a number",
        "Infinityx | \"Infinityx\" is not a number",
        "INF      | \"INF\" is not a number",
    })
    void read_rejectsNumbersOutsideStrictGrammar(String cell, String message) {
        String quoted = "\"" + cell + "\"";
        InvalidBundleException e = failure(Models.linear(), "x,y\n1," + quoted + "\n");
        assertThat(e).hasMessage("adequacy_test.csv: line 2, column y: " + message);
    }

    @Test
    void read_rejectsEmptyCell() {
        InvalidBundleException e = failure(Models.linear(), "x,y\n1,\n");
        assertThat(e).hasMessage("adequacy_test.csv: line 2, column y: \"\" is not a number (empty cell)");
    }

    @Test
    void read_acceptsNonFiniteValuesOnlyInFloatColumns() throws IOException {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.FLOAT32, -1, 4), TensorSpec.of("y", DataType.INT64, -1));
        AdequacyCase c = read(meta, "x[0],x[1],x[2],x[3],y\nNaN,-Infinity,inf,nan,1\n").get(0);
        float[] x = c.inputs().get("x").toFloatArray();
        assertThat(x[0]).isNaN();
        assertThat(x[1]).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(x[2]).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(x[3]).isNaN();
        InvalidBundleException e = failure(meta, "x[0],x[1],x[2],x[3],y\n1,2,3,4,NaN\n");
        assertThat(e).hasMessage("adequacy_test.csv: line 2, column y: \"NaN\" is not an int64 (NaN and infinities only "
                + "in float columns)");
    }

    @Test
    void read_rejectsFractionsAndOverflowInIntegerColumns() {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.UINT8, -1), TensorSpec.of("y", DataType.INT64, -1));
        InvalidBundleException e = failure(meta, "x,y\n1,2.0\n256,1\n1,9223372036854775808\n");
        assertThat(e.getMessage()).isEqualTo(FILE + ": 3 problems:"
                + "\n  line 2, column y: \"2.0\" is not an int64 (a whole number)"
                + "\n  line 3, column x: \"256\" is out of uint8 range [0, 255]"
                + "\n  line 4, column y: \"9223372036854775808\" is out of int64 range [-9223372036854775808, "
                + "9223372036854775807]");
    }

    @Test
    void read_readsBoolAndStringColumns() throws IOException {
        ModelMetadata meta = model(TensorSpec.of("flag", DataType.BOOL, -1), TensorSpec.of("name", DataType.STRING, -1),
                TensorSpec.of("y", DataType.BOOL, -1));
        List<AdequacyCase> cases = read(meta, "flag,name,y\ntrue,,False\nFalse, padded ,true\n");
        assertThat(cases.get(0).inputs().get("flag").toBooleanArray()).containsExactly(true);
        assertThat(cases.get(0).expectedTensors().get("y").toBooleanArray()).containsExactly(false);
        assertThat(cases.get(1).expectedTensors().get("y").toBooleanArray()).containsExactly(true);
        assertThat(cases.get(0).inputs().get("name").toStringArray()).containsExactly("");
        assertThat(cases.get(1).inputs().get("name").toStringArray()).containsExactly(" padded ");
        assertThat(cases.get(1).inputs().get("flag").toBooleanArray()).containsExactly(false);
        InvalidBundleException e = failure(meta, "flag,name,y\nyes,a,true\n");
        assertThat(e).hasMessage(FILE + ": line 2, column flag: \"yes\" is not a bool (true or false)");
    }

    @Test
    void read_ignoresDefaultLocale() throws IOException {
        Locale before = Locale.getDefault();
        ModelMetadata meta = model(TensorSpec.of("x", DataType.FLOAT32, -1, 3), TensorSpec.of("y", DataType.BOOL, -1));
        try {
            // a decimal-comma locale, and one that lower-cases 'I' to a dotless i ("Infinity" -> "\u0131nfinity")
            for (Locale locale : List.of(Locale.GERMANY, Locale.forLanguageTag("tr-TR"))) {
                Locale.setDefault(locale);
                AdequacyCase c = read(meta, "x[0],x[1],x[2],y\n3.14,Infinity,-inf,True\n").get(0);
                assertThat(c.inputs().get("x").toFloatArray()).as("%s", locale)
                        .containsExactly(3.14f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY);
                assertThat(c.expectedTensors().get("y").toBooleanArray()).as("%s", locale).containsExactly(true);
            }
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void read_reportsUnknownAndMissingColumns() {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.FLOAT32, -1, 2), TensorSpec.of("w", DataType.FLOAT32, -1),
                TensorSpec.of("y", DataType.FLOAT32, -1));
        InvalidBundleException e = failure(meta, "x[0],z,y,x[5]\n1,2,3,4\n");
        assertThat(e.getMessage()).isEqualTo(FILE + ": 4 problems:"
                + "\n  line 1, column \"z\": not an input or output of the model (expected columns: x[0], x[1], w, y)"
                + "\n  line 1, column \"x[5]\": not an input or output of the model (expected columns: x[0], x[1], w, y)"
                + "\n  line 1: missing column \"x[1]\" for input x (expected columns: x[0], x[1], w, y)"
                + "\n  line 1: missing column \"w\" for input w (expected columns: x[0], x[1], w, y)");
    }

    @Test
    void read_rejectsHeaderWithoutOutputsAndRepeatedColumns() {
        assertThat(failure(Models.linear(), "x\n1\n")).hasMessage(FILE + ": line 1: no output column: a case needs an "
                + "expected value (expected columns: x, y)");
        assertThat(failure(Models.linear(), "x,x[0],y\n1,1,3\n")).hasMessage(FILE + ": line 1, column x[0]: repeats "
                + "column x");
    }

    @Test
    void read_rejectsShapesCsvCannotHold() {
        ModelMetadata meta = model(TensorSpec.of("x", DataType.FLOAT32, -1, -1), TensorSpec.of("y", DataType.FLOAT32, -1));
        assertThat(failure(meta, "x,y\n1,2\n").getMessage()).contains("input x has shape [-1, -1], which CSV cannot hold");
    }

    @Test
    void read_rejectsMalformedQuoting() {
        assertThat(failure(Models.linear(), "x,y\n1,\"3\n")).hasMessage(FILE + ": line 2: field 2: a quote opened here is "
                + "never closed");
        assertThat(failure(Models.linear(), "x,y\n1,\"3\"x\n")).hasMessage(FILE + ": line 2: field 2: unexpected \"x\" "
                + "after a closing quote (a quote inside a quoted field is written \"\")");
        assertThat(failure(Models.linear(), "x,y\n1,3\"\n")).hasMessage(FILE + ": line 2: field 2: a quote inside an "
                + "unquoted field (quote the whole field and write the quote as \"\")");
    }

    @Test
    void read_rejectsEmptyFileAndInvalidUtf8() throws IOException {
        assertThat(failure(Models.linear(), "")).hasMessage(FILE + ": line 1: no header: expected a first line naming "
                + "the columns, for example x,y");
        Path file = tmp.resolve("bad.csv");
        Files.write(file, new byte[] {'x', ',', 'y', '\n', '1', ',', (byte) 0xc3, '\n'});
        InvalidBundleException e = org.assertj.core.api.Assertions.catchThrowableOfType(InvalidBundleException.class,
                () -> CaseReader.read(file, Models.linear()));
        assertThat(e).hasMessage(file + ": line 2: not valid UTF-8");
    }

    @Test
    void read_skipsEmptyLines() throws IOException {
        List<AdequacyCase> cases = read(Models.linear(), "x,y\n\n1,3\n\n\n2,5\n");
        assertThat(cases).extracting(c -> c.source().orElseThrow().line()).containsExactly(3L, 6L);
        assertThat(cases).extracting(AdequacyCase::id).containsExactly("row 1", "row 2");
    }
}
