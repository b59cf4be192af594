// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates sessions on the first execution provider that works, proving availability by trying. Thread-safe.
 */
final class SessionFactory {
    private static final Logger LOG = LoggerFactory.getLogger(SessionFactory.class);

    /** A session and the provider it runs on. */
    record Created(OrtSession session, ExecutionProvider provider) {
    }

    private final OrtEnvironment env;
    private final List<ExecutionProvider> providers;
    private final ProviderPolicy policy;
    private final int intraOpThreads;
    private final Set<ExecutionProvider> warned = ConcurrentHashMap.newKeySet();

    /**
     * Creates a factory.
     *
     * @param env the environment
     * @param providers providers in order of preference
     * @param policy what to do when the first cannot serve
     * @param intraOpThreads threads per session, 0 for ONNX Runtime's default
     */
    SessionFactory(OrtEnvironment env, List<ExecutionProvider> providers, ProviderPolicy policy,
            int intraOpThreads) {
        this.env = env;
        this.providers = List.copyOf(providers);
        this.policy = policy;
        this.intraOpThreads = intraOpThreads;
    }

    /** @return the providers, in order of preference */
    List<ExecutionProvider> providers() {
        return providers;
    }

    /**
     * Creates a session for a model file on the configured providers, in the configured order.
     *
     * @param model the model file (in a staged bundle)
     * @param label the model's name for messages
     * @return the session and its provider
     * @throws ModelLoadException when the required provider, or every provider, fails
     */
    Created create(Path model, String label) {
        return create(model, label, providers);
    }

    /**
     * Creates a session for a model file, trying providers in the given order (the configured ones, reordered by a
     * bundle's declared preference).
     *
     * @param model the model file (in a staged bundle)
     * @param label the model's name for messages
     * @param providers the providers to try, in order; a subset of {@link #providers()}
     * @return the session and its provider
     * @throws ModelLoadException when the required provider, or every provider, fails
     */
    Created create(Path model, String label, List<ExecutionProvider> providers) {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < providers.size(); i++) {
            ExecutionProvider p = providers.get(i);
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                if (intraOpThreads > 0) {
                    options.setIntraOpNumThreads(intraOpThreads);
                }
                switch (p) {
                    case CUDA -> options.addCUDA(0);
                    case TENSORRT -> options.addTensorrt(0);
                    case CPU -> { }
                    default -> throw new IllegalStateException("unhandled provider " + p);
                }
                OrtSession session = env.createSession(model.toString(), options);
                if (!failures.isEmpty() && warned.add(providers.get(0))) {
                    LOG.warn("{}: execution provider {} unavailable ({}); serving on {}. Further fallbacks are logged"
                            + " at debug level.", label, providers.get(0), String.join("; ", failures), p);
                } else if (!failures.isEmpty()) {
                    LOG.debug("{}: serving on {} after {}", label, p, failures);
                }
                return new Created(session, p);
            } catch (OrtException | RuntimeException | LinkageError e) {
                String reason = p + ": " + e.getMessage();
                if (policy == ProviderPolicy.REQUIRED && i == 0) {
                    throw new ModelLoadException(label + ": the required execution provider " + p
                            + " cannot serve: " + e.getMessage(), e);
                }
                if (p == ExecutionProvider.CPU || i == providers.size() - 1) {
                    failures.add(reason);
                    throw new ModelLoadException(label + ": ONNX Runtime cannot load the model: "
                            + String.join("; ", failures), e);
                }
                failures.add(reason);
            }
        }
        throw new ModelLoadException(label + ": no execution provider configured");
    }
}
