// SPDX-License-Identifier: Apache-2.0
package dev.mlops.cli;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Bundle directories for CLI tests, built in code. */
final class Fixtures {
    private Fixtures() {
    }

    /** The Y = 2X + 1 bundle, unpacked: model.onnx, metadata.json, adequacy_test.csv. */
    static Path linearBundle(Path dir) throws IOException {
        Files.createDirectories(dir);
        TestModels.linear().write(dir.resolve("model.onnx"));
        var meta = TestModels.linear().metadata("linear", "1.0.0")
                .adequacy(new AdequacySpec("adequacy_test.csv", new Tolerance(1e-6, 0), Map.of()))
                .build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        Files.writeString(dir.resolve("adequacy_test.csv"), "x,y\n0,1\n1,3\n3.5,8\n");
        return dir;
    }

    /** The linear bundle, packed (manifest.json written) through the CLI, as a research team would. */
    static Path packedLinear(Path dir) throws IOException {
        linearBundle(dir);
        Cli pack = Cli.run("pack", dir.toString());
        if (pack.code() != 0) {
            throw new IllegalStateException("pack failed: " + pack);
        }
        return dir;
    }

    /**
     * A packed bundle of any test model: model.onnx, metadata.json, and adequacy/cases.jsonl holding one case, the
     * model's sample inputs with its reference outputs.
     *
     * @param metadata changes to the model's metadata, for example a constraint
     */
    static Path packedBundle(Path dir, TestModel model, UnaryOperator<ModelMetadata.Builder> metadata)
            throws IOException {
        Files.createDirectories(dir);
        model.write(dir.resolve("model.onnx"));
        Map<String, Tensor> in = model.sampleInputs();
        CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), List.of(AdequacyCase.of("sample", in,
                model.reference(in))));
        var meta = metadata.apply(model.metadata(model.name(), "1.0.0")
                .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-6, 0), Map.of()))).build();
        Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(meta));
        Bundles.pack(dir);
        return dir;
    }
}
