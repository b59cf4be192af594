// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.testkit.BundleContract;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;

/** Every bundle the examples ship passes the testkit's bundle contract, as a user's build would check it. */
class ShippedBundlesContractTest {

    @TestFactory
    Stream<DynamicContainer> shippedBundles_honourTheContract() {
        return Stream.of("linear/1.0.0", "linear/1.0.1", "weather/1.0.0", "weather/1.1.0").map(b -> DynamicContainer.dynamicContainer(
                b, BundleContract.of(ExamplePaths.bundles().resolve(b),
                        builder -> builder.providers(ExecutionProvider.CPU)).tests()));
    }
}
