// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.serving;

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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Real packed bundles of {@code y = slope * x + 1} (the testkit's linear model) through the public API, one version
 * per slope; optionally with adequacy cases taken from another slope, so that the gate fails.
 */
final class SwapBundles {
    private SwapBundles() {
    }

    /** A correct bundle of {@code y = slope * x + 1}, named {@code linear}, with one feature. */
    static Path linear(Path dir, float slope, String version) {
        return linear(dir, TestModels.linear(slope, 1f, 1), version, TestModels.linear(slope, 1f, 1));
    }

    /** A bundle of {@code y = slope * x + 1} whose cases expect {@code y = caseSlope * x + 1}: it fails adequacy. */
    static Path failingAdequacy(Path dir, float slope, float caseSlope, String version) {
        return linear(dir, TestModels.linear(slope, 1f, 1), version, TestModels.linear(caseSlope, 1f, 1));
    }

    /** A correct bundle of the linear model with {@code features} features ({@code [-1, features]} in and out). */
    static Path wide(Path dir, int features, String version) {
        TestModel m = TestModels.linear(2f, 1f, features);
        return linear(dir, m, version, m);
    }

    private static Path linear(Path dir, TestModel model, String version, TestModel expected) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> in = model.sampleInputs();
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("sample", in, expected.reference(in))));
            ModelMetadata m = model.metadata("linear", version)
                    .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build();
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
