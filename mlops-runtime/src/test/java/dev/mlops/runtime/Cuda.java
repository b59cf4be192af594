// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import dev.mlops.testkit.models.TestModels;

/** Whether CUDA can serve here, proven once per test JVM by creating a session on it. */
final class Cuda {
    private static final String WHY_NOT = probe();

    private Cuda() {
    }

    /** @return whether a session on the CUDA provider could be created */
    static boolean serves() {
        return WHY_NOT.isEmpty();
    }

    /** @return why CUDA cannot serve here, or an empty string when it can */
    static String whyNot() {
        return WHY_NOT;
    }

    private static String probe() {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
                return "this ONNX Runtime jar has no CUDA provider (build with -Pgpu for onnxruntime_gpu)";
            }
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.addCUDA(0);
                try (OrtSession session = env.createSession(TestModels.linear().bytes(), options)) {
                    return session.getNumInputs() > 0 ? "" : "the CUDA probe session has no inputs";
                }
            }
        } catch (OrtException | RuntimeException | LinkageError e) {
            return "CUDA cannot serve here: " + e;
        }
    }
}
