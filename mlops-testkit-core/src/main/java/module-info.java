// SPDX-License-Identifier: Apache-2.0
/**
 * Test fixtures without a test framework: ONNX models built in code, seeded generators with shrinking, mock
 * datasets from a model's declared inputs.
 *
 * @since 0.1.0
 */
@SuppressWarnings("requires-automatic")
module dev.mlops.testkit.core {
    requires transitive dev.mlops.api;
    requires static org.jspecify;
    requires org.tribuo.util.onnx;
    requires com.google.protobuf;

    exports dev.mlops.testkit.data;
    exports dev.mlops.testkit.gen;
    exports dev.mlops.testkit.models;
}
