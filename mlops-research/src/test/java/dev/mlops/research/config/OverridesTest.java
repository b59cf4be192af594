// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverridesTest {
    static final ConfigLoader<SampleConfig> LOADER = ConfigLoader.of(SampleConfig.class);

    @TempDir
    Path dir;
    Path file;

    @BeforeEach
    void writeConfig() throws Exception {
        file = dir.resolve("config.json");
        Files.writeString(file, SampleConfig.JSON);
    }

    EffectiveConfig<SampleConfig> load(Map<String, String> env, String... sets) {
        return LOADER.load(file, new Overrides(env, List.of(sets)));
    }

    static List<String> violations(Throwable e) {
        return ((InvalidConfigException) e).violations().stream().map(Violation::toString).toList();
    }

    @Test
    void set_replacesTheFilesValue() {
        EffectiveConfig<SampleConfig> config = load(Map.of(), "train.epochs=20", "model.name=storm",
                "train.optimizer=ADAM", "model.layers=[32, 16, 8]", "train.shuffle=false");

        assertThat(config.value().train().epochs()).isEqualTo(20);
        assertThat(config.value().model().name()).isEqualTo("storm");
        assertThat(config.value().train().optimizer()).isEqualTo(SampleConfig.Optimizer.ADAM);
        assertThat(config.value().model().layers()).containsExactly(32, 16, 8);
        assertThat(config.value().train().shuffle()).isFalse();
    }

    @Test
    void environment_mapsUnderscoredWordsToNestedCamelCaseKeys() {
        EffectiveConfig<SampleConfig> config = load(Map.of("MLOPS_TRAIN_EPOCHS", "20",
                "MLOPS_TRAIN_LEARNING_RATE", "0.5", "MLOPS_TRAIN_CLASS_WEIGHTS_RAIN", "3",
                "MLOPS_EVALUATION_OWNER", "ada"));

        assertThat(config.value().train().epochs()).isEqualTo(20);
        assertThat(config.value().train().learningRate()).isEqualTo(0.5);
        assertThat(config.value().train().classWeights()).containsEntry("rain", 3.0);
        assertThat(config.get("evaluation.owner")).contains("ada");
    }

    @Test
    void overridesApplyInOrder_fileThenEnvironmentThenSet_laterSetsWinning() {
        assertThat(load(Map.of()).value().train().epochs()).isEqualTo(10);
        assertThat(load(Map.of("MLOPS_TRAIN_EPOCHS", "20")).value().train().epochs()).isEqualTo(20);
        assertThat(load(Map.of("MLOPS_TRAIN_EPOCHS", "20"), "train.epochs=30").value().train().epochs())
                .isEqualTo(30);
        assertThat(load(Map.of(), "train.epochs=30", "train.epochs=40").value().train().epochs()).isEqualTo(40);
    }

    @Test
    void set_ofTheWrongType_namesTheKeyTheExpectedTypeAndTheOverride() {
        assertThatThrownBy(() -> load(Map.of(), "train.epochs=abc"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageStartingWith(file.toString())
                .satisfies(e -> assertThat(violations(e)).containsExactly(
                        "train.epochs: (--set train.epochs=abc) expected an integer (int), got \"abc\""));
    }

    @Test
    void environment_ofTheWrongType_namesTheVariable() {
        assertThatThrownBy(() -> load(Map.of("MLOPS_TRAIN_SHUFFLE", "yes")))
                .satisfies(e -> assertThat(violations(e)).containsExactly("train.shuffle: (environment variable"
                        + " MLOPS_TRAIN_SHUFFLE) expected true or false (boolean), got \"yes\""));
    }

    @Test
    void set_ofAPathThatDoesNotExist_isAnError_exceptWhereExtrasAreAllowed() {
        assertThatThrownBy(() -> load(Map.of(), "train.epoch=3", "nosuch.key=1", "model.name.first=x"))
                .satisfies(e -> assertThat(violations(e)).containsExactly(
                        "model.name.first: (--set model.name.first=x) no key 'first' in 'model.name'"
                                + " ('model.name' is a string)",
                        "nosuch.key: (--set nosuch.key=1) no key 'nosuch' in the configuration (SampleConfig has"
                                + " [model, train, evaluation, trial])",
                        "train.epoch: (--set train.epoch=3) no key 'epoch' in 'train' (Train has [epochs,"
                                + " learningRate, shuffle, optimizer, classWeights])"));

        EffectiveConfig<SampleConfig> config = load(Map.of(), "evaluation.threshold=0.7",
                "evaluation.owner=ada", "evaluation.tags=[\"a\"]");
        assertThat(config.get("evaluation.threshold")).contains(0.7);
        assertThat(config.get("evaluation.owner")).contains("ada");
        assertThat(config.get("evaluation.tags")).contains(List.of("a"));
    }

    @Test
    void environment_namingASectionButNoKeyInIt_isAnError() {
        assertThatThrownBy(() -> load(Map.of("MLOPS_TRAIN_EPOCH", "3")))
                .satisfies(e -> assertThat(violations(e)).singleElement().asString()
                        .startsWith("train: environment variable MLOPS_TRAIN_EPOCH: names no key here"));
    }

    @Test
    void set_withoutAnEqualsSign_isAnError() {
        assertThatThrownBy(() -> load(Map.of(), "train.epochs"))
                .satisfies(e -> assertThat(violations(e)).containsExactly(
                        "--set train.epochs: expected path=value, such as train.epochs=20"));
    }

    @Test
    void set_canCreateASectionMissingFromTheFile() throws Exception {
        Files.writeString(file, SampleConfig.JSON.replace("\"trial\": \"7\"", "\"trial\": \"7\"")
                .replaceAll("\"evaluation\": \\{[^}]*},", ""));

        EffectiveConfig<SampleConfig> config = load(Map.of(), "evaluation.dataset=x.csv");

        assertThat(config.value().evaluation().dataset()).isEqualTo("x.csv");
    }

    @Test
    void overriddenValuesAreCheckedByTheValidatorToo() {
        assertThatThrownBy(() -> load(Map.of(), "train.epochs=0"))
                .satisfies(e -> assertThat(violations(e)).containsExactly(
                        "train.epochs: must be greater than or equal to 1, got 0"));
    }
}
