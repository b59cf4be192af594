// SPDX-License-Identifier: Apache-2.0
/**
 * Serving: {@link dev.mlops.runtime.ModelRuntime} verifies a bundle, loads it into ONNX Runtime, gates it on its
 * adequacy cases and hands out lease-counted {@link dev.mlops.api.RuntimeModel}s. An application needs only
 * {@code requires dev.mlops.runtime;}: the contract ({@code dev.mlops.api}) and the formats
 * ({@code dev.mlops.metadata}) come with it. {@code dev.mlops.runtime.internal} is not exported.
 *
 * @since 0.1.0
 */
@SuppressWarnings("requires-automatic")
module dev.mlops.runtime {
    requires transitive dev.mlops.api;
    requires transitive dev.mlops.metadata;
    requires static org.jspecify;
    requires com.microsoft.onnxruntime;
    requires com.github.benmanes.caffeine;
    requires org.slf4j;

    exports dev.mlops.runtime;
    exports dev.mlops.runtime.batching;
    exports dev.mlops.runtime.repository;
    exports dev.mlops.runtime.selection;
    exports dev.mlops.runtime.serving;
    exports dev.mlops.runtime.delivery;
}
