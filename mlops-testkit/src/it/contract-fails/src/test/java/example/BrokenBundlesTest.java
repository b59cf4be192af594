// SPDX-License-Identifier: Apache-2.0
package example;

import dev.mlops.testkit.BundleContract;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class BrokenBundlesTest {
    @TestFactory
    Stream<DynamicTest> wrongAdequacyCase() {
        return BundleContract.of(Path.of("bundles/adequacy")).tests();
    }

    @TestFactory
    Stream<DynamicTest> wrongEnvelope() {
        return BundleContract.of(Path.of("bundles/envelope")).tests();
    }

    @TestFactory
    Stream<DynamicTest> wrongSignature() {
        return BundleContract.of(Path.of("bundles/signature")).tests();
    }
}
