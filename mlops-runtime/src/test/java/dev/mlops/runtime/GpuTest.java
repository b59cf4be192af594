// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CUDA path on a real GPU: {@code mvn -B -Pgpu verify} on a machine with an NVIDIA GPU, CUDA 12 and cuDNN 9
 * (docs/gpu.md). Everywhere else each test is skipped, saying why; CI has no GPU.
 */
class GpuTest {
    static final Tolerance GPU_TOLERANCE = new Tolerance(1e-3, 1e-3);

    @TempDir
    Path tmp;

    @BeforeEach
    void requireCuda() {
        Assumptions.assumeTrue(Cuda.serves(), Cuda::whyNot);
    }

    static Stream<TestModel> models() {
        return TestModels.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void requiredCuda_servesEveryDtypeAndPassesAdequacyOnTheGpu(TestModel m) {
        // GPU kernels (TF32 matrix products on recent GPUs, other summation orders) differ from the plain-Java
        // reference by more than the CPU tests allow: the bundle says so, as a research team would for a GPU target.
        Path bundle = TestBundles.packed(tmp.resolve("b"), m, "gpu-" + m.name().toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9-]", "-"), "1.0.0", GPU_TOLERANCE);
        try (ModelRuntime runtime = ModelRuntime.newBuilder()
                .providers(ExecutionProvider.CUDA)
                .providerPolicy(ProviderPolicy.REQUIRED).build();
                RuntimeModel model = runtime.open(bundle)) {
            assertThat(model.executionProvider()).isEqualTo("cuda");
            Map<String, Tensor> out = model.predict(m.sampleInputs());
            Map<String, Tensor> expected = m.reference(m.sampleInputs());
            assertThat(out.keySet()).containsExactlyElementsOf(expected.keySet());
            for (var e : expected.entrySet()) {
                Tensor got = out.get(e.getKey());
                assertThat(got.shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
                if (got.dtype().isFloatingPoint()) {
                    double[] a = got.toDoubles();
                    double[] b = e.getValue().toDoubles();
                    for (int i = 0; i < a.length; i++) {
                        assertThat(a[i]).as("%s[%d]", e.getKey(), i)
                                .isCloseTo(b[i], org.assertj.core.data.Offset.offset(GPU_TOLERANCE.absolute()
                                        + GPU_TOLERANCE.relative() * Math.abs(b[i])));
                    }
                } else {
                    assertThat(got).as(e.getKey()).isEqualTo(e.getValue());
                }
            }
        }
    }
}
