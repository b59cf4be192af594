// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8: a case whose expected output has no element passed vacuously, so a model computing 3x+1 "verified" against
 * a bundle claiming 2x. Every case must compare at least one element of every output it names.
 */
class EmptyExpectedOutputTest {
    private static final String FILE = "adequacy/cases.jsonl";
    private static final String MESSAGE = "compares no element; a case must compare at least one element of every "
            + "output it names";

    @TempDir
    Path tmp;

    @Test
    void read_refusesACaseWhoseExpectedOutputHasNoElement() throws IOException {
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, "{\"id\": \"2x\", \"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [0, 1], "
                + "\"data\": []}}, \"expected\": {\"y\": {\"dtype\": \"float32\", \"shape\": [0, 1], \"data\": []}}}\n");
        assertThatThrownBy(() -> CaseReader.read(file, FILE, Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessage(FILE + ": line 1, column 95: expected.y: case \"2x\" " + MESSAGE);
        assertThatThrownBy(() -> CaseReader.scan(file, FILE, Models.linear(), CaseLimits.DEFAULT))
                .hasMessage(FILE + ": line 1, column 95: expected.y: case \"2x\" " + MESSAGE);
    }

    @Test
    void read_refusesAnEmptyOutputBesideANonEmptyOne() throws IOException {
        ModelMetadata meta = ModelMetadata.builder("two", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("z", DataType.INT64, -1))
                .build();
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, "{\"inputs\": {\"x\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [1]}}, "
                + "\"expected\": {\"y\": {\"dtype\": \"float32\", \"shape\": [1, 1], \"data\": [3]}, "
                + "\"z\": {\"dtype\": \"int64\", \"shape\": [0], \"data\": []}}}\n");
        assertThatThrownBy(() -> CaseReader.read(file, FILE, meta))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageStartingWith(FILE + ": line 1, column ")
                .hasMessageEndingWith(": expected.z: case \"line 1\" " + MESSAGE);
    }

    @Test
    void read_refusesAnEmptyOutputOfARawFormCase() throws IOException {
        Path file = tmp.resolve("cases.jsonl");
        Files.writeString(file, "{\"id\": \"raw\", \"form\": \"raw\", \"inputs\": {\"text\": {\"dtype\": \"string\", "
                + "\"shape\": [1], \"data\": [\"two\"]}}, \"expected\": {\"label\": {\"dtype\": \"string\", "
                + "\"shape\": [0], \"data\": []}}}\n");
        assertThatThrownBy(() -> CaseReader.read(file, FILE, Models.linear()))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageEndingWith(": expected.label: case \"raw\" " + MESSAGE);
    }

    @Test
    void readRequests_acceptsAnEmptyBatchSinceRequestsCompareNothing() throws IOException {
        Path file = tmp.resolve("in.jsonl");
        Files.writeString(file, "{\"x\": {\"dtype\": \"float32\", \"shape\": [0, 1], \"data\": []}}\n");
        assertThat(CaseReader.readRequests(file, "in.jsonl", Models.linear())).hasSize(1);
    }

    @Test
    void csv_cannotNameAnOutputWithoutElements() throws IOException {
        ModelMetadata meta = ModelMetadata.builder("empty", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 1))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 0))
                .output(TensorSpec.of("z", DataType.FLOAT32, -1, 1))
                .build();
        Path file = tmp.resolve("cases.csv");
        Files.writeString(file, "x,y,z\n1,3,3\n");
        assertThatThrownBy(() -> CaseReader.read(file, "adequacy_test.csv", meta))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("output y has shape");
    }
}
