// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.runtime.BundleValidation;
import dev.mlops.runtime.ValidationReport;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The bundle the README's main job runs on is valid, packed, and holds the model the testkit builds in code. */
class LinearBundleTest {
    static final Path BUNDLE = Path.of("bundles/linear/1.0.0");

    @Test
    void shippedBundle_isPackedAndValid() {
        ValidationReport report = BundleValidation.validate(BUNDLE);
        assertThat(report.verified()).isTrue();
        assertThat(report.metadata().metadata().name()).isEqualTo("linear");
        assertThat(report.adequacyCases()).isEqualTo(5);
        assertThat(report.warnings()).isEmpty();
    }

    @Test
    void shippedModel_isTheOneBuiltInCode() throws IOException {
        assertThat(Files.readAllBytes(BUNDLE.resolve("model.onnx"))).isEqualTo(TestModels.linear().bytes());
    }
}
