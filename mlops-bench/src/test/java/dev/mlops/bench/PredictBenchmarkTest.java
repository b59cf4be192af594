// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The benchmark measures what it claims: for every model and batch it runs, the trial sets up, {@code raw} and
 * {@code sdk} return the same output, and the teardown releases every session and file. No timing here: speed is
 * measured by {@link Ratios}, never asserted in tests.
 */
class PredictBenchmarkTest {

    static Stream<Arguments> modelsAndBatches() {
        return Stream.of(Arguments.of("mlp", 1), Arguments.of("mlp", 8), Arguments.of("minilm", 1),
                Arguments.of("minilm", 8));
    }

    @ParameterizedTest(name = "{0}, batch {1}")
    @MethodSource("modelsAndBatches")
    void rawAndSdk_returnTheSameOutput_andTearDownReleasesEverySessionAndFile(String model, int batch)
            throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        PredictBenchmark state = new PredictBenchmark();
        state.model = model;
        state.batch = batch;
        try {
            state.setUp();
            assertThat(state.runtime().cacheStats().openSessions()).isEqualTo(sessionsBefore + 1);

            float[] raw = state.raw();
            float[] sdk = state.sdk();

            int width = model.equals("mlp") ? PredictBenchmark.MLP_OUTPUTS
                    : PredictBenchmark.SEQUENCE * PredictBenchmark.MINILM_HIDDEN;
            assertThat(raw).hasSize(batch * width);
            assertClose(sdk, raw, "sdk against raw");
            float[] again = state.raw();
            assertThat(again).as("a second raw call returns a fresh array").isNotSameAs(raw);
            assertClose(again, raw, "raw against raw");
        } finally {
            state.tearDown();
        }

        assertThat(ModelRuntime.openSessions()).as("SDK sessions open after teardown").isEqualTo(sessionsBefore);
        assertThat(state.runtime().cacheStats().cachedModels()).isZero();
        assertThatThrownBy(state::raw).as("the raw session is closed").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Files.exists(state.workDir())).as("temporary directory %s", state.workDir()).isFalse();
    }

    /** Element-wise within 1e-5, naming the worst element; AssertJ's offset comparison takes seconds on 393k floats. */
    static void assertClose(float[] actual, float[] expected, String what) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        int worst = 0;
        for (int i = 0; i < actual.length; i++) {
            float diff = Math.abs(actual[i] - expected[i]);
            if (Float.isNaN(diff)) { // NaN compares false with everything: report it at once
                worst = i;
                break;
            }
            if (diff > Math.abs(actual[worst] - expected[worst])) {
                worst = i;
            }
        }
        assertThat(actual[worst]).as("%s: element %d of %d (the largest difference)", what, worst, actual.length)
                .isCloseTo(expected[worst], within(1e-5f));
    }
}
