// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.adequacy.CaseSource;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JSONL writer round-trips with the reader. */
class CaseWriterTest {
    @TempDir
    Path tmp;

    private static ModelMetadata everyType() {
        ModelMetadata.Builder b = ModelMetadata.builder("all", "1.0.0");
        for (DataType t : DataType.values()) {
            b.input(TensorSpec.of("in_" + t.jsonName(), t, -1));
        }
        return b.output(TensorSpec.of("out", DataType.FLOAT32, -1, 2)).build();
    }

    private static Map<String, Tensor> inputs(Random r) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        float[] f = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, Float.MIN_VALUE, Float.MAX_VALUE,
            0.1f, r.nextFloat(), 1e-7f};
        m.put("in_float32", Tensor.ofFloats(f, f.length));
        m.put("in_float64", Tensor.ofDoubles(new double[] {Double.NaN, Double.MIN_VALUE, 0.1, r.nextGaussian(),
            -Double.MAX_VALUE, Double.NEGATIVE_INFINITY}, 6));
        m.put("in_float16", Tensor.ofFloat16(new float[] {65504f, -1.5f}, 2));
        m.put("in_bfloat16", Tensor.ofBFloat16(new float[] {1e30f}, 1));
        m.put("in_int8", Tensor.ofInt8(new byte[] {-128, 127}, 2));
        m.put("in_uint8", Tensor.ofUint8(new byte[] {0, (byte) 255}, 2));
        m.put("in_int16", Tensor.ofShorts(new short[] {Short.MIN_VALUE, Short.MAX_VALUE}, 2));
        m.put("in_int32", Tensor.ofInts(new int[] {Integer.MIN_VALUE, r.nextInt()}, 2));
        m.put("in_int64", Tensor.ofLongs(new long[] {Long.MIN_VALUE, Long.MAX_VALUE, (1L << 53) + 1, 42}, 4));
        m.put("in_bool", Tensor.ofBooleans(new boolean[] {true, false}, 2));
        m.put("in_string", Tensor.ofStrings(new String[] {"", "quote \" backslash \\ tab \t", "h\u00e9llo \uD83D\uDE00",
            "line\nbreak"}, 4));
        return m;
    }

    @Test
    void write_roundTripsThroughReader() throws IOException {
        Random r = new Random(3);
        AdequacyCase a = AdequacyCase.of("every type", inputs(r),
                Map.of("out", Tensor.ofFloats(new float[] {1.5f, Float.NaN}, 1, 2)));
        AdequacyCase b = AdequacyCase.of("with tolerance", inputs(r),
                Map.of("out", Tensor.ofFloats(new float[] {-0f, 3f}, 1, 2))).withTolerance(CaseTolerance.relativeOnly(1e-3));
        AdequacyCase c = AdequacyCase.of("both parts", inputs(r),
                Map.of("out", Tensor.ofFloats(new float[] {2f, 3f}, 1, 2))).withTolerance(CaseTolerance.of(0, 0.5));
        Path file = tmp.resolve("adequacy/cases.jsonl");
        CaseWriter.write(file, List.of(a, b, c));
        List<AdequacyCase> back = CaseReader.read(file, "adequacy/cases.jsonl", everyType());
        assertThat(back).hasSize(3);
        for (int i = 0; i < 3; i++) {
            AdequacyCase want = List.of(a, b, c).get(i);
            AdequacyCase got = back.get(i);
            assertThat(got.id()).isEqualTo(want.id());
            assertThat(got.inputs()).isEqualTo(want.inputs());
            assertThat(List.copyOf(got.inputs().keySet())).isEqualTo(List.copyOf(want.inputs().keySet()));
            assertThat(got.expected()).isEqualTo(want.expected());
            assertThat(got.tolerance()).isEqualTo(want.tolerance());
            assertThat(got.source()).contains(new CaseSource("adequacy/cases.jsonl", i + 1));
        }
        try (var s = Files.list(file.getParent())) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("cases.jsonl");
        }
    }

    @Test
    void toJsonLine_isPinned() {
        AdequacyCase c = AdequacyCase.of("y=2x+1 at 1", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1))).withTolerance(CaseTolerance.absoluteOnly(1e-6));
        assertThat(CaseWriter.toJsonLine(c)).isEqualTo("{\"id\":\"y=2x+1 at 1\","
                + "\"inputs\":{\"x\":{\"dtype\":\"float32\",\"shape\":[1,1],\"data\":[1.0]}},"
                + "\"expected\":{\"y\":{\"dtype\":\"float32\",\"shape\":[1,1],\"data\":[3.0]}},"
                + "\"tolerance\":{\"absolute\":1.0E-6}}");
        AdequacyCase big = AdequacyCase.of("b", Map.of("n", Tensor.ofLongs(new long[] {(1L << 53) + 1, 1L << 53}, 2)),
                Map.of());
        assertThat(CaseWriter.toJsonLine(big)).contains("\"data\":[\"9007199254740993\",9007199254740992]");
    }

    @Test
    void write_replacesTheOldFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, "old");
        AdequacyCase c = AdequacyCase.of("a", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {3f}, 1, 1)));
        CaseWriter.write(file, List.of(c));
        assertThat(Files.readString(file)).isEqualTo(CaseWriter.toJsonLine(c) + "\n");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("cases.jsonl");
        }
    }

    @Test
    void write_rejectsDuplicateIds() {
        AdequacyCase c = AdequacyCase.of("a", Map.of("x", Tensor.ofFloats(new float[] {1f}, 1)), Map.of());
        assertThatThrownBy(() -> CaseWriter.write(tmp.resolve("c.jsonl"), List.of(c, c)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cases: id \"a\" is used twice");
        assertThat(tmp.resolve("c.jsonl")).doesNotExist();
    }

    @Test
    void adequacyCase_checksComponents() {
        Map<String, Tensor> x = Map.of("x", Tensor.ofFloats(new float[] {1f}, 1));
        assertThatThrownBy(() -> AdequacyCase.of(" ", x, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdequacyCase.of("a", Map.of(), Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseTolerance.absoluteOnly(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CaseTolerance.relativeOnly(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseTolerance(java.util.OptionalDouble.empty(), java.util.OptionalDouble.empty()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CaseSource("f", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
