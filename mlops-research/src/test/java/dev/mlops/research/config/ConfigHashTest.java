// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigHashTest {
    static final ConfigLoader<SampleConfig> LOADER = ConfigLoader.of(SampleConfig.class);

    @TempDir
    Path dir;

    EffectiveConfig<SampleConfig> load(String name, String json, String... sets) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return LOADER.load(file, new Overrides(Map.of(), List.of(sets)));
    }

    @Test
    void sha256_isStableAcrossKeyOrderWhitespaceAndNumberSpelling() throws Exception {
        EffectiveConfig<SampleConfig> original = load("a.json", SampleConfig.JSON);
        String reordered = """
                {"trial":"7","evaluation":{"notes":"first try","metrics":["mse"],"dataset":"weather-test.csv"},
                "train":{"classWeights":{"dry":1,"rain":2e0},"optimizer":"SGD","shuffle":true,
                "learningRate":1.0E-2,"epochs":10.0},"model":{"layers":[16,8],"name":"weather"}}""";

        EffectiveConfig<SampleConfig> same = load("b.json", reordered);

        assertThat(same.sha256()).isEqualTo(original.sha256()).hasSize(64);
        assertThat(original.sha256()).isEqualTo(CanonicalJson.sha256(original.toTree()));
    }

    @Test
    void sha256_changesWhenOneValueChanges() throws Exception {
        EffectiveConfig<SampleConfig> original = load("a.json", SampleConfig.JSON);

        assertThat(load("b.json", SampleConfig.JSON.replace("\"epochs\": 10", "\"epochs\": 11")).sha256())
                .isNotEqualTo(original.sha256());
        assertThat(load("c.json", SampleConfig.JSON, "train.learningRate=0.02").sha256())
                .isNotEqualTo(original.sha256());
    }

    @Test
    void sha256_isThatOfTheEffectiveConfig_soAnOverrideEqualToTheFileChangesNothing() throws Exception {
        EffectiveConfig<SampleConfig> original = load("a.json", SampleConfig.JSON);

        assertThat(load("b.json", SampleConfig.JSON, "train.epochs=10").sha256()).isEqualTo(original.sha256());
        assertThat(load("c.json", SampleConfig.JSON.replace("\"epochs\": 10", "\"epochs\": 3"), "train.epochs=10")
                .sha256()).isEqualTo(original.sha256());
    }

    @Test
    void save_writesTheEffectiveConfigThatLoadsBackWithTheSameHash() throws Exception {
        EffectiveConfig<SampleConfig> config = load("a.json", SampleConfig.JSON, "train.epochs=20");
        Path saved = dir.resolve("export").resolve("config.json");
        Files.createDirectories(saved.getParent());

        config.save(saved);

        EffectiveConfig<SampleConfig> again = LOADER.load(saved);
        assertThat(again.value()).isEqualTo(config.value());
        assertThat(again.sha256()).isEqualTo(config.sha256()).isEqualTo(CanonicalJson.sha256(saved));
        assertThat(Files.readString(saved)).contains("\n  \"train\" : {").endsWith("}\n");
        try (var files = Files.list(saved.getParent())) {
            assertThat(files).containsExactly(saved); // no temporary file left
        }
    }

    @Test
    void save_writesJsonThatPythonsJsonModuleReads() throws Exception {
        EffectiveConfig<SampleConfig> config = load("a.json", SampleConfig.JSON);
        Path saved = dir.resolve("config.json");
        config.save(saved);
        Path python = Path.of("/usr/bin/python3");
        assumeThat(Files.isExecutable(python)).as("python3 is not installed at /usr/bin/python3").isTrue();

        Process p = new ProcessBuilder(python.toString(), "-c",
                "import json,sys; d=json.load(open(sys.argv[1])); print(d['train']['epochs'], d['model']['name'])",
                saved.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes()).strip()).isEqualTo("10 weather");
        assertThat(p.exitValue()).isZero();
    }
}
