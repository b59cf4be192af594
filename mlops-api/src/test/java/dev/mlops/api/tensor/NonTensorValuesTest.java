// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.spec.ValueType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NonTensorValuesTest {
    private static final ValueType ZIPMAP = ValueType.parse("sequence<map<int64,float32>>");

    @ParameterizedTest
    @ValueSource(strings = {"float32", "string", "sequence<float32>", "sequence<map<int64,float32>>",
        "sequence<map<string,float64>>", "map<string,int64>", "map<int64,string>"})
    void parse_readsEveryFormOfTheGrammarAndWritesItBack(String name) {
        assertThat(ValueType.parse(name).jsonName()).isEqualTo(name);
    }

    @Test
    void parse_buildsNestedTypes() {
        assertThat(ZIPMAP).isEqualTo(new ValueType.SequenceType(new ValueType.MapType(DataType.INT64, DataType.FLOAT32)));
        assertThat(ZIPMAP.elementType()).isEqualTo(DataType.FLOAT32);
        assertThat(ZIPMAP.isTensor()).isFalse();
        assertThat(ValueType.parse("int64").isTensor()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sequence<sequence<float32>>", "map<float32,float32>", "map<int64,bool>", "map<int64>",
        "sequence<complex64>", "sequence <float32>", "list<float32>", ""})
    void parse_refusesWhatTheGrammarDoesNotHaveNamingTheName(String name) {
        assertThatThrownBy(() -> ValueType.parse(name)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("'" + name + "' is not a dtype")
                .hasMessageContaining("sequence<map<KEY,DTYPE>>");
    }

    @Test
    void tensorSpec_ofANonTensorTypeHasItsElementTypeAndNoShape() {
        TensorSpec spec = TensorSpec.of("output_probability", ZIPMAP);
        assertThat(spec.isTensor()).isFalse();
        assertThat(spec.dtype()).isEqualTo(DataType.FLOAT32);
        assertThat(spec.shape().isScalar()).isTrue();
        assertThat(TensorSpec.of("y", DataType.FLOAT32, -1, 1).type()).isEqualTo(new ValueType.TensorType(DataType.FLOAT32));
        assertThat(spec.withDescription("p").type()).isEqualTo(ZIPMAP);
    }

    @Test
    void tensorSpec_refusesAShapeFeaturesOrAnotherElementTypeOnANonTensor() {
        assertThatThrownBy(() -> new TensorSpec("p", DataType.FLOAT32, Shape.of(-1), List.of(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), ZIPMAP))
                .hasMessage("p.shape: a sequence<map<int64,float32>> is not a tensor and has no shape");
        assertThatThrownBy(() -> TensorSpec.of("p", ZIPMAP).withRange(0, 1))
                .hasMessage("p.range: a sequence<map<int64,float32>> is not a tensor and has no range");
        assertThatThrownBy(() -> new TensorSpec("p", DataType.INT64, Shape.scalar(), List.of(), Optional.empty(),
                Optional.empty(), List.of(), Optional.empty(), ZIPMAP))
                .hasMessage("p.dtype: int64 is not the element type of sequence<map<int64,float32>>");
    }

    @Test
    void valueMap_keepsEntriesInKeyOrderAndChecksTheirJavaTypes() {
        Map<Long, Float> probabilities = new LinkedHashMap<>();
        probabilities.put(10L, 0.25f);
        probabilities.put(2L, 0.75f);
        ValueMap m = ValueMap.ofLongToFloat(probabilities);
        assertThat(m.entries().keySet()).containsExactly(2L, 10L);
        assertThat(m.getDouble(2L)).isEqualTo(0.75);
        assertThat(m.get(3L)).isEmpty();
        assertThat(m.type().jsonName()).isEqualTo("map<int64,float32>");
        assertThatThrownBy(() -> m.getDouble(3L)).isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no key 3").hasMessageContaining("[2, 10]");
        assertThatThrownBy(() -> new ValueMap(new ValueType.MapType(DataType.INT64, DataType.FLOAT32),
                Map.of("two", 0.5f))).hasMessage("entries: key two is a String, not the Long a map<int64,float32> holds");
        assertThatThrownBy(() -> new ValueMap(new ValueType.MapType(DataType.STRING, DataType.FLOAT32),
                Map.of("two", 0.5d))).hasMessage("entries[two]: 0.5 is a Double, not the Float a map<string,float32> holds");
        assertThat(ValueMap.ofStringToFloat(Map.of("b", 1f, "a", 2f)).entries().keySet()).containsExactly("a", "b");
    }

    @Test
    void valueSequence_holdsElementsOfItsTypeOnly() {
        ValueMap row = ValueMap.ofLongToFloat(Map.of(0L, 0.5f, 1L, 0.5f));
        ValueSequence rows = ValueSequence.ofMaps(List.of(row, row));
        assertThat(rows.type()).isEqualTo(ZIPMAP);
        assertThat(rows.size()).isEqualTo(2);
        assertThat(rows).isEqualTo(ValueSequence.ofMaps(List.of(row, ValueMap.ofLongToFloat(Map.of(1L, 0.5f, 0L, 0.5f)))));
        assertThatThrownBy(() -> new ValueSequence((ValueType.SequenceType) ZIPMAP,
                List.of(row, ValueMap.ofStringToFloat(Map.of("a", 1f)))))
                .hasMessage("elements[1]: a map<string,float32> in a sequence<map<int64,float32>>");
        assertThatThrownBy(() -> ValueSequence.ofMaps(List.of())).hasMessageContaining("empty");
        assertThat(rows.isEmpty()).isFalse();
        assertThat(new ValueSequence((ValueType.SequenceType) ZIPMAP, List.of()).isEmpty()).isTrue();
        assertThat(ValueMap.ofLongToFloat(Map.of()).isEmpty()).isTrue();
        assertThat(row.isEmpty()).isFalse();
        assertThat(Tensor.ofFloats(new float[0], 0, 2).isEmpty()).isTrue();
        Tensor t = Tensor.ofFloats(new float[] {1f}, 1);
        Map<String, Value> outputs = new LinkedHashMap<>();
        outputs.put("p", rows);
        outputs.put("label", t);
        assertThat(Value.tensors(outputs)).containsExactly(Map.entry("label", t));
        assertThat(new ValueSequence(new ValueType.SequenceType(t.type()), List.of(t)).elements()).containsExactly(t);
    }

    @Test
    void composite_passesWithoutADifferenceAndDescribesOne() {
        OutputResult.Composite ok = new OutputResult.Composite("p", ZIPMAP, Tolerance.DEFAULT, Optional.empty());
        assertThat(ok.passed()).isTrue();
        assertThat(ok.describe()).isEqualTo("output 'p': passed");
        OutputResult.Composite bad = new OutputResult.Composite("p", ZIPMAP, Tolerance.DEFAULT,
                Optional.of(new OutputResult.Difference("[0][\"1\"]", "expected 0.5, actual 0.7")));
        assertThat(bad.passed()).isFalse();
        assertThat(bad.describe()).isEqualTo("output 'p' at [0][\"1\"]: expected 0.5, actual 0.7");
        assertThatThrownBy(() -> new OutputResult.Composite("p", ValueType.parse("float32"), Tolerance.DEFAULT,
                Optional.empty())).hasMessageContaining("is a tensor type");
        assertThatThrownBy(() -> new OutputResult.Difference("[0]", " ")).hasMessageContaining("must say what differs");
    }
}
