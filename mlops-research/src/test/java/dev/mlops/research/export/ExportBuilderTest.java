// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.UntrustedBundleException;
import dev.mlops.api.adequacy.OutputResult;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.SigningKey;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ExportBuilder} with the testkit's {@code y = 2x + 1}: what it writes, what it refuses, what it leaves. */
class ExportBuilderTest {
    private static final TestModel LINEAR = TestModels.linear();
    private static final Tensor X = Tensor.ofFloats(new float[] {1f, 2f, 3.5f}, 3, 1);
    private static final Tensor Y = Tensor.ofFloats(new float[] {3f, 5f, 8f}, 3, 1);

    @TempDir
    Path dir;

    private ExportBuilder linear() {
        return ExportBuilder.newBuilder("linear", "1.0.0").model(LINEAR.bytes())
                .input(LINEAR.inputs().get(0)).output(LINEAR.outputs().get(0));
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void export_writesABundleTheRuntimeOpensThroughItsAdequacyGate() throws IOException {
        ExportResult r = linear().adequacyCase("sample", Map.of("x", X), Map.of("y", Y)).export(dir.resolve("out"));

        assertThat(r.bundle()).isEqualTo(dir.resolve("out").toAbsolutePath());
        assertThat(entries()).containsExactly("out");
        try (Stream<Path> s = Files.list(r.bundle())) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.onnx",
                    "metadata.json", "adequacy", "manifest.json");
        }
        try (ModelRuntime runtime = ModelRuntime.newBuilder().build(); RuntimeModel m = runtime.open(r.bundle())) {
            assertThat(m.deliveryId()).isEqualTo(r.deliveryId());
            assertThat(m.metadata().adequacy().orElseThrow().cases()).isEqualTo("adequacy/cases.jsonl");
            assertThat(m.metadata().statistics()).isEmpty();
        }
    }

    @Test
    void export_refusesAWrongReferenceNamingCaseOutputElementValuesAndToleranceAndLeavesNothing() throws IOException {
        Tensor wrong = Tensor.ofFloats(new float[] {3f, 5.5f, 8f}, 3, 1);
        ExportBuilder b = linear().tolerance(new Tolerance(1e-6, 0))
                .adequacyCase("good", Map.of("x", X), Map.of("y", Y))
                .adequacyCase("off by 0.5", Map.of("x", X), Map.of("y", wrong));

        ExportMismatchException e = catchThrowableOfType(ExportMismatchException.class,
                () -> b.export(dir.resolve("out")));

        assertThat(e).isNotNull();
        assertThat(e.mismatches()).singleElement().satisfies(m -> {
            assertThat(m.caseId()).isEqualTo("off by 0.5");
            assertThat(m.result()).isInstanceOfSatisfying(OutputResult.Numeric.class, n -> {
                assertThat(n.worst().index()).isEqualTo(1);
                assertThat(n.worst().expected()).isEqualTo(5.5);
                assertThat(n.worst().actual()).isEqualTo(5.0);
            });
        });
        assertThat(e.getMessage()).contains("case \"off by 0.5\"", "output 'y' element 1", "expected 5.5",
                "actual 5.0", "tolerance absolute 1.0E-6");
        assertThat(entries()).as("no bundle, no staging directory").isEmpty();
    }

    @Test
    void export_refusesAnExistingTargetNamingItAndLeavesItUntouched() throws IOException {
        Path target = Files.createDirectories(dir.resolve("out"));
        Files.writeString(target.resolve("keep.txt"), "mine");

        assertThatThrownBy(() -> linear().adequacyCase("sample", Map.of("x", X), Map.of("y", Y)).export(target))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("export target " + target + " already exists");
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("mine");
        assertThat(entries()).containsExactly("out");
    }

    @Test
    void export_refusesAMissingDatasetFileNamingIt() throws IOException {
        Path missing = dir.resolve("nope.csv");

        assertThatThrownBy(() -> linear().dataset("train", missing)
                .adequacyCase("sample", Map.of("x", X), Map.of("y", Y)).export(dir.resolve("out")))
                .isInstanceOf(ExportException.class)
                .hasMessage("dataset \"train\": file " + missing + " does not exist or is not a regular file");
        assertThat(entries()).isEmpty();
    }

    @Test
    void export_refusesANanOnlyFeatureNamingIt() throws IOException {
        Path csv = Files.writeString(dir.resolve("train.csv"), "x\n\n\n");
        TrainingData data = TrainingData.newBuilder()
                .input("x", Tensor.ofFloats(new float[] {Float.NaN, Float.NaN}, 2, 1)).build();

        assertThatThrownBy(() -> linear().dataset("train", csv).trainingData("train", data)
                .adequacyCase("sample", Map.of("x", X), Map.of("y", Y)).export(dir.resolve("out")))
                .isInstanceOf(ExportException.class)
                .hasMessage("statistics: input \"x\" feature \"0\" of dataset \"train\" has no values: all 2 are "
                        + "missing (NaN)");
        assertThat(entries()).containsExactly("train.csv");
    }

    @Test
    void export_refusesCaseInputsThatDoNotMatchTheDeclaredSpecsNamingTheCase() {
        Tensor doubles = Tensor.ofDoubles(new double[] {1, 2}, 2, 1);
        Tensor wide = Tensor.ofFloats(new float[] {1, 2}, 1, 2);

        assertThatThrownBy(() -> linear().adequacyCase("doubles", Map.of("x", doubles), Map.of("y", Y))
                .export(dir.resolve("a")))
                .isInstanceOf(ExportException.class)
                .hasMessage("case \"doubles\" does not match the declared tensors: input \"x\" is float64, declared "
                        + "float32");
        assertThatThrownBy(() -> linear().adequacyCase("wide", Map.of("x", wide, "z", wide), Map.of())
                .export(dir.resolve("b")))
                .isInstanceOf(ExportException.class)
                .hasMessage("case \"wide\" does not match the declared tensors: input \"z\" is not declared "
                        + "(declared: [x]); input \"x\" has shape [1, 2], declared [-1, 1]; reference output \"y\" "
                        + "is missing");
    }

    @Test
    void export_comparesAFloat64ReferenceInTheOutputsDtype() {
        Tensor reference = Tensor.ofDoubles(new double[] {3, 5, 8}, 3, 1);

        ExportResult r = linear().adequacyCase("float64 reference", Map.of("x", X), Map.of("y", reference))
                .export(dir.resolve("out"));

        assertThat(r.bundle()).isDirectory();
    }

    @Test
    void export_signsTheManifestWhenAKeyIsGiven() {
        SigningKey key = SigningKey.generate();

        ExportResult r = linear().signingKey(key).adequacyCase("sample", Map.of("x", X), Map.of("y", Y))
                .export(dir.resolve("out"));

        assertThat(r.bundle().resolve("manifest.sig")).isRegularFile();
        try (ModelRuntime trusting = ModelRuntime.newBuilder().trust(TrustedKeys.of(key.publicKey())).build();
                RuntimeModel m = trusting.open(r.bundle())) {
            assertThat(m.deliveryId()).isEqualTo(r.deliveryId());
        }
        try (ModelRuntime other = ModelRuntime.newBuilder()
                .trust(TrustedKeys.of(SigningKey.generate().publicKey())).build()) {
            assertThatThrownBy(() -> other.open(r.bundle())).isInstanceOf(UntrustedBundleException.class);
        }
    }

    @Test
    void export_writesConfigJsonAndLeavesTheBuilderUnchangedForAnotherTarget() throws IOException {
        ExportBuilder b = linear().config(new ObjectMapper().readTree("{\"b\": 1.0, \"a\": [1e2]}"))
                .adequacyCase("sample", Map.of("x", X), Map.of("y", Y));

        ExportResult first = b.export(dir.resolve("one"));
        ExportResult second = b.export(dir.resolve("two"));

        assertThat(first.metadata().provenance().configSha256())
                .isEqualTo(second.metadata().provenance().configSha256())
                .contains(dev.mlops.research.config.CanonicalJson.sha256(new ObjectMapper().readTree(
                        "{\"a\":[100],\"b\":1}")));
        assertThat(second.bundle().resolve("config.json")).isRegularFile();
    }

    @Test
    void builder_rejectsASecondSetOfTheSameOption() {
        ExportBuilder b = linear().buildId("a").adequacyCase("c", Map.of("x", X), Map.of("y", Y));

        assertThatThrownBy(() -> b.buildId("b")).isInstanceOf(IllegalStateException.class)
                .hasMessage("buildId was already set");
        assertThatThrownBy(() -> b.model(LINEAR.bytes())).isInstanceOf(IllegalStateException.class)
                .hasMessage("model was already set");
        assertThatThrownBy(() -> b.adequacyCase("c", Map.of("x", X), Map.of("y", Y)))
                .isInstanceOf(IllegalStateException.class).hasMessage("case \"c\" was already added");
        assertThatThrownBy(() -> b.input(LINEAR.inputs().get(0))).isInstanceOf(IllegalStateException.class)
                .hasMessage("input \"x\" was already declared");
        assertThatThrownBy(() -> b.file("metadata.json", new byte[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("file: \"metadata.json\" is written by the export itself");
        assertThatThrownBy(() -> b.file("../x", new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void export_refusesAnExportWithoutCasesOrModel() {
        assertThatThrownBy(() -> linear().export(dir.resolve("out"))).isInstanceOf(ExportException.class)
                .hasMessageStartingWith("export linear: no adequacy case");
        assertThatThrownBy(() -> ExportBuilder.newBuilder("m", "1.0.0")
                .input(dev.mlops.api.spec.TensorSpec.of("x", DataType.FLOAT32, -1, 1)).export(dir.resolve("out")))
                .isInstanceOf(ExportException.class).hasMessageStartingWith("export m: no model");
    }
}
