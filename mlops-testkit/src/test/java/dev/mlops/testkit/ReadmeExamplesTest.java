package dev.mlops.testkit;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/** The README's examples, compiled and run by JUnit itself. */
class ReadmeExamplesTest {
    @TempDir
    static Path dir;
    static Path bundle;
    static ModelRuntime runtime;

    @BeforeAll
    static void pack() {
        bundle = ContractFixtures.packed(dir.resolve("my-model"), ContractFixtures.LINEAR,
                ContractFixtures.linearMetadata(), UnaryOperator.identity());
        runtime = ModelRuntime.newBuilder().build();
    }

    @AfterAll
    static void closeRuntime() {
        runtime.close();
    }

    // tag::bundle[]
    @TestFactory
    Stream<DynamicTest> bundle() {
        return BundleContract.of(bundle).tests();
    }
    // end::bundle[]

    // tag::model[]
    @TestFactory
    Stream<DynamicTest> myWrapper() {
        List<Map<String, Tensor>> samples = List.of(Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2)));
        return RuntimeModelContract.of(() -> runtime.open(bundle), samples).tests();
    }
    // end::model[]

    @Test
    void assertions() {
        try (RuntimeModel model = runtime.open(bundle)) {
            Map<String, Tensor> inputs = Map.of("x", Tensor.ofFloats(new float[] {1, 2}, 1, 2));
            Map<String, Tensor> expected = Map.of("y", Tensor.ofFloats(new float[] {3, 5}, 1, 2));
            // tag::assertions[]
            ModelAssertions.assertThat(model.predict(inputs)).isCloseTo(expected, new Tolerance(1e-5, 1e-4)).isFinite();
            // end::assertions[]
        }
    }
}
