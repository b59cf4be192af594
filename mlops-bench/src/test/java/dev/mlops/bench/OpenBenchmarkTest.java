// SPDX-License-Identifier: Apache-2.0
package dev.mlops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The open benchmark measures what it claims: for each model both sides run, the SDK side opens a fresh copy every
 * time (nothing cached, no session and no staged copy left after a call), and the teardown deletes everything. No
 * timing here: speed is measured by {@link OpenRatios} and JMH, never asserted in tests.
 */
class OpenBenchmarkTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"minilm", "dense80"})
    void rawAndSdk_run_andLeaveNoSessionNoStagedCopyNoFile(String model) throws Exception {
        long sessionsBefore = ModelRuntime.openSessions();
        OpenBenchmark state = new OpenBenchmark();
        state.model = model;
        try {
            state.setUp();

            double raw = state.raw();
            assertThat(raw).as("raw output sum").isFinite();
            String first = state.sdk();
            assertThat(first).startsWith("sha256:");
            assertThat(ModelRuntime.openSessions()).as("SDK sessions after an sdk call").isEqualTo(sessionsBefore);
            assertThat(state.runtime().cacheStats().cachedModels()).as("cached after an sdk call").isZero();
            assertThat(stagedEntries(state)).as("staging root after an sdk call").isEmpty();

            assertThat(state.sdk()).as("a second open sees the same delivery").isEqualTo(first);
            assertThat(state.runtime().cacheStats().hits()).as("the second open was cold, not a cache hit").isZero();
            assertThat(state.runtime().cacheStats().misses()).isEqualTo(2);
            assertThat(state.raw()).as("raw is deterministic").isEqualTo(raw);
        } finally {
            state.tearDown();
        }
        assertThat(ModelRuntime.openSessions()).isEqualTo(sessionsBefore);
        assertThat(Files.exists(state.workDir())).as("temporary directory %s", state.workDir()).isFalse();
    }

    @Test
    void quickRunner_measuresAndTakesAnOpenApart() throws Exception {
        OpenBenchmark state = new OpenBenchmark();
        state.model = "minilm";
        try {
            state.setUp();
            OpenRatios.Line line = OpenRatios.measure(state, 1, 0, 2);
            assertThat(line.rawMs()).isPositive();
            assertThat(line.sdkMs()).isPositive();
            assertThat(line.minPair()).isLessThanOrEqualTo(line.maxPair());
            assertThat(OpenRatios.phases(state, 0, 1)).containsKeys("stage (copy + SHA-256)", "session")
                    .allSatisfy((step, ms) -> assertThat(ms).as(step).isNotNegative());
            assertThat(stagedEntries(state)).as("staging root after the phases").isEmpty();
            assertThat(OpenRatios.table(List.of(line))).contains("minilm").contains("sdk/raw");
        } finally {
            state.tearDown();
        }
    }

    @Test
    void quickRunner_parsesItsOptions() {
        OpenRatios.Settings s = OpenRatios.parse("--model", "dense80", "--warmup", "1", "--reps", "5", "--runs", "3",
                "--phases").orElseThrow();
        assertThat(s).isEqualTo(new OpenRatios.Settings(List.of("dense80"), 1, 5, 3, true));
        assertThat(OpenRatios.parse()).contains(OpenRatios.Settings.defaults());
        assertThat(OpenRatios.parse("--help")).isEmpty();
    }

    /** What is left under the staging root besides lock files of live directories: staged copies. */
    private static List<String> stagedEntries(OpenBenchmark state) throws Exception {
        try (Stream<java.nio.file.Path> s = Files.list(state.stagingRoot())) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
