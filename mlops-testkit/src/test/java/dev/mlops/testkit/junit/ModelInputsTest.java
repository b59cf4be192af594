// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlops.api.tensor.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.support.ParameterDeclarations;

class ModelInputsTest {
    static final String METADATA = "src/test/resources/dev/mlops/testkit/junit/weather/metadata.json";
    static final String BUNDLE = "src/test/resources/dev/mlops/testkit/junit/weather";

    private static final AtomicInteger FROM_METADATA = new AtomicInteger();
    private static final AtomicInteger FROM_BUNDLE = new AtomicInteger();

    @AfterAll
    static void everyInputWasSupplied() {
        assertThat(FROM_METADATA).hasValue(40);
        assertThat(FROM_BUNDLE).hasValue(25);
    }

    @ParameterizedTest
    @ModelInputs(metadata = METADATA, count = 40, seed = 7)
    void metadata_suppliesInputsInsideTheEnvelope(Map<String, Tensor> inputs) {
        FROM_METADATA.incrementAndGet();
        assertThat(inputs.keySet()).containsExactly("temperature", "humidity", "station");
        long batch = inputs.get("temperature").shape()[0];
        assertThat(batch).isBetween(1L, 8L);
        assertThat(inputs.get("humidity").shape()).containsExactly(batch, 1L);
        assertThat(inputs.get("station").shape()).containsExactly(batch);
        Tensor t = inputs.get("temperature");
        for (int i = 0; i < t.size(); i += 2) {
            assertThat(t.getDouble(i)).isBetween(-60.0, 60.0);
        }
        assertThat(list(inputs.get("humidity"))).allSatisfy(v -> assertThat(v).isBetween(0.0, 100.0));
        assertThat(list(inputs.get("station"))).allSatisfy(v -> assertThat(v).isBetween(1.0, 500.0));
    }

    @ParameterizedTest
    @ModelInputs(bundle = BUNDLE, count = 25, seed = 11, maxBatch = 2, allowNonFinite = false)
    void bundle_readsItsMetadataAndHonoursTheBounds(Map<String, Tensor> inputs) {
        FROM_BUNDLE.incrementAndGet();
        assertThat(inputs.keySet()).as("the inputs its metadata.json declares").containsExactly("temperature",
                "humidity", "station");
        long batch = inputs.get("temperature").shape()[0];
        assertThat(batch).isBetween(1L, 2L);
        assertThat(inputs.get("humidity").shape()).containsExactly(batch, 1L);
        assertThat(inputs.get("station").shape()).containsExactly(batch);
        for (Tensor t : inputs.values()) {
            assertThat(list(t)).allSatisfy(v -> assertThat(v).isFinite());
        }
    }

    @Test
    void provider_isDeterministicForAFixedSeed() throws Exception {
        assertThat(provide("fixedSeed")).isEqualTo(provide("fixedSeed")).hasSize(30);
    }

    @Test
    void provider_rejectsAMissingFileNamingTheResolvedPath() {
        assertThatThrownBy(() -> provide("missing")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("no metadata file at").hasMessageContaining("nowhere")
                .hasMessageContaining("@ModelInputs on provider test");
    }

    @Test
    void provider_rejectsBothOrNeitherSource() {
        assertThatThrownBy(() -> provide("both")).isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("exactly one of metadata or bundle (got both)");
        assertThatThrownBy(() -> provide("neither")).hasMessageContaining("(got neither)");
        assertThatThrownBy(() -> provide("badCount")).hasMessageContaining("count 0");
    }

    @ModelInputs(metadata = METADATA, count = 30, seed = 5)
    private static void fixedSeed() {
    }

    @ModelInputs(metadata = "nowhere/metadata.json")
    private static void missing() {
    }

    @ModelInputs(metadata = METADATA, bundle = BUNDLE)
    private static void both() {
    }

    @ModelInputs
    private static void neither() {
    }

    @ModelInputs(metadata = METADATA, count = 0)
    private static void badCount() {
    }

    private static List<Double> list(Tensor t) {
        return java.util.Arrays.stream(t.toDoubles()).boxed().toList();
    }

    private static List<Object> provide(String method) throws Exception {
        Method m = ModelInputsTest.class.getDeclaredMethod(method);
        ModelInputsProvider provider = new ModelInputsProvider();
        provider.accept(m.getAnnotation(ModelInputs.class));
        ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(ModelInputsTest.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (proxy, method2, args) -> {
                    if (method2.getName().equals("getDisplayName")) {
                        return "provider test";
                    }
                    throw new UnsupportedOperationException(method2.getName());
                });
        ParameterDeclarations parameters = (ParameterDeclarations) Proxy.newProxyInstance(
                ModelInputsTest.class.getClassLoader(), new Class<?>[] {ParameterDeclarations.class},
                (proxy, method2, args) -> {
                    throw new UnsupportedOperationException(method2.getName());
                });
        List<Object> out = new ArrayList<>();
        for (Arguments a : provider.provideArguments(parameters, context).collect(Collectors.toList())) {
            out.add(a.get()[0]);
        }
        return out;
    }
}
