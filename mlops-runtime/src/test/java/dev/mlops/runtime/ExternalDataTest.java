// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * External tensor data must resolve inside the bundle: the model is loaded by path from the private staged copy,
 * where every file is a fresh copy (no link can point out), and ONNX Runtime 1.24+ refuses '..' and absolute
 * locations.
 */
class ExternalDataTest {
    @TempDir
    Path tmp;

    /** {@code y = x * W}, with W (one float) stored in an external file at {@code location}. */
    static byte[] model(String location) {
        OnnxMl.TensorProto w = OnnxMl.TensorProto.newBuilder().setName("W").addDims(1)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setDataLocation(OnnxMl.TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", location))
                .addExternalData(entry("offset", "0"))
                .addExternalData(entry("length", "4")).build();
        OnnxMl.TypeProto floatVector = OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setShape(OnnxMl.TensorShapeProto.newBuilder().addDim(
                        OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("n")))).build();
        OnnxMl.GraphProto g = OnnxMl.GraphProto.newBuilder().setName("ext")
                .addInput(OnnxMl.ValueInfoProto.newBuilder().setName("x").setType(floatVector))
                .addOutput(OnnxMl.ValueInfoProto.newBuilder().setName("y").setType(floatVector))
                .addInitializer(w)
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Mul").addInput("x").addInput("W").addOutput("y"))
                .build();
        return OnnxMl.ModelProto.newBuilder().setIrVersion(8).setGraph(g)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(13)).build().toByteArray();
    }

    static OnnxMl.StringStringEntryProto entry(String k, String v) {
        return OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    static byte[] weight(float w) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(w).array();
    }

    Path bundle(String name, String location, float expectedFactor) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.write(dir.resolve("model.onnx"), model(location));
        CaseWriter.write(dir.resolve("cases.jsonl"), List.of(AdequacyCase.of("x = 2",
                Map.of("x", Tensor.ofFloats(new float[] {2f}, 1)),
                Map.of("y", Tensor.ofFloats(new float[] {2f * expectedFactor}, 1)))));
        ModelMetadata meta = ModelMetadata.builder(name, "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1)).output(TensorSpec.of("y", DataType.FLOAT32, -1))
                .adequacy(new AdequacySpec("cases.jsonl", Tolerance.DEFAULT, Map.of())).build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        return dir;
    }

    ModelRuntime runtime() {
        return ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
    }

    @Test
    void externalDataInsideTheBundle_loadsFromTheStagedCopy() throws IOException {
        Path dir = bundle("inside", "weights.bin", 3f);
        Files.write(dir.resolve("weights.bin"), weight(3f));
        dev.mlops.metadata.bundle.Bundles.pack(dir);
        try (ModelRuntime rt = runtime(); RuntimeModel m = rt.open(dir)) {
            assertThat(m.predict(Map.of("x", Tensor.ofFloats(new float[] {5f}, 1))).get("y"))
                    .isEqualTo(Tensor.ofFloats(new float[] {15f}, 1));
        }
    }

    @Test
    void externalDataHardLinkedToAFileOutside_isRefusedBeforeAnyNativeCall() throws IOException {
        Path secret = Files.write(tmp.resolve("secret.bin"), weight(666f));
        Path dir = bundle("hardlink", "weights.bin", 666f);
        try {
            Files.createLink(dir.resolve("weights.bin"), secret);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "hard links are not supported here: " + e);
        }
        long before = LoadedModel.openSessions();
        try (ModelRuntime rt = runtime()) {
            assertThatThrownBy(() -> dev.mlops.metadata.bundle.Bundles.pack(dir))
                    .isInstanceOf(InvalidBundleException.class).hasMessageContaining("weights.bin");
            assertThatThrownBy(() -> rt.open(dir)).isInstanceOf(InvalidBundleException.class);
        }
        assertThat(LoadedModel.openSessions()).isEqualTo(before);
    }

    @Test
    void externalDataOutsideTheBundleByPath_isRefusedByTheEngine() throws IOException {
        Files.write(tmp.resolve("secret.bin"), weight(666f));
        for (String location : List.of("../secret.bin", tmp.resolve("secret.bin").toAbsolutePath().toString())) {
            Path dir = bundle("outside" + Math.abs(location.hashCode()), location, 666f);
            dev.mlops.metadata.bundle.Bundles.pack(dir);
            try (ModelRuntime rt = runtime()) {
                assertThatThrownBy(() -> rt.open(dir)).as(location).isInstanceOf(ModelLoadException.class)
                        .hasMessageContaining("ONNX Runtime cannot load the model");
            }
        }
    }
}
