// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.delivery;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Real packed bundles of {@code y = slope * x} (the testkit's linear model, named {@code linear}), each with its own
 * valid adequacy cases, and a test wrapper that makes a real opened model hang or throw.
 */
final class DeliveryBundles {
    private DeliveryBundles() {
    }

    /** A correct bundle of {@code y = slope * x}, one feature, passing its own adequacy cases. */
    static Path linear(Path dir, float slope, String version) {
        return bundle(dir, TestModels.linear(slope, 0f, 1), version);
    }

    /** A correct bundle of {@code y = 2 * x} with {@code features} features: other shapes than {@link #linear}. */
    static Path wide(Path dir, int features, String version) {
        return bundle(dir, TestModels.linear(2f, 0f, features), version);
    }

    /** A correct bundle of {@code y = slope * x} that rejects inputs above {@code max} (a rejecting constraint). */
    static Path linearUpTo(Path dir, float slope, String version, double max) {
        return bundle(dir, TestModels.linear(slope, 0f, 1), version,
                m -> m.constraint(dev.mlops.api.spec.Constraint.reject("x", -max, max)));
    }

    private static Path bundle(Path dir, TestModel model, String version) {
        return bundle(dir, model, version, java.util.function.UnaryOperator.identity());
    }

    private static Path bundle(Path dir, TestModel model, String version,
            java.util.function.UnaryOperator<ModelMetadata.Builder> meta) {
        try {
            Files.createDirectories(dir);
            model.write(dir.resolve("model.onnx"));
            Map<String, Tensor> in = model.sampleInputs();
            CaseWriter.write(dir.resolve("adequacy/cases.jsonl"),
                    List.of(AdequacyCase.of("sample", in, model.reference(in))));
            ModelMetadata m = meta.apply(model.metadata("linear", version))
                    .adequacy(new AdequacySpec("adequacy/cases.jsonl", new Tolerance(1e-5, 1e-4), Map.of())).build();
            Files.writeString(dir.resolve("metadata.json"), Metadata.toJson(m));
            Bundles.pack(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls until {@code done} holds, for at most 10 s. */
    static void await(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(5);
        }
    }

    /** What a {@link Faulty} model does before each call. */
    enum Fault {
        NONE, THROW, HANG
    }

    /**
     * A real opened model that can be told to throw or hang (an interruptible sleep of 5 s) before each call; closing
     * it closes the real model. The fault can change while traffic runs.
     */
    static final class Faulty implements RuntimeModel {
        private final RuntimeModel model;
        volatile Fault fault;
        final AtomicInteger calls = new AtomicInteger();

        Faulty(RuntimeModel model, Fault fault) {
            this.model = model;
            this.fault = fault;
        }

        private void before() {
            calls.incrementAndGet();
            Fault f = fault;
            if (f == Fault.THROW) {
                throw new IllegalStateException("candidate broke on purpose");
            }
            if (f == Fault.HANG) {
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while hanging", e);
                }
            }
        }

        @Override
        public dev.mlops.api.spec.ModelMetadata metadata() {
            return model.metadata();
        }

        @Override
        public String deliveryId() {
            return model.deliveryId();
        }

        @Override
        public String executionProvider() {
            return model.executionProvider();
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            before();
            return model.predict(inputs);
        }

        @Override
        public Map<String, Value> predictValues(Map<String, Tensor> inputs) {
            before();
            return model.predictValues(inputs);
        }

        @Override
        public void close() {
            model.close();
        }
    }
}
