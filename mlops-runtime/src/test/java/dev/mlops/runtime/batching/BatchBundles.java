// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.batching;

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
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/** Real packed bundles for the batching tests, written with the public API (model, case, metadata, manifest). */
final class BatchBundles {
    /** The perceptron the tests batch: 8 inputs, 32 hidden, 4 outputs. */
    static final int INPUTS = 8;
    static final int OUTPUTS = 4;

    private BatchBundles() {
    }

    /** The test perceptron, {@code TestModels.mlp(11, 8, 32, 4)}. */
    static TestModel mlp() {
        return TestModels.mlp(11, INPUTS, 32, OUTPUTS);
    }

    /** A packed bundle of {@link #mlp()}. */
    static Path mlp(Path dir) {
        return bundle(dir, mlp(), UnaryOperator.identity());
    }

    /** A packed bundle of any test model, its sample input as the one adequacy case, metadata completed by meta. */
    static Path bundle(Path dir, TestModel model, UnaryOperator<ModelMetadata.Builder> meta) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> in = model.sampleInputs();
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("sample", in, model.reference(in))));
            ModelMetadata m = meta.apply(model.metadata(model.name(), "1.0.0"))
                    .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build();
            Files.writeString(dir.resolve(Metadata.FILE_NAME), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code rows} rows of {@link #INPUTS} features drawn from {@code [-1, 1)}. */
    static Map<String, Tensor> rows(SplittableRandom random, int rows) {
        float[] x = new float[rows * INPUTS];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextDouble(-1, 1);
        }
        return Map.of("x", Tensor.ofFloats(x, rows, INPUTS));
    }
}
