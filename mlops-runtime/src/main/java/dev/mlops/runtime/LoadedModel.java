// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.mlops.api.MlopsException;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.runtime.internal.EnvelopeGuard;
import dev.mlops.runtime.internal.Tensors;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native session and the staged bundle it was loaded from, shared by the cache and every open handle, and
 * closed by the last of them to let go.
 *
 * <p>Closing an {@code OrtSession} while another thread is inside {@code run()} crashes the JVM, so nothing closes
 * the session directly: every holder (the cache, each handle, each call in flight) holds a lease, and the session is
 * closed when the count reaches zero. A count that reached zero never rises again, so a closed session is never run.
 * Thread-safe.
 */
final class LoadedModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);
    private static final AtomicLong OPEN_SESSIONS = new AtomicLong();

    private final OrtEnvironment env;
    private final OrtSession session;
    private final Bundle bundle;
    private final ModelMetadata metadata;
    private final ModelMetadata inputContract;
    private final String provider;
    private final EnvelopeGuard guard;
    private final AtomicInteger leases = new AtomicInteger(1);
    /** The names ONNX Runtime computes for {@link #run}: tensor outputs only. */
    private final Set<String> tensorOutputs;
    /** The names ONNX Runtime computes for {@link #runAll}: every declared output. */
    private final Set<String> allOutputs;

    /**
     * Takes ownership of a session and its bundle, with one lease held by the caller.
     *
     * @param env the environment
     * @param session the session
     * @param bundle the staged bundle the session was loaded from
     * @param metadata the bundle's metadata
     * @param inputContract what inputs are checked against: the metadata, with input dimensions it declares dynamic
     *     and the graph fixes tightened to the graph's size ({@link GraphSignature#inputContract})
     * @param provider the execution provider that serves it
     */
    LoadedModel(OrtEnvironment env, OrtSession session, Bundle bundle, ModelMetadata metadata,
            ModelMetadata inputContract, String provider) {
        this.env = env;
        this.session = session;
        this.bundle = bundle;
        this.metadata = metadata;
        this.inputContract = inputContract;
        this.provider = provider;
        this.guard = new EnvelopeGuard(metadata);
        this.tensorOutputs = names(metadata, true);
        this.allOutputs = names(metadata, false);
        OPEN_SESSIONS.incrementAndGet();
    }

    private static Set<String> names(ModelMetadata metadata, boolean tensorsOnly) {
        Set<String> names = new LinkedHashSet<>();
        for (TensorSpec spec : metadata.outputs()) {
            if (spec.isTensor() || !tensorsOnly) {
                names.add(spec.name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** @return native sessions alive in this JVM, across every runtime */
    static long openSessions() {
        return OPEN_SESSIONS.get();
    }

    /** @return the metadata */
    ModelMetadata metadata() {
        return metadata;
    }

    /** @return the metadata inputs are checked against: as declared, with what the graph fixes filled in */
    ModelMetadata inputContract() {
        return inputContract;
    }

    /** @return the delivery id of the bundle */
    String deliveryId() {
        return bundle.deliveryId();
    }

    /** @return the provider that serves */
    String provider() {
        return provider;
    }

    /** @return the envelope guard of this model */
    EnvelopeGuard guard() {
        return guard;
    }

    /**
     * Takes a lease, unless the model is already closed.
     *
     * @return {@code true} when the lease was taken; then {@link #release()} must follow
     */
    boolean acquire() {
        for (;;) {
            int n = leases.get();
            if (n <= 0) {
                return false;
            }
            if (leases.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Returns a lease; the last one closes the session and deletes the staged bundle. */
    void release() {
        int n = leases.decrementAndGet();
        if (n == 0) {
            closeNow();
        } else if (n < 0) {
            throw new IllegalStateException("lease released twice on " + metadata.name());
        }
    }

    /** @return whether the session has been closed */
    boolean isClosed() {
        return leases.get() <= 0;
    }

    private void closeNow() {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.warn("closing the session of {} failed: {}", metadata.name(), e.toString());
        } finally {
            OPEN_SESSIONS.decrementAndGet();
            bundle.close();
        }
        LOG.debug("closed {} {} ({})", metadata.name(), metadata.version(), bundle.deliveryId());
    }

    /**
     * Runs the model for its tensor outputs only: sequences and maps are not computed. The caller must hold a lease
     * for the whole call.
     *
     * @param inputs checked inputs
     * @return every declared tensor output
     * @throws MlopsException when ONNX Runtime fails
     */
    Map<String, Tensor> run(Map<String, Tensor> inputs) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        runFor(inputs, tensorOutputs).forEach((k, v) -> out.put(k, (Tensor) v));
        return out;
    }

    /**
     * Runs the model for every declared output, sequences and maps included. The caller must hold a lease for the
     * whole call.
     *
     * @param inputs checked inputs
     * @return every declared output
     * @throws MlopsException when ONNX Runtime fails
     */
    Map<String, Value> runAll(Map<String, Tensor> inputs) {
        return runFor(inputs, allOutputs);
    }

    private Map<String, Value> runFor(Map<String, Tensor> inputs, Set<String> requested) {
        if (requested.isEmpty()) {
            return Map.of(); // a model whose every output is a sequence or map has no tensor to compute
        }
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feeds.put(e.getKey(), Tensors.toOnnx(env, e.getValue()));
            }
            try (OrtSession.Result result = session.run(feeds, requested)) {
                Map<String, Value> out = new LinkedHashMap<>();
                for (TensorSpec spec : metadata.outputs()) {
                    if (!requested.contains(spec.name())) {
                        continue;
                    }
                    Optional<OnnxValue> v = result.get(spec.name());
                    if (v.isEmpty() || (spec.isTensor() && !(v.get() instanceof OnnxTensor))) {
                        throw new MlopsException(metadata.name() + ": output '" + spec.name()
                                + "' is missing from the run's results or is not a " + spec.type());
                    }
                    out.put(spec.name(), Tensors.valueFromOnnx(v.get(), spec.name(), spec.type()));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new MlopsException(metadata.name() + " " + metadata.version() + ": inference failed on "
                    + provider + ": " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    @Override
    public String toString() {
        return metadata.name() + " " + metadata.version() + " (" + bundle.deliveryId() + ", " + provider + ", leases "
                + leases.get() + ")";
    }
}
