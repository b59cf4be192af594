// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.testkit.gen.Gen;
import dev.mlops.testkit.gen.Gens;
import dev.mlops.testkit.gen.Property;
import dev.mlops.testkit.models.TestModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples in this module's Javadoc, compiled and run. Keep them in step with the docs. */
class DocSnippetsTest {

    @Test
    void testModel_classJavadoc(@TempDir Path dir) {
        TestModel linear = TestModels.linear();                  // y = 2x + 1
        Path file = linear.write(dir.resolve("model.onnx"));
        ModelMetadata meta = linear.metadata("weather", "1.0.0").build();
        Map<String, Tensor> expected = linear.reference(linear.sampleInputs());

        assertThat(file).exists();
        assertThat(Files.isRegularFile(file)).isTrue();
        assertThat(meta.inputs()).isEqualTo(linear.inputs());
        assertThat(expected.get("y").toMatrix()).isEqualTo(new float[][] {{3f}, {5f}, {8f}});
    }

    @Test
    void gen_interfaceJavadoc() {
        Gen<List<Integer>> lists = Gens.listOf(Gens.ints(-20, 20), 0, 10);
        Property.forAll(lists).tries(500).check(list -> assertThat(mySum(list)).isEqualTo(sum(list)));
    }

    private static int mySum(List<Integer> list) {
        int s = 0;
        for (int i : list) {
            s += i;
        }
        return s;
    }

    private static int sum(List<Integer> list) {
        return list.stream().mapToInt(i -> i).sum();
    }
}
