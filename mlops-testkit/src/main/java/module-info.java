// SPDX-License-Identifier: Apache-2.0
/**
 * JUnit 5 contract tests for bundles and {@link dev.mlops.api.RuntimeModel}s, output assertions and
 * {@code @ModelInputs}.
 *
 * @since 0.1.0
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.mlops.testkit {
    requires transitive dev.mlops.runtime;
    requires transitive dev.mlops.testkit.core;
    requires transitive org.junit.jupiter.api;
    requires transitive org.junit.jupiter.params;
    requires static org.jspecify;

    exports dev.mlops.testkit;
    exports dev.mlops.testkit.junit;
}
