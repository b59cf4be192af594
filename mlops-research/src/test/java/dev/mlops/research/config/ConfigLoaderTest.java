// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Violation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    static final ConfigLoader<SampleConfig> LOADER = ConfigLoader.of(SampleConfig.class);

    @TempDir
    Path dir;

    Path write(String name, String json) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, json, StandardCharsets.UTF_8);
        return file;
    }

    static List<Violation> violations(Throwable e) {
        return ((InvalidConfigException) e).violations();
    }

    @Test
    void load_bindsEachSectionToItsRecord() throws Exception {
        EffectiveConfig<SampleConfig> config = LOADER.load(write("config.json", SampleConfig.JSON));

        SampleConfig c = config.value();
        assertThat(c.model().name()).isEqualTo("weather");
        assertThat(c.model().layers()).containsExactly(16, 8);
        assertThat(c.train().epochs()).isEqualTo(10);
        assertThat(c.train().learningRate()).isEqualTo(0.01);
        assertThat(c.train().optimizer()).isEqualTo(SampleConfig.Optimizer.SGD);
        assertThat(c.train().classWeights()).containsEntry("rain", 2.0);
        assertThat(c.evaluation().metrics()).containsExactly("mse");
        assertThat(config.get("train.epochs")).contains(10L);
        assertThat(config.get("evaluation.notes")).contains("first try");
        assertThat(config.get("model.layers")).contains(List.of(16L, 8L));
        assertThat(config.get("train.nothing")).isEmpty();
        assertThat(config.source()).isEqualTo(dir.resolve("config.json").toString());
    }

    @Test
    void load_rejectsUnknownKeyNamingItsPath() throws Exception {
        Path file = write("config.json", SampleConfig.JSON.replace("\"epochs\"", "\"epoch\""));

        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("train.epoch: unknown key")
                .hasMessageContaining("@AllowExtraKeys")
                .satisfies(e -> assertThat(violations(e)).extracting(Violation::path)
                        .containsExactly("train.epoch", "train.epochs"));
    }

    @Test
    void load_keepsExtraKeysOfSectionAnnotatedAllowExtraKeys_andCountsThemInTheHash() throws Exception {
        EffectiveConfig<SampleConfig> a = LOADER.load(write("a.json", SampleConfig.JSON));
        EffectiveConfig<SampleConfig> b = LOADER.load(write("b.json",
                SampleConfig.JSON.replace("first try", "second try")));

        assertThat(a.toJson()).contains("\"notes\" : \"first try\"");
        assertThat(a.sha256()).isNotEqualTo(b.sha256());
    }

    @Test
    void load_reportsEveryViolationAtOnceWithItsJsonPath() throws Exception {
        Path file = write("config.json", """
                {"model": {"name": "", "layers": [16, "eight"]},
                 "train": {"epochs": 0, "learningRate": "fast", "optimizer": "RMS", "classWeights": {"rain": true},
                           "extra": 1},
                 "evaluation": {"dataset": "d.csv"}}
                """);

        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(violations(e)).extracting(Violation::toString).containsExactly(
                        "model.layers[1]: expected an integer (int), got the string \"eight\"",
                        "model.name: must not be blank, got \"\"",
                        "train.classWeights.rain: expected a number (double), got true",
                        "train.epochs: must be greater than or equal to 1, got 0",
                        "train.extra: unknown key; Train has [epochs, learningRate, shuffle, optimizer,"
                                + " classWeights] (annotate it with @AllowExtraKeys to allow others)",
                        "train.learningRate: expected a number (double), got the string \"fast\"",
                        "train.optimizer: expected one of [SGD, ADAM] (Optimizer), got the string \"RMS\"",
                        "train.shuffle: is required: expected true or false (boolean)"));
    }

    @Test
    void load_acceptsAnyNumberSpellingOfAWholeNumberForAnInt() throws Exception {
        EffectiveConfig<SampleConfig> config = LOADER.load(write("config.json",
                SampleConfig.JSON.replace("\"epochs\": 10", "\"epochs\": 1e1")));

        assertThat(config.value().train().epochs()).isEqualTo(10);
    }

    @Test
    void load_missingFile_throwsConfigNotFoundNamingTheFile() {
        Path missing = dir.resolve("nope.json");

        assertThatThrownBy(() -> LOADER.load(missing))
                .isInstanceOf(ConfigNotFoundException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString());
    }

    @Test
    void load_malformedJson_namesFileLineAndColumn() throws Exception {
        Path file = write("config.json", "{\n  \"model\": {\"name\": \"x\",,}\n}");

        assertThatThrownBy(() -> LOADER.load(file))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(file + ": line 2, column ")
                .hasMessageContaining("malformed JSON");
    }

    @Test
    void load_rejectsDuplicateKeys() throws Exception {
        Path file = write("config.json", "{\"trial\": \"1\", \"trial\": \"2\"}");

        assertThatThrownBy(() -> LOADER.load(file)).isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("Duplicate field 'trial'");
    }

    @Test
    void load_rejectsADocumentThatIsNotAnObject() throws Exception {
        Path file = write("config.json", "[1, 2]");

        assertThatThrownBy(() -> LOADER.load(file)).isInstanceOf(InvalidConfigException.class)
                .hasMessage(file + ": expected a JSON object, got an array");
    }

    @Test
    void of_rejectsARecordComponentTypeAConfigCannotHold() {
        record Bad(java.util.Set<String> tags) {
        }

        assertThatThrownBy(() -> ConfigLoader.of(Bad.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad.tags")
                .hasMessageContaining("java.util.Set<java.lang.String>");
    }

    @Test
    void fromValue_makesTheSameConfigAsTheFileWithTheSameValues() throws Exception {
        String json = """
                {"model": {"name": "weather", "layers": [4]},
                 "train": {"epochs": 3, "learningRate": 0.5, "shuffle": false, "optimizer": "ADAM",
                           "classWeights": {}},
                 "evaluation": {"dataset": "t.csv", "metrics": []}, "trial": "1"}
                """;
        EffectiveConfig<SampleConfig> loaded = LOADER.load(write("config.json", json));

        EffectiveConfig<SampleConfig> made = LOADER.fromValue(loaded.value());

        assertThat(made.sha256()).isEqualTo(loaded.sha256());
        assertThat(made.source()).isEqualTo("config");
    }

    record ModelOnly(@jakarta.validation.Valid Map<String, Object> model) {
    }

    record TrainOnly(SampleConfig.Train train) {
    }

    @Test
    void bind_checksTheTreeAgainstAnotherRecordType() throws Exception {
        EffectiveConfig<SampleConfig> config = LOADER.load(write("config.json", SampleConfig.JSON));

        assertThatThrownBy(() -> config.bind(TrainOnly.class))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("model: unknown key");
        assertThat(config.bind(SampleConfig.class)).isSameAs(config.value());
    }

    @Test
    void environmentVariablesOfOtherToolsAreIgnored() throws Exception {
        EffectiveConfig<SampleConfig> config = LOADER.load(write("config.json", SampleConfig.JSON),
                new Overrides(Map.of("MLOPS_STORE", "jdbc:sqlite:x.db", "HOME", "/root"), List.of()));

        assertThat(config.sha256()).isEqualTo(LOADER.load(dir.resolve("config.json")).sha256());
    }
}
