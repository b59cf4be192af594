// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.Metadata;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseWriter;
import dev.mlops.testkit.models.TestModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Packed bundles around the testkit's models, with expected outputs from the models' plain-Java reference. */
final class TestBundles {
    private TestBundles() {
    }

    /** The tolerance of these bundles' adequacy cases unless a test names another. */
    static final Tolerance TOLERANCE = new Tolerance(1e-5, 1e-4);

    /** A packed bundle whose cases are the model's sample inputs and their reference outputs. */
    static Path packed(Path dir, TestModel model, String name, String version) {
        return packed(dir, model, model.metadata(name, version), List.of(model.sampleInputs()), UnaryOperator.identity());
    }

    /** As {@link #packed(Path, TestModel, String, String)}, with the cases' tolerance given. */
    static Path packed(Path dir, TestModel model, String name, String version, Tolerance tolerance) {
        return packed(dir, model, model.metadata(name, version), List.of(model.sampleInputs()), UnaryOperator.identity(),
                tolerance);
    }

    /**
     * A packed bundle.
     *
     * @param perturb changes the expected outputs before they are written (identity for a correct bundle)
     */
    static Path packed(Path dir, TestModel model, ModelMetadata.Builder meta, List<Map<String, Tensor>> inputs,
            UnaryOperator<Map<String, Tensor>> perturb) {
        return packed(dir, model, meta, inputs, perturb, TOLERANCE);
    }

    private static Path packed(Path dir, TestModel model, ModelMetadata.Builder meta, List<Map<String, Tensor>> inputs,
            UnaryOperator<Map<String, Tensor>> perturb, Tolerance tolerance) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            List<AdequacyCase> cases = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                cases.add(AdequacyCase.of("case " + i, inputs.get(i), perturb.apply(model.reference(inputs.get(i)))));
            }
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), cases);
            ModelMetadata m = meta.adequacy(new AdequacySpec("adequacy/cases.jsonl", tolerance, Map.of())).build();
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
