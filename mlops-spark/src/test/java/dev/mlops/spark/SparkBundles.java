// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
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
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.sql.SparkSession;

/** Real packed bundles of the testkit's models, written with the public API, and the tests' Spark session. */
final class SparkBundles {
    private static final AtomicInteger VERSIONS = new AtomicInteger();

    private SparkBundles() {
    }

    /** A local[2] session for one test class (Spark's UI off, few shuffle partitions). */
    static SparkSession session() {
        return SparkSession.builder().master("local[2]").appName("mlops-spark-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.adaptive.enabled", "false")
                .getOrCreate();
    }

    /**
     * A packed bundle directory of {@code graph}, with a fresh version (so a fresh delivery id), adequacy cases from
     * {@code expected}'s reference on its sample inputs.
     *
     * @param meta completes the metadata (features, constraints)
     */
    static Path bundle(Path dir, TestModel graph, TestModel expected, UnaryOperator<ModelMetadata.Builder> meta) {
        try {
            Files.createDirectories(dir);
            graph.write(dir.resolve("model.onnx"));
            Map<String, Tensor> in = expected.sampleInputs();
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("case 0", in, expected.reference(in))));
            ModelMetadata.Builder b = ModelMetadata.builder(expected.name(), "1." + VERSIONS.incrementAndGet() + ".0");
            ModelMetadata m = meta.apply(b)
                    .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build();
            Files.writeString(dir.resolve(Metadata.FILE_NAME), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A packed bundle of {@code model} with its own inputs and outputs declared. */
    static Path bundle(Path dir, TestModel model) {
        return bundle(dir, model, model, b -> declare(b, model.inputs(), model.outputs()));
    }

    static ModelMetadata.Builder declare(ModelMetadata.Builder b, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        inputs.forEach(b::input);
        outputs.forEach(b::output);
        return b;
    }

    /** The cause chain's first throwable of the given type, or fails. */
    static <T extends Throwable> T cause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in the cause chain of " + t, t);
    }
}
