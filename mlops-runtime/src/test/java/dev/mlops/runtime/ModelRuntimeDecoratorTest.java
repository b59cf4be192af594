// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.serving.ServingModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pins {@link ModelRuntime.Builder#decorator}: every handed-out model wrapped once, after its gate. */
class ModelRuntimeDecoratorTest {
    @TempDir
    Path tmp;

    long sessionsBefore;
    final List<Counting> wrapped = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        sessionsBefore = LoadedModel.openSessions();
    }

    @AfterEach
    void noSessionLeft() {
        assertThat(LoadedModel.openSessions()).as("sessions left open").isEqualTo(sessionsBefore);
    }

    /** A real wrapper: counts the calls that reach the model through it, and closes the model with itself. */
    static final class Counting implements RuntimeModel {
        final RuntimeModel model;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();

        Counting(RuntimeModel model) {
            this.model = model;
        }

        @Override
        public ModelMetadata metadata() {
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
            calls.incrementAndGet();
            return model.predict(inputs);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            model.close();
        }
    }

    ModelRuntime runtime(Path repository) {
        return ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).repository(repository)
                .decorator(model -> {
                    Counting c = new Counting(model);
                    wrapped.add(c);
                    return c;
                }).build();
    }

    @Test
    void open_wrapsEachHandedOutModelOnceAndNeverTheGatesRuns() {
        Path repo = tmp.resolve("repo");
        Path bundle = TestBundles.packed(repo.resolve("linear").resolve("1.0.0"), TestModels.linear(), "linear",
                "1.0.0");
        try (ModelRuntime runtime = runtime(repo)) {
            try (RuntimeModel byPath = runtime.open(bundle);
                    RuntimeModel byName = runtime.open("linear", "1.0.0");
                    RuntimeModel again = runtime.open("linear", "1.0.0")) {
                assertThat(List.<RuntimeModel>of(byPath, byName, again)).containsExactlyElementsOf(wrapped);
                assertThat(wrapped).allSatisfy(c -> assertThat(c.calls).as("the gate ran before wrapping").hasValue(0));
                assertThat(byName.predict(new float[][] {{2f}})[0][0]).isEqualTo(TestModels.linear()
                        .reference(Map.of("x", Tensor.ofMatrix(new float[][] {{2f}}))).get("y").toMatrix()[0][0]);
                assertThat(wrapped.get(1).calls).hasValue(1);
                assertThat(runtime.verify(bundle).passed()).isTrue();
                assertThat(wrapped).as("verify is never decorated").hasSize(3);
            }
            assertThat(wrapped).allSatisfy(c -> assertThat(c.closes).hasValue(1));
        }
    }

    @Test
    void open_whenTheDecoratorThrows_closesTheModelAndThrowsWhatItThrew() {
        Path bundle = TestBundles.packed(tmp.resolve("linear"), TestModels.linear(), "linear", "1.0.0");
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU)
                .decorator(model -> {
                    throw new IllegalArgumentException("monitor refused " + model.metadata().name());
                }).build()) {
            assertThatThrownBy(() -> runtime.open(bundle)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("monitor refused linear");
            runtime.evictAll();
        }
    }

    @Test
    void servingSwaps_areDecoratedLikeEveryOtherOpen() {
        Path v1 = TestBundles.packed(tmp.resolve("v1"), TestModels.linear(2f, 0f, 1), "linear", "1.0.0");
        Path v2 = TestBundles.packed(tmp.resolve("v2"), TestModels.linear(3f, 0f, 1), "linear", "1.1.0");
        try (ModelRuntime runtime = runtime(tmp.resolve("none"));
                ServingModel serving = ServingModel.serve(runtime, v1)) {
            serving.swapTo(v2);
            assertThat(serving.predict(new float[][] {{1f}})[0][0]).isEqualTo(3f);
            assertThat(wrapped).extracting(c -> c.metadata().version().toString()).containsExactly("1.0.0", "1.1.0");
            assertThat(wrapped.get(1).calls).hasValue(1);
        }
        assertThat(wrapped).allSatisfy(c -> assertThat(c.closes).hasValue(1));
    }
}
