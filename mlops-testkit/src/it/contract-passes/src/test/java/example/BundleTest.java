// SPDX-License-Identifier: Apache-2.0
package example;

import dev.mlops.testkit.BundleContract;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

class BundleTest {
    @TestFactory
    Stream<DynamicTest> weatherBundle() {
        return BundleContract.of(Path.of("../../../../examples/bundles/weather/1.1.0")).tests();
    }
}
