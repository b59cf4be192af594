// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field and cross-field rule that is not a standard Bean Validation annotation, with its exact path and
 * message: pinned so that moving a rule between engines (issue 8, "metadata rules in one place") changes nothing a
 * user sees.
 */
class MetadataRulesTest {
    private static final String X = "{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 2]}";
    private static final String Y = "{\"name\": \"y\", \"dtype\": \"float32\", \"shape\": [-1, 1]}";

    private static String doc(String inputs, String outputs, String more) {
        return "{\"schemaVersion\": \"1.0\", \"name\": \"m\", \"version\": \"1.0.0\", \"inputs\": [" + inputs
                + "], \"outputs\": [" + outputs + "]" + more + "}";
    }

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(doc(X, Y, ", \"createdAt\": \"nope\""), "createdAt",
                        "\"nope\" is not an ISO-8601 date-time with offset (e.g. 2026-11-23T10:15:30Z)"),
                Arguments.of(doc(X, Y, ", \"provenance\": {\"trainEndTime\": \"2026-13-01T00:00:00Z\"}"),
                        "provenance.trainEndTime", "\"2026-13-01T00:00:00Z\" is not an ISO-8601 date-time with offset "
                                + "(e.g. 2026-11-23T10:15:30Z)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float128\", \"shape\": [1]}", Y, ""),
                        "inputs[0].dtype", "\"float128\" is not a dtype (expected one of "
                                + dev.mlops.api.spec.DataType.knownNames() + "; outputs may also be sequence<DTYPE>,"
                                + " sequence<map<KEY,DTYPE>> or map<KEY,DTYPE>)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [1]}",
                        "{\"name\": \"p\", \"dtype\": \"sequence<map<int64,float32>>\", \"shape\": [-1]}", ""),
                        "outputs[0].shape", "a sequence<map<int64,float32>> is not a tensor and has no shape (remove it)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"map<int64,float32>\"}", Y, ""),
                        "inputs[0].dtype", "\"map<int64,float32>\" is not a tensor type: inputs are tensors (sequence"
                                + " and map types are for outputs)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [1]}",
                        "{\"name\": \"p\", \"dtype\": \"map<int64,bool>\"}", ""), "outputs[0].dtype",
                        "'map<int64,bool>' is not a dtype: value: bool is not a map value type (float32, float64, int64"
                                + " or string) (known: " + dev.mlops.api.spec.DataType.knownNames() + ", sequence<DTYPE>,"
                                + " sequence<map<KEY,DTYPE>>, map<KEY,DTYPE> with KEY int64 or string)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 2], \"dimNames\": [\"b\"]}",
                        Y, ""), "inputs[0].dimNames", "1 names for a shape of rank 2 (expected one name per axis)"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 2], \"features\": [\"a\", "
                        + "\"a\"]}", Y, ""), "inputs[0].features[1]", "\"a\" is listed twice"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [], \"features\": [\"a\"]}", Y,
                        ""), "inputs[0].features", "a scalar has no feature axis"),
                Arguments.of(doc("{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 2], \"features\": [\"a\"]}",
                        Y, ""), "inputs[0].features", "1 names for a last axis of size 2 (expected as many as the last "
                                + "axis)"),
                Arguments.of(doc(X, "{\"name\": \"y\", \"dtype\": \"float32\", \"shape\": [1], \"range\": {\"min\": 2, "
                        + "\"max\": 1}}", ""), "outputs[0].range", "min 2.0 is greater than max 1.0"),
                Arguments.of(doc(X + ", " + X, Y, ""), "inputs[1].name",
                        "\"x\" is already the name of another tensor in inputs (names must be unique)"),
                Arguments.of(doc(X, Y + ", " + Y, ""), "outputs[1].name",
                        "\"y\" is already the name of another tensor in outputs (names must be unique)"),
                Arguments.of(doc("{\"name\": \"{x}$%s\\\\\", \"dtype\": \"float32\", \"shape\": [1]}, "
                        + "{\"name\": \"{x}$%s\\\\\", \"dtype\": \"float32\", \"shape\": [1]}", Y, ""),
                        "inputs[1].name", "\"{x}$%s\\\" is already the name of another tensor in inputs (names must "
                                + "be unique)"),
                Arguments.of(doc(X, Y, ", \"capabilities\": {\" \": [\"a\"]}"), "capabilities",
                        "capability keys must not be blank"),
                Arguments.of(doc(X, Y, ", \"constraints\": [{\"input\": \"x\"}]"), "constraints[0]",
                        "a constraint needs min, max or both"),
                Arguments.of(doc(X, Y, ", \"constraints\": [{\"input\": \"x\", \"min\": 3, \"max\": 1}]"),
                        "constraints[0]", "min 3.0 is greater than max 1.0"),
                Arguments.of(doc(X, Y, ", \"constraints\": [{\"input\": \"z\", \"min\": 0}]"), "constraints[0].input",
                        "\"z\" is not a declared input (inputs are [x])"),
                Arguments.of(doc(X, Y, ", \"constraints\": [{\"input\": \"x\", \"feature\": \"f\", \"min\": 0}]"),
                        "constraints[0].feature", "\"f\" is not a feature of input \"x\" (its features are [])"),
                Arguments.of(doc(X, Y, ", \"adequacy\": {\"cases\": \"a.jsonl\", \"perOutput\": {\"z\": "
                        + "{\"absolute\": 1}}}"), "adequacy.perOutput.z",
                        "names no declared output (outputs are [y])"));
    }

    @ParameterizedTest
    @MethodSource("rules")
    void read_reportsTheRuleAtItsPathWithItsMessage(String json, String path, String message) {
        InvalidMetadataException e = catchThrowableOfType(InvalidMetadataException.class, () -> Metadata.parse(json));
        assertThat(e).as(json).isNotNull();
        assertThat(e.violations()).isEqualTo(List.of(new Violation(path, message)));
    }
}
