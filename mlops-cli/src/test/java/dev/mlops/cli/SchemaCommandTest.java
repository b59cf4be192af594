// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mlops.metadata.Metadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlops schema} gives research code in any language what it needs to check its own export. */
class SchemaCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** What a Python researcher writes by hand, with nothing from us but the schema. */
    static final String PYTHON = """
            import json, sys
            meta = {
                "schemaVersion": "1.0",
                "name": "weather",
                "version": "1.2.0",
                "author": "research",
                "createdAt": "2026-11-23T09:30:00+00:00",
                "inputs": [{"name": "features", "dtype": "float32", "shape": [-1, 2],
                            "features": ["celsius", "humidity"]}],
                "outputs": [{"name": "rain", "dtype": "float32", "shape": [-1, 1]}],
                "capabilities": {"area": ["Jerusalem", "Beit-Shemesh"]},
                "constraints": [{"input": "features", "feature": "celsius", "max": 100.0, "action": "reject"}],
                "adequacy": {"cases": "adequacy/cases.jsonl", "tolerance": {"absolute": 1e-5, "relative": 1e-4}},
                "metrics": [{"name": "rmse", "value": 0.42}],
                "provenance": {"gitCommit": "9f1c2ab", "buildNumber": 17, "trialId": "3",
                               "framework": {"name": "sklearn", "version": "1.5.2"}},
            }
            with open(sys.argv[1], "w") as f:
                json.dump(meta, f, indent=2)
            """;

    static JsonSchema schema;

    @TempDir
    Path tmp;

    @BeforeAll
    static void loadPrintedSchema() throws IOException {
        Cli r = Cli.run("schema");
        assertThat(r.code()).isZero();
        JsonNode node = JSON.readTree(r.out());
        schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(node, SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build());
    }

    @Test
    void schema_printsThePublishedSchema() {
        assertThat(Cli.run("schema").out()).isEqualTo(Metadata.jsonSchema());
    }

    @Test
    void schema_acceptsMetadataWrittenByHandInPythonAndRejectsItWithoutInputs() throws Exception {
        Path script = tmp.resolve("export.py");
        Path written = tmp.resolve("metadata.json");
        Files.writeString(script, PYTHON);
        Process p;
        try {
            p = new ProcessBuilder("python3", script.toString(), written.toString()).redirectErrorStream(true).start();
        } catch (IOException noPython) {
            assumeTrue(false, "python3 is not installed: " + noPython.getMessage());
            return;
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();

        JsonNode doc = JSON.readTree(written.toFile());
        assertThat(schema.validate(doc)).isEmpty();
        assertThat(Metadata.read(written).metadata().name()).isEqualTo("weather");

        ObjectNode withoutInputs = doc.deepCopy();
        withoutInputs.remove("inputs");
        withoutInputs.remove("constraints");
        Set<ValidationMessage> errors = schema.validate(withoutInputs);
        assertThat(errors).extracting(ValidationMessage::getMessage).anyMatch(m -> m.contains("inputs"));
    }
}
