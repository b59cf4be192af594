// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static dev.mlops.testkit.ContractFixtures.LINEAR;
import static dev.mlops.testkit.ContractFixtures.result;
import static dev.mlops.testkit.ContractFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.ContractFixtures.FakeModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

class RuntimeModelContractTest {
    private static final List<Map<String, Tensor>> SAMPLES = List.of(
            LINEAR.sampleInputs(), Map.of("x", Tensor.ofFloats(new float[] {-3, 7}, 1, 2)));

    @TempDir
    Path tmp;

    @Test
    void runtimeModel_passesEveryCheck() {
        Path bundle = ContractFixtures.packed(tmp.resolve("linear"), LINEAR, ContractFixtures.linearMetadata(),
                UnaryOperator.identity());

        Map<String, Throwable> results = run(RuntimeModelContract.of(() -> {
            ModelRuntime runtime = ModelRuntime.newBuilder().build();
            return new OwningModel(runtime.open(bundle), runtime);
        }, SAMPLES).tests());

        assertThat(results).hasSize(6);
        results.forEach((name, thrown) -> assertThat(thrown).as(name).isNull());
    }

    @Test
    void wellBehavedWrapper_passesEveryCheck() {
        Map<String, Throwable> results = run(RuntimeModelContract.of(FakeModel::good, SAMPLES).tests());

        assertThat(results).hasSize(6);
        results.forEach((name, thrown) -> assertThat(thrown).as(name).isNull());
    }

    @Test
    void wrapperThatIgnoresTheEnvelope_failsTheEnvelopeCheckOnly() {
        Map<String, Throwable> results = run(RuntimeModelContract.of(
                () -> new FakeModel(false, UnaryOperator.identity()), SAMPLES).tests());

        assertThat(result(results, "envelope")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("constraint on input 'x' feature 'a' (reject) max 100.0: sample 0 with the value "
                        + Math.nextUp(100f) + " (beyond the limit) was served; expected EnvelopeViolationException")
                .hasMessageContaining("min -100.0");
        results.entrySet().stream().filter(e -> !e.getKey().startsWith("envelope"))
                .forEach(e -> assertThat(e.getValue()).as(e.getKey()).isNull());
    }

    @Test
    void noisyWrapper_failsDeterminism() {
        SplittableRandom random = new SplittableRandom(1);
        Map<String, Throwable> results = run(RuntimeModelContract.of(() -> new FakeModel(true, out -> {
            float[] y = out.get("y").toFloatArray();
            y[0] += (float) random.nextDouble(1e-3, 1e-2);
            return Map.of("y", Tensor.ofFloats(y, out.get("y").shape()));
        }), SAMPLES).tests());

        assertThat(result(results, "determinism")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("sample 0: output 'y' element 0 [0, 0] is ")
                .hasMessageContaining("sample 1: output 'y'");
    }

    @Test
    void wrapperReturningNaN_failsFiniteOutputs() {
        Map<String, Throwable> results = run(RuntimeModelContract.of(() -> new FakeModel(true, out -> {
            float[] y = out.get("y").toFloatArray();
            y[y.length - 1] = Float.NaN;
            return Map.of("y", Tensor.ofFloats(y, out.get("y").shape()));
        }), SAMPLES).tests());

        assertThat(result(results, "finite outputs")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("sample 0: output 'y' element 5 [2, 1] is NaN")
                .hasMessageContaining("sample 1: output 'y' element 1 [0, 1] is NaN");
        assertThat(result(results, "determinism")).isNull();
    }

    @Test
    void wrapperReturningAnotherDtype_failsDeclaredOutputs() {
        Map<String, Throwable> results = run(RuntimeModelContract.of(() -> new FakeModel(true,
                out -> Map.of("y", Tensor.ofDoubles(out.get("y").toDoubles(), out.get("y").shape()))), SAMPLES)
                .tests());

        assertThat(result(results, "predict returns every declared output")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("sample 0: output 'y' is float64, declared float32");
    }

    @Test
    void wrapperThatBatchesWrongly_failsBatchConsistency() {
        Map<String, Throwable> results = run(RuntimeModelContract.of(() -> new FakeModel(true, out -> {
            float[] y = out.get("y").toFloatArray();
            y[y.length - 1] += out.get("y").shape()[0] > 3 ? 1 : 0;
            return Map.of("y", Tensor.ofFloats(y, out.get("y").shape()));
        }), SAMPLES).tests());

        assertThat(result(results, "batch consistency")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("sample 1 (batch rows 3..3) alone vs in the batch: output 'y' element 1 [0, 1]");
    }

    @Test
    void of_rejectsNoSamples() {
        assertThatThrownBy(() -> RuntimeModelContract.of(FakeModel::good, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sampleInputs");
    }
}
