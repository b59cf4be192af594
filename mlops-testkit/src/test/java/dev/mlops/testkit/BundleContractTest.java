// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static dev.mlops.testkit.ContractFixtures.packed;
import static dev.mlops.testkit.ContractFixtures.result;
import static dev.mlops.testkit.ContractFixtures.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class BundleContractTest {
    @TempDir
    Path tmp;

    @Test
    void goodBundle_passesEveryCheck() {
        Path bundle = packed(tmp.resolve("linear"), ContractFixtures.LINEAR, ContractFixtures.linearMetadata(),
                UnaryOperator.identity());

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(results).hasSize(10);
        results.forEach((name, thrown) -> assertThat(thrown).as(name).isNull());
    }

    @Test
    void goodBundleWithoutConstraints_skipsOnlyTheEnvelope() {
        Path bundle = packed(tmp.resolve("mlp"), TestModels.mlp(7, 4, 8, 3));

        Map<String, Throwable> results = run(BundleContract.of(bundle, b -> b.intraOpThreads(1)).tests());

        assertThat(results).hasSize(10);
        assertThat(result(results, "envelope")).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("no constraints");
        results.entrySet().stream().filter(e -> !e.getKey().startsWith("envelope"))
                .forEach(e -> assertThat(e.getValue()).as(e.getKey()).isNull());
    }

    @Test
    void fixedFirstDimension_skipsBatchConsistencyWithTheReason() {
        Path bundle = packed(tmp.resolve("identity"), TestModels.identity(DataType.FLOAT32, 2, 3));

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(result(results, "batch consistency")).isInstanceOf(TestAbortedException.class)
                .hasMessageContaining("first dimension is not dynamic");
        assertThat(result(results, "determinism")).isNull();
    }

    @Test
    void wrongExpectedValue_failsAdequacyNamingCaseAndOutput() {
        Path bundle = packed(tmp.resolve("linear"), ContractFixtures.LINEAR, ContractFixtures.linearMetadata(),
                out -> Map.of("y", Tensor.ofFloats(new float[] {3, 4, 6, 7, 8, 99}, 3, 2)));

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(result(results, "manifest integrity")).isNull();
        assertThat(result(results, "graph signature")).isNull();
        assertThat(result(results, "adequacy")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("\"case 0\"")
                .hasMessageContaining("output 'y' element 5 [2, 1]")
                .hasMessageContaining("expected 99.0, actual 8.0");
    }

    @Test
    void metadataDtypeTheGraphLacks_failsTheSignatureCheck() {
        ModelMetadata.Builder meta = ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2))
                .output(TensorSpec.of("y", DataType.FLOAT64, -1, 2));
        Path bundle = packed(tmp.resolve("linear"), ContractFixtures.LINEAR, meta,
                out -> Map.of("y", Tensor.ofDoubles(out.get("y").toDoubles(), out.get("y").shape())));

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(result(results, "manifest integrity")).isNull();
        assertThat(result(results, "metadata valid")).isNull();
        assertThat(result(results, "graph signature")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("y").hasMessageContaining("float64");
    }

    @Test
    void brokenMetadata_failsTheMetadataCheckNamingTheField() throws IOException {
        Path bundle = packed(tmp.resolve("linear"), TestModels.linear());
        String json = Files.readString(bundle.resolve("metadata.json"));
        Files.writeString(bundle.resolve("metadata.json"), json.replaceFirst("\"name\"", "\"nome\""));
        dev.mlops.metadata.bundle.Bundles.pack(bundle);

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(result(results, "manifest integrity")).isNull();
        assertThat(result(results, "metadata valid")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("metadata.json").hasMessageContaining("name");
    }

    @Test
    void changedFile_failsManifestIntegrity() throws IOException {
        Path bundle = packed(tmp.resolve("linear"), TestModels.linear());
        Files.writeString(bundle.resolve("adequacy/cases.jsonl"), "\n", java.nio.file.StandardOpenOption.APPEND);

        Map<String, Throwable> results = run(BundleContract.of(bundle).tests());

        assertThat(result(results, "manifest integrity")).isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("cases.jsonl");
    }
}
