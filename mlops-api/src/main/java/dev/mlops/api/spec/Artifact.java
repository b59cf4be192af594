// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.spec;

import java.util.Objects;

/**
 * The serialized model inside the bundle.
 *
 * <p>Immutable and thread-safe.
 *
 * @param format the format; {@code "onnx"} is the only one served
 * @param path the bundle-relative path of the model file
 * @since 0.1.0
 */
public record Artifact(String format, String path) {
    /** The default artifact: {@code model.onnx} in ONNX format. */
    public static final Artifact DEFAULT = new Artifact("onnx", "model.onnx");

    /** Checks the components. */
    public Artifact {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(path, "path");
    }
}
