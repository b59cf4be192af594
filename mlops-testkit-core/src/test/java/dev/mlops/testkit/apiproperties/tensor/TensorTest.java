// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.apiproperties.tensor;

import dev.mlops.api.tensor.*;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.spec.DataType;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TensorTest {

    @Test
    void ofFloats_withoutDimensions_isAScalarOfOneElement() {
        Tensor t = Tensor.ofFloats(new float[] {2.5f});

        assertThat(t.rank()).isZero();
        assertThat(t.size()).isOne();
        assertThat(t.shape()).isEmpty();
        assertThat(t.getDouble(0)).isEqualTo(2.5);
    }

    @Test
    void factories_copyTheirInputAndAccessorsReturnCopies() {
        float[] data = {1f, 2f};
        long[] shape = {2};
        Tensor t = Tensor.ofFloats(data, shape);

        data[0] = 99f;
        shape[0] = 7;
        t.toFloatArray()[1] = 42f;
        t.shape()[0] = 5;

        assertThat(t.toFloatArray()).containsExactly(1f, 2f);
        assertThat(t.shape()).containsExactly(2);
    }

    @Test
    void constructor_rejectsAShapeThatDoesNotHoldTheData() {
        assertThatThrownBy(() -> Tensor.ofInts(new int[5], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [2, 3] holds 6 elements but 5 were given");
        assertThatThrownBy(() -> Tensor.ofFloats(new float[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape [] holds 1 elements but 0 were given");
    }

    @Test
    void constructor_rejectsADynamicOrNegativeDimensionNamingTheAxis() {
        assertThatThrownBy(() -> Tensor.ofLongs(new long[3], 3, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shape[1]: -1 is not a size (a tensor value has concrete dimensions >= 0)");
    }

    @Test
    void zeroSizedDimensions_holdNoElements() {
        Tensor t = Tensor.ofFloats(new float[0], 0, 3);

        assertThat(t.size()).isZero();
        assertThat(t.shape()).containsExactly(0, 3);
        assertThat(t.toMatrix()).isEmpty();
    }

    @Test
    void uint8_isReadUnsignedWhileInt8IsSigned() {
        Tensor u = Tensor.ofUint8(new byte[] {(byte) 255, (byte) 128, 0}, 3);
        Tensor s = Tensor.ofInt8(new byte[] {(byte) 255, (byte) 128, 0}, 3);

        assertThat(u.toDoubles()).containsExactly(255, 128, 0);
        assertThat(u.get(0)).isEqualTo(255);
        assertThat(u.toByteArray()).containsExactly((byte) -1, (byte) -128, (byte) 0);
        assertThat(s.toDoubles()).containsExactly(-1, -128, 0);
        assertThat(s.get(0)).isEqualTo((byte) -1);
        assertThat(u).isNotEqualTo(s);
    }

    @Test
    void equals_treatsNaNAsEqualToNaNWithEqualHashCodes() {
        Tensor a = Tensor.ofFloats(new float[] {Float.NaN, 1f}, 2);
        Tensor b = Tensor.ofFloats(new float[] {Float.NaN, 1f}, 2);
        Tensor c = Tensor.ofDoubles(new double[] {Double.NaN}, 1);
        Tensor d = Tensor.ofDoubles(new double[] {Double.NaN}, 1);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(c).isEqualTo(d).hasSameHashCodeAs(d);
    }

    @Test
    void equals_distinguishesTypeShapeAndValues() {
        Tensor base = Tensor.ofFloats(new float[] {1f, 2f}, 2, 1);

        assertThat(base).isNotEqualTo(Tensor.ofFloat16(new float[] {1f, 2f}, 2, 1))
                .isNotEqualTo(Tensor.ofFloats(new float[] {1f, 2f}, 1, 2))
                .isNotEqualTo(Tensor.ofFloats(new float[] {1f, 3f}, 2, 1))
                .isEqualTo(Tensor.ofMatrix(new float[][] {{1f}, {2f}}));
        assertThat(Tensor.ofStrings(new String[] {"a"}, 1)).isEqualTo(Tensor.ofStrings(new String[] {"a"}, 1))
                .isNotEqualTo(Tensor.ofStrings(new String[] {"b"}, 1));
    }

    @Test
    void toMatrix_returnsTheRowsOfMatrix() {
        float[][] rows = {{1f, 2f, 3f}, {4f, 5f, 6f}};

        Tensor t = Tensor.ofMatrix(rows);

        assertThat(t.shape()).containsExactly(2, 3);
        assertThat(t.toMatrix()).isEqualTo(rows);
        assertThat(t.toFloatArray()).containsExactly(1f, 2f, 3f, 4f, 5f, 6f);
    }

    @Test
    void toMatrix_rejectsAnythingButAFloat32Matrix() {
        assertThatThrownBy(() -> Tensor.ofFloats(new float[] {1f, 2f}, 2).toMatrix())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("toMatrix needs a float32 tensor of rank 2, this is float32[2] [1.0, 2.0]");
        assertThatThrownBy(() -> Tensor.ofDoubles(new double[] {1}, 1, 1).toMatrix())
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void ofMatrix_rejectsRaggedRows() {
        assertThatThrownBy(() -> Tensor.ofMatrix(new float[][] {{1f, 2f}, {3f}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("row 1 has 1 columns, row 0 has 2");
    }

    @Test
    void typedAccessors_rejectOtherTypesNamingBoth() {
        Tensor longs = Tensor.ofLongs(new long[] {1}, 1);

        assertThatThrownBy(longs::toFloatArray).isInstanceOf(IllegalStateException.class)
                .hasMessage("tensor is int64, not [float32, float16, bfloat16]");
        assertThatThrownBy(() -> Tensor.ofStrings(new String[] {"x"}).getDouble(0))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> longs.get(1)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void ofStrings_rejectsNullElements() {
        assertThatThrownBy(() -> Tensor.ofStrings(new String[] {"a", null}, 2))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void bool_readsAsZeroOrOne() {
        Tensor t = Tensor.ofBooleans(new boolean[] {true, false}, 2);

        assertThat(t.toDoubles()).containsExactly(1, 0);
        assertThat(t.get(0)).isEqualTo(true);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "int32|1.5|element 0: 1.5 is not a int32 (whole number in [-2147483648, 2147483647])",
        "uint8|256|element 0: 256.0 is not a uint8 (whole number in [0, 255])",
        "uint8|-1|element 0: -1.0 is not a uint8 (whole number in [0, 255])",
        "int8|128|element 0: 128.0 is not a int8 (whole number in [-128, 127])",
        "int64|Infinity|element 0: Infinity is not a int64 (whole number in [-9223372036854775808, 9223372036854775807])",
        "int16|NaN|element 0: NaN is not a int16 (whole number in [-32768, 32767])"})
    void fromDoubles_rejectsValuesTheTypeCannotHold(String dtype, double value, String message) {
        DataType type = DataType.fromJsonName(dtype).orElseThrow();

        assertThatThrownBy(() -> Tensor.fromDoubles(type, new double[] {value}, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void fromDoubles_rejectsStringAndBool() {
        assertThatThrownBy(() -> Tensor.fromDoubles(DataType.BOOL, new double[] {1}, 1))
                .hasMessage("bool elements are not numbers");
        assertThatThrownBy(() -> Tensor.fromDoubles(DataType.STRING, new double[] {1}, 1))
                .hasMessage("string elements are not numbers");
    }

    @Test
    void fromDoubles_roundTripsWholeNumbersThroughEveryIntegerType() {
        List<DataType> integers = List.of(DataType.INT8, DataType.UINT8, DataType.INT16, DataType.INT32,
                DataType.INT64);
        Property.forAll(Gens.zip(Gens.elements(integers), Gens.listOf(Gens.ints(-1_000_000, 1_000_000), 0, 8),
                List::<Object>of)).tries(500).check(c -> {
                    DataType dtype = (DataType) c.get(0);
                    @SuppressWarnings("unchecked")
                    List<Integer> raw = (List<Integer>) c.get(1);
                    double lo = dtype == DataType.INT8 ? -128 : dtype == DataType.UINT8 ? 0
                            : dtype == DataType.INT16 ? -32768 : -1e6;
                    double hi = dtype == DataType.INT8 ? 127 : dtype == DataType.UINT8 ? 255
                            : dtype == DataType.INT16 ? 32767 : 1e6;
                    double[] values = raw.stream().mapToDouble(i -> Math.max(lo, Math.min(hi, i))).toArray();

                    Tensor t = Tensor.fromDoubles(dtype, values, values.length);

                    assertThat(t.toDoubles()).containsExactly(values);
                    assertThat(t.dtype()).isEqualTo(dtype);
                });
    }

    @Test
    void toString_showsTypeShapeAndAtMostEightElements() {
        assertThat(Tensor.ofInts(new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 10).toString())
                .isEqualTo("int32[10] [1, 2, 3, 4, 5, 6, 7, 8, ...]");
        assertThat(Tensor.ofStrings(new String[] {"a", "b"}, 2).toString()).isEqualTo("string[2] [a, b]");
    }
}
