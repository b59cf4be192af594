// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples.docs;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.testkit.BundleContract;
import dev.mlops.testkit.ModelAssertions;
import dev.mlops.testkit.RuntimeModelContract;
import dev.mlops.testkit.junit.ModelInputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * The Java blocks of {@code mlops-testkit/README.md} and the root README's unit-test quick start, run by JUnit as a
 * user's test class would run them ({@link MarkdownSnippetsTest} checks that the READMEs show these regions verbatim).
 */
class TestkitReadmeSnippetsTest {
    static final Path LINEAR = Path.of("bundles/linear/1.0.0");
    static ModelRuntime runtime;
    static Path bundle = LINEAR;
    static RuntimeModel model;
    static Map<String, Tensor> sampleInputs = Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 2, 1));

    /** The README's {@code target/my-model.zip}: the shipped linear bundle, packed into a zip. */
    @BeforeAll
    static void start() throws IOException {
        Path copy = Files.createDirectories(Path.of("target/readme/my-model"));
        try (Stream<Path> files = Files.list(LINEAR)) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.deleteIfExists(Path.of("target/my-model.zip"));
        Bundles.pack(copy, Path.of("target/my-model.zip"));
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build();
        model = runtime.open(LINEAR);
    }

    @AfterAll
    static void stop() {
        model.close();
        runtime.close();
    }

    // tag::root-unit-tests[]
    @TestFactory
    Stream<DynamicTest> myModel() {
        return BundleContract.of(Path.of("bundles/weather/1.1.0")).tests();  // integrity, schema, signature, adequacy...
    }
    // end::root-unit-tests[]

    // tag::testkit-bundle[]
    @TestFactory
    Stream<DynamicTest> bundle() {
        return BundleContract.of(Path.of("target/my-model.zip")).tests();   // or .of(path, builder -> builder.processor(p))
    }
    // end::testkit-bundle[]

    // tag::testkit-model[]
    @TestFactory
    Stream<DynamicTest> myWrapper() {
        return RuntimeModelContract.of(() -> new MyWrapper(runtime.open(bundle)), List.of(sampleInputs)).tests();
    }
    // end::testkit-model[]

    @Test
    void assertions() {
        Map<String, Tensor> inputs = sampleInputs;
        Map<String, Tensor> expected = Map.of("y", Tensor.ofFloats(new float[] {3, 5}, 2, 1));
        // tag::testkit-assertions[]
        ModelAssertions.assertThat(model.predict(inputs)).isCloseTo(expected, new Tolerance(1e-5, 1e-4)).isFinite();
        // end::testkit-assertions[]
    }

    // tag::testkit-inputs[]
    @ParameterizedTest
    @ModelInputs(bundle = "bundles/linear/1.0.0", count = 200)    // or metadata = "src/test/resources/my-model/metadata.json"
    void predictsFiniteOutputsForEveryDeclaredInput(Map<String, Tensor> inputs) {
        ModelAssertions.assertThat(model.predict(inputs)).isFinite();
    }
    // end::testkit-inputs[]

    /** An application's wrapper around a {@link RuntimeModel}: what {@code RuntimeModelContract} is for. */
    static final class MyWrapper implements RuntimeModel {
        private final RuntimeModel delegate;

        MyWrapper(RuntimeModel delegate) {
            this.delegate = delegate;
        }

        @Override
        public ModelMetadata metadata() {
            return delegate.metadata();
        }

        @Override
        public String deliveryId() {
            return delegate.deliveryId();
        }

        @Override
        public String executionProvider() {
            return delegate.executionProvider();
        }

        @Override
        public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
            return delegate.predict(inputs);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
