// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.IncompatibleSchemaException;
import dev.mlops.api.InvalidMetadataException;
import dev.mlops.api.Violation;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.version.SchemaVersion;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataReadTest {

    static final String MINIMAL = """
            {"schemaVersion": "1.0", "name": "linear", "version": "1.0.0",
             "inputs": [{"name": "x", "dtype": "float32", "shape": [-1, 1]}],
             "outputs": [{"name": "y", "dtype": "float32", "shape": [-1, 1]}]}
            """;

    static InvalidMetadataException invalid(String json) {
        try {
            Metadata.parse(json);
        } catch (InvalidMetadataException e) {
            return e;
        }
        throw new AssertionError("expected InvalidMetadataException for " + json);
    }

    @Test
    void parse_readsMinimalDocumentWithDefaults() {
        ModelMetadata m = Metadata.parse(MINIMAL).metadata();
        assertThat(m.name()).isEqualTo("linear");
        assertThat(m.version().toString()).isEqualTo("1.0.0");
        assertThat(m.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(m.artifact().path()).isEqualTo("model.onnx");
        assertThat(m.inputs()).containsExactly(TensorSpec.of("x", DataType.FLOAT32, -1, 1));
        assertThat(m.adequacy()).isEmpty();
        assertThat(m.capabilities().values()).isEmpty();
    }

    @Test
    void parse_namesPathAndExpectationOfBadDimension() {
        String json = MINIMAL.replace("\"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 1]}]",
                "\"inputs\": [{\"name\": \"x\", \"dtype\": \"float32\", \"shape\": [-1, 1]},"
                        + " {\"name\": \"z\", \"dtype\": \"float32\", \"shape\": [-3]}]");
        InvalidMetadataException e = invalid(json);
        assertThat(e.violations()).containsExactly(
                new Violation("inputs[1].shape[0]", "-3 is not a dimension (use -1 for dynamic)"));
        assertThat(e.getMessage()).isEqualTo("metadata.json: inputs[1].shape[0]: -3 is not a dimension (use -1 for dynamic)");
    }

    @Test
    void parse_reportsEveryViolationAtOnce() {
        InvalidMetadataException e = invalid("""
                {"schemaVersion": "1.0", "name": "bad name!", "version": "1.0",
                 "inputs": [{"name": "x", "dtype": "float", "shape": "wide"}],
                 "outputs": [],
                 "constraints": [{"input": "t", "max": 1}],
                 "adequacy": {"cases": "../cases.jsonl", "tolerance": {"absolute": -1}}}
                """);
        assertThat(e.violations()).extracting(Violation::path).containsExactly(
                "adequacy.cases", "adequacy.tolerance.absolute", "constraints[0].input", "inputs[0].dtype",
                "inputs[0].shape", "name", "outputs", "version");
        assertThat(e.getMessage()).contains("8 problems")
                .contains("inputs[0].dtype: \"float\" is not a dtype (expected one of float32, float64")
                .contains("inputs[0].shape: expected an array, got the string \"wide\"")
                .contains("version: \"1.0\" is not a model version (expected MAJOR.MINOR.PIPELINE")
                .contains("constraints[0].input: \"t\" is not a declared input (inputs are [x])")
                .contains("adequacy.tolerance.absolute: -1.0 is not a tolerance (expected a number >= 0)")
                .contains("outputs: is empty: a model needs at least one output");
    }

    @Test
    void parse_reportsMissingRequiredFieldsByName() {
        InvalidMetadataException e = invalid("{\"schemaVersion\": \"1.0\"}");
        assertThat(e.violations()).extracting(Violation::path)
                .containsExactly("inputs", "name", "outputs", "version");
    }

    @Test
    void parse_checksCrossFieldRules() {
        InvalidMetadataException e = invalid("""
                {"schemaVersion": "1.0", "name": "m", "version": "1.0.0",
                 "inputs": [{"name": "x", "dtype": "float32", "shape": [-1, 2], "features": ["a", "b", "c"],
                             "dimNames": ["batch"], "range": {"min": 5, "max": 1}},
                            {"name": "x", "dtype": "float32", "shape": []}],
                 "outputs": [{"name": "y", "dtype": "float32", "shape": [1]}],
                 "constraints": [{"input": "x", "feature": "d", "min": 3, "max": 2}],
                 "adequacy": {"cases": "a.jsonl", "perOutput": {"z": {"absolute": 1}}}}
                """);
        assertThat(e.violations()).extracting(Violation::toString).containsExactly(
                "adequacy.perOutput.z: names no declared output (outputs are [y])",
                "constraints[0]: min 3.0 is greater than max 2.0",
                "constraints[0].feature: \"d\" is not a feature of input \"x\" (its features are [a, b, c])",
                "inputs[0].dimNames: 1 names for a shape of rank 2 (expected one name per axis)",
                "inputs[0].features: 3 names for a last axis of size 2 (expected as many as the last axis)",
                "inputs[0].range: min 5.0 is greater than max 1.0",
                "inputs[1].name: \"x\" is already the name of another tensor in inputs (names must be unique)");
    }

    @Test
    void parse_acceptsNewerMinorAndKeepsUnknownFieldsThroughRoundTrip() {
        String json = """
                {"schemaVersion": "1.7", "name": "m", "version": "2.1.0", "futureTopLevel": {"a": [1, 2]},
                 "inputs": [{"name": "x", "dtype": "int64", "shape": [-1, -1], "quantization": "q8"}],
                 "outputs": [{"name": "y", "dtype": "float32", "shape": [-1, 384]}],
                 "provenance": {"branch": "main", "runner": "gpu-7"}}
                """;
        MetadataDocument doc = Metadata.parse(json);
        assertThat(doc.metadata().schemaVersion()).isEqualTo(new SchemaVersion(1, 7));
        assertThat(doc.unknownFields()).containsExactly("futureTopLevel", "inputs[0].quantization",
                "provenance.runner");
        MetadataDocument again = Metadata.parse(doc.toJson());
        assertThat(again.metadata()).isEqualTo(doc.metadata());
        assertThat(again.toJson()).contains("\"quantization\" : \"q8\"").contains("\"runner\" : \"gpu-7\"")
                .contains("\"futureTopLevel\"");
        assertThat(again.unknownFields()).containsExactlyInAnyOrderElementsOf(doc.unknownFields());
    }

    @Test
    void parse_rejectsNewerMajorNamingSupportedVersions() {
        assertThatThrownBy(() -> Metadata.parse(MINIMAL.replace("\"1.0\"", "\"2.0\"")))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessage("metadata.json: schemaVersion: 2.0 is not supported; this release reads schema 1.x "
                        + "(newest 1.0), and 0.x through migration");
    }

    @Test
    void parse_rejectsMalformedSchemaVersion() {
        assertThat(invalid(MINIMAL.replace("\"1.0\"", "\"one\"")).violations())
                .containsExactly(new Violation("schemaVersion",
                        "'one' is not a schema version (expected MAJOR.MINOR, e.g. 1.0)"));
    }

    @Test
    void parse_rejectsDuplicateKeys() {
        InvalidMetadataException e = invalid(MINIMAL.replace("\"name\": \"linear\",",
                "\"name\": \"linear\", \"name\": \"evil\","));
        assertThat(e.getMessage()).contains("line 1").contains("Duplicate field 'name'");
    }

    @Test
    void parse_rejectsTrailingDocument() {
        assertThat(invalid(MINIMAL + " {\"name\": \"evil\"}").getMessage()).contains("malformed JSON")
                .contains("Trailing token");
    }

    @Test
    void parse_rejectsDeepNesting() {
        String deep = "[".repeat(40) + "]".repeat(40);
        String json = MINIMAL.replace("{\"schemaVersion\"", "{\"extensions\": {\"deep\": " + deep + "}, \"schemaVersion\"");
        assertThat(invalid(json).getMessage()).contains("exceeds a parsing limit").contains("depth");
    }

    @Test
    void parse_rejectsHugeNumbers() {
        String json = MINIMAL.replace("[-1, 1]}]", "[-1, 1" + "0".repeat(100) + "]}]");
        assertThat(invalid(json).getMessage()).contains("exceeds a parsing limit").contains("Number value length");
    }

    @Test
    void parse_rejectsFractionalDimensionAsTypeError() {
        assertThat(invalid(MINIMAL.replace("\"y\", \"dtype\": \"float32\", \"shape\": [-1, 1]", "\"y\", \"dtype\": \"float32\", \"shape\": [-1, 1.5]")).violations())
                .containsExactly(new Violation("outputs[0].shape[1]", "expected an integer, got the number 1.5"));
    }

    @Test
    void parse_rejectsNonObjectRoot() {
        assertThat(invalid("[1, 2]").violations())
                .containsExactly(new Violation("", "expected a JSON object, got an array"));
    }

    @Test
    void parse_readsFullDocument() {
        ModelMetadata m = Metadata.parse("""
                {"schemaVersion": "1.0", "name": "weather", "version": "1.2.3", "buildId": "weather__main__abc__7__1",
                 "description": "d", "author": "a", "createdAt": "2026-11-23T10:15:30+02:00", "modelType": "regression",
                 "artifact": {"format": "onnx", "path": "models/w.onnx"},
                 "inputs": [{"name": "x", "dtype": "float32", "shape": [-1, 2], "features": ["celsius", "humidity"],
                             "unit": "mixed", "dimNames": ["batch", "feature"], "range": {"min": -100, "max": 200}}],
                 "outputs": [{"name": "rain", "dtype": "float32", "shape": [-1, 1]}],
                 "capabilities": {"area": ["Jerusalem", "Beit-Shemesh"]},
                 "constraints": [{"input": "x", "feature": "celsius", "max": 100, "message": "boils"},
                                 {"input": "x", "feature": "humidity", "min": 0, "max": 100, "action": "warn"}],
                 "preprocessing": {"name": "weather-norm", "version": "2"},
                 "adequacy": {"cases": "adequacy/cases.jsonl", "tolerance": {"absolute": 1e-6},
                              "perOutput": {"rain": {"relative": 0.01}}},
                 "metrics": [{"name": "rmse", "value": 0.5, "dataset": "ims", "split": "test"}],
                 "provenance": {"gitCommit": "abc", "branch": "main", "buildNumber": 7, "trialId": "1",
                                "trainEndTime": "2026-11-22T00:00:00Z",
                                "datasets": [{"name": "ims", "version": "3", "sha256": "%s"}],
                                "framework": {"name": "pytorch", "version": "2.5.1"}, "configSha256": "%s"},
                 "runtime": {"providers": ["cuda", "cpu"], "minSdkVersion": "0.1.0", "memoryMb": 256},
                 "extensions": {"team": {"owner": "weather", "tags": ["a", 1, true]}}}
                """.formatted("a".repeat(64), "b".repeat(64))).metadata();
        assertThat(m.capabilities().has("area", "Jerusalem")).isTrue();
        assertThat(m.constraints()).hasSize(2);
        assertThat(m.constraints().get(0).action()).isEqualTo(ConstraintAction.REJECT);
        assertThat(m.constraints().get(1).action()).isEqualTo(ConstraintAction.WARN);
        assertThat(m.adequacy().orElseThrow().tolerance()).isEqualTo(new Tolerance(1e-6, 1e-4));
        assertThat(m.adequacy().orElseThrow().toleranceFor("rain")).isEqualTo(new Tolerance(1e-6, 0.01));
        assertThat(m.provenance().buildNumber().getAsLong()).isEqualTo(7);
        assertThat(m.runtime().providers()).containsExactly("cuda", "cpu");
        assertThat(m.extensions()).containsKey("team");
        assertThat(m.createdAt().orElseThrow().getOffset().getTotalSeconds()).isEqualTo(7200);
        assertThat(Metadata.parse(Metadata.toJson(m)).metadata()).isEqualTo(m);
    }

    @Test
    void validate_reportsProblemsOfMetadataBuiltInCode() {
        ModelMetadata m = ModelMetadata.builder("m", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .constraint(dev.mlops.api.spec.Constraint.reject("x", "celsius", -40, 100))
                .build();
        List<Violation> problems = Metadata.validate(m);
        assertThat(problems).extracting(Violation::path).containsExactly("constraints[0].feature");
        assertThatThrownBy(() -> Metadata.toJson(m)).isInstanceOf(InvalidMetadataException.class)
                .hasMessageContaining("\"celsius\" is not a feature of input \"x\"");
    }

    @Test
    void jsonSchema_isPublishedAsResource() {
        assertThat(Metadata.jsonSchema()).contains("\"$schema\"").contains("\"inputs\"");
    }
}
