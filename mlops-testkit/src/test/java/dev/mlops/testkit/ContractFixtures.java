// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;

/** Bundles, fake models and a runner for the contracts' dynamic tests. */
final class ContractFixtures {
    /** {@code y = 2x + 1} over two features {@code a} and {@code b}. */
    static final TestModel LINEAR = TestModels.linear(2f, 1f, 2);

    private ContractFixtures() {
    }

    /** Metadata for {@link #LINEAR}: feature {@code a} rejected outside [-100, 100], {@code b} warned above 50. */
    static ModelMetadata.Builder linearMetadata() {
        return ModelMetadata.builder("linear", "1.0.0")
                .input(TensorSpec.of("x", DataType.FLOAT32, -1, 2).withFeatures("a", "b"))
                .output(TensorSpec.of("y", DataType.FLOAT32, -1, 2))
                .constraint(Constraint.reject("x", "a", -100, 100))
                .constraint(new Constraint("x", Optional.of("b"), OptionalDouble.empty(), OptionalDouble.of(50),
                        ConstraintAction.WARN, Optional.of("b above 50 is extrapolation")));
    }

    /** A packed bundle whose cases are the model's sample input split in rows, with reference outputs. */
    static Path packed(Path dir, TestModel model, ModelMetadata.Builder meta,
            UnaryOperator<Map<String, Tensor>> perturb) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            List<Map<String, Tensor>> inputs = List.of(model.sampleInputs());
            List<AdequacyCase> cases = new java.util.ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                cases.add(AdequacyCase.of("case " + i, inputs.get(i), perturb.apply(model.reference(inputs.get(i)))));
            }
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"), cases);
            ModelMetadata m = meta.adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4),
                    Map.of())).build();
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path packed(Path dir, TestModel model) {
        return packed(dir, model, model.metadata(), UnaryOperator.identity());
    }

    /** Runs every dynamic test; maps its name to what it threw, or to {@code null} when it passed. */
    static Map<String, Throwable> run(Stream<DynamicTest> tests) {
        Map<String, Throwable> results = new LinkedHashMap<>();
        tests.forEach(t -> {
            Throwable thrown = null;
            try {
                t.getExecutable().execute();
            } catch (Throwable e) {
                thrown = e;
            }
            results.put(t.getDisplayName(), thrown);
        });
        return results;
    }

    /** The result of the one test whose name starts with a prefix. */
    static Throwable result(Map<String, Throwable> results, String prefix) {
        List<String> names = results.keySet().stream().filter(n -> n.startsWith(prefix)).toList();
        if (names.size() != 1) {
            throw new AssertionError("expected one test named " + prefix + "..., got " + results.keySet());
        }
        return results.get(names.get(0));
    }

    /** A pure-Java {@link #LINEAR}: its reference, enforcing the envelope or not, with its outputs changed. */
    static final class FakeModel implements RuntimeModel {
        private final ModelMetadata metadata = linearMetadata().build();
        private final boolean enforce;
        private final UnaryOperator<Map<String, Tensor>> change;

        FakeModel(boolean enforce, UnaryOperator<Map<String, Tensor>> change) {
            this.enforce = enforce;
            this.change = change;
        }

        static FakeModel good() {
            return new FakeModel(true, UnaryOperator.identity());
        }

        @Override
        public ModelMetadata metadata() {
            return metadata;
        }

        @Override
        public String deliveryId() {
            return "sha256:fake";
        }

        @Override
        public String executionProvider() {
            return "java";
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            if (enforce) {
                for (Constraint c : metadata.constraints()) {
                    if (c.action() != ConstraintAction.REJECT) {
                        continue;
                    }
                    Tensor x = inputs.get(c.input());
                    int feature = c.feature().map(f -> metadata.input(c.input()).orElseThrow().featureIndex(f))
                            .orElse(-1);
                    long last = x.shape()[x.rank() - 1];
                    for (int i = 0; i < x.size(); i++) {
                        if ((feature < 0 || i % last == feature) && !c.admits(x.getDouble(i))) {
                            throw new EnvelopeViolationException(c.input(), c.feature().orElse(""), x.getDouble(i),
                                    c.max().orElse(c.min().orElse(0)), "outside the envelope");
                        }
                    }
                }
            }
            return change.apply(LINEAR.reference(inputs));
        }

        @Override
        public void close() {
        }
    }
}
