// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where ONNX Runtime executes a model. CPU is always available; the others need the {@code onnxruntime_gpu} jar and
 * the matching native libraries, and are proven by trying, never assumed.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public enum ExecutionProvider {
    /** NVIDIA TensorRT (needs {@code libnvinfer} besides CUDA). */
    TENSORRT,
    /** NVIDIA CUDA (needs CUDA 12 and cuDNN 9 libraries). */
    CUDA,
    /** The default CPU provider. */
    CPU;

    /** @return the lower-case name used on the command line and in metadata hints, e.g. {@code "cuda"} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a provider name, case-insensitively.
     *
     * @param name for example {@code "cuda"}
     * @return the provider
     * @throws IllegalArgumentException naming the known providers
     */
    public static ExecutionProvider parse(String name) {
        for (ExecutionProvider p : values()) {
            if (p.id().equalsIgnoreCase(name.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not an execution provider (expected one of "
                + Arrays.stream(values()).map(ExecutionProvider::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id();
    }
}
