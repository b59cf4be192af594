// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidInputException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.internal.InputCheck;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InputCheckTest {
    /** x: float32[-1, 1]; ids: int64[-1, 3]; s: float64 scalar. */
    private static final ModelMetadata META = ModelMetadata.builder("linear", "1.0.0")
            .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
            .input(TensorSpec.of("ids", DataType.INT64, -1, 3))
            .input(TensorSpec.of("s", DataType.FLOAT64))
            .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
            .build();

    private static final ModelMetadata SINGLE = ModelMetadata.builder("linear", "1.0.0")
            .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
            .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
            .build();

    private static Map<String, Tensor> valid() {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put("x", Tensor.ofFloats(new float[] {1f, 2f, 3f}, 3, 1));
        m.put("ids", Tensor.ofLongs(new long[] {1, 2, 3}, 1, 3));
        m.put("s", Tensor.ofDoubles(new double[] {0.5}));
        return m;
    }

    private static String messageFor(ModelMetadata meta, Map<String, Tensor> inputs) {
        try {
            InputCheck.check(meta, inputs);
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected an InvalidInputException for " + inputs);
    }

    @Test
    void check_acceptsDeclaredInputsWithAnySizeOnDynamicAxes() {
        assertThatCode(() -> InputCheck.check(META, valid())).doesNotThrowAnyException();
        Map<String, Tensor> big = valid();
        big.put("x", Tensor.ofFloats(new float[1000], 1000, 1));
        big.put("ids", Tensor.ofLongs(new long[0], 0, 3));
        assertThatCode(() -> InputCheck.check(META, big)).doesNotThrowAnyException();
    }

    @Test
    void check_comparesNamesExactly_whateverEqualityTheCallersMapUses() {
        Map<String, Tensor> caseBlind = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseBlind.put("X", Tensor.ofFloats(new float[] {1f}, 1, 1));
        assertThat(caseBlind.containsKey("x")).isTrue();
        assertThat(messageFor(SINGLE, caseBlind)).contains("unknown input 'X'");
    }

    @Test
    void check_namesMissingInputWithItsDeclaredTypeAndShape() {
        assertThat(messageFor(SINGLE, Map.of())).isEqualTo("linear 1.0.0: missing input 'x' (float32[-1, 1])");
    }

    @Test
    void check_namesUnknownInputAndTheModelsInputs() {
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new float[] {1f}, 1, 1), "z",
                Tensor.ofFloats(new float[] {1f}, 1, 1));
        assertThat(messageFor(SINGLE, in)).isEqualTo("linear 1.0.0: unknown input 'z'; the model's inputs are [x]");
    }

    @Test
    void check_namesDtypeMismatch() {
        assertThat(messageFor(SINGLE, Map.of("x", Tensor.ofDoubles(new double[] {1}, 1, 1))))
                .isEqualTo("linear 1.0.0: input 'x': expected float32, got float64");
    }

    @Test
    void check_namesRankMismatchWithBothShapes() {
        assertThat(messageFor(SINGLE, Map.of("x", Tensor.ofFloats(new float[] {1f, 2f, 3f}, 3))))
                .isEqualTo("linear 1.0.0: input 'x': expected shape [-1, 1] (rank 2), got [3] (rank 1)");
    }

    @Test
    void check_namesFixedDimensionMismatch() {
        assertThat(messageFor(SINGLE, Map.of("x", Tensor.ofFloats(new float[6], 3, 2))))
                .isEqualTo("linear 1.0.0: input 'x': dimension 1 must be 1, got 2 (shape [3, 2])");
    }

    @Test
    void check_rejectsTensorForDeclaredScalar() {
        Map<String, Tensor> in = valid();
        in.put("s", Tensor.ofDoubles(new double[] {0.5}, 1));
        assertThat(messageFor(META, in))
                .isEqualTo("linear 1.0.0: input 's': expected shape [] (rank 0), got [1] (rank 1)");
    }

    @Test
    void check_namesNullTensor() {
        Map<String, Tensor> in = new HashMap<>();
        in.put("x", null);
        assertThat(messageFor(SINGLE, in)).isEqualTo("linear 1.0.0: input 'x' is null (expected float32[-1, 1])");
    }

    @Test
    void check_listsEveryProblemAtOnceDeclaredInputsFirstThenUnknownNamesSorted() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("zz", Tensor.ofFloats(new float[] {1f}, 1));
        in.put("x", Tensor.ofDoubles(new double[] {1, 2}, 2));
        in.put("ids", Tensor.ofLongs(new long[8], 2, 4));
        in.put("aa", Tensor.ofFloats(new float[] {1f}, 1));
        assertThat(messageFor(META, in)).isEqualTo("linear 1.0.0: 6 problems with the inputs:\n"
                + "  - input 'x': expected float32, got float64\n"
                + "  - input 'x': expected shape [-1, 1] (rank 2), got [2] (rank 1)\n"
                + "  - input 'ids': dimension 1 must be 3, got 4 (shape [2, 4])\n"
                + "  - missing input 's' (float64[])\n"
                + "  - unknown input 'aa'; the model's inputs are [x, ids, s]\n"
                + "  - unknown input 'zz'; the model's inputs are [x, ids, s]");
    }

    @Test
    void check_reportsEachMismatchedFixedDimension() {
        ModelMetadata meta = ModelMetadata.builder("img", "2.1.0")
                .input(TensorSpec.of("pixels", DataType.UINT8, -1, 3, 32, 32))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 10))
                .build();
        String message = messageFor(meta, Map.of("pixels", Tensor.ofUint8(new byte[3 * 28 * 28], 1, 3, 28, 28)));
        assertThat(message).startsWith("img 2.1.0: 2 problems with the inputs:")
                .contains("input 'pixels': dimension 2 must be 32, got 28 (shape [1, 3, 28, 28])")
                .contains("input 'pixels': dimension 3 must be 32, got 28 (shape [1, 3, 28, 28])");
    }

    @Test
    void check_rejectsNullArguments() {
        assertThatThrownBy(() -> InputCheck.check(META, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("inputs");
        assertThatThrownBy(() -> InputCheck.check(null, valid())).isInstanceOf(NullPointerException.class)
                .hasMessage("meta");
    }

    @Test
    void problems_isEmptyForValidInputs() {
        assertThat(InputCheck.problems(META, valid())).isEmpty();
    }
}
