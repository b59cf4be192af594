// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.Processor;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.adequacy.CaseResult;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.tensor.Value;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.metadata.cases.CaseLimits;
import dev.mlops.metadata.cases.CaseReader;
import dev.mlops.metadata.cases.CaseStream;
import dev.mlops.runtime.internal.InputCheck;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a bundle into a loaded, gated model: stage (copy and verify), validate (metadata, files, cases, SDK version),
 * create the session on the first provider that serves, check the graph signature, run every adequacy case on that
 * provider. Owns what it creates until it hands it over: on any failure, {@code Throwable}s included, the session is
 * closed and the staged copy deleted before the failure propagates. Thread-safe.
 */
final class Loader {
    private static final Logger LOG = LoggerFactory.getLogger(Loader.class);

    private final OrtEnvironment env;
    private final SessionFactory sessions;
    private final BundleReader reader;
    private final ModelRuntime.AdequacyPolicy adequacyPolicy;
    private final ProviderPolicy providerPolicy;
    private final Map<String, Processor> processors;
    private final CaseLimits caseLimits;

    Loader(OrtEnvironment env, SessionFactory sessions, BundleReader reader, ModelRuntime.AdequacyPolicy adequacyPolicy,
            ProviderPolicy providerPolicy, Map<String, Processor> processors, CaseLimits caseLimits) {
        this.env = env;
        this.sessions = sessions;
        this.reader = reader;
        this.adequacyPolicy = adequacyPolicy;
        this.providerPolicy = providerPolicy;
        this.processors = Map.copyOf(processors);
        this.caseLimits = caseLimits;
    }

    BundleReader reader() {
        return reader;
    }

    /** A model holding one lease (its caller's), with what validation and the gate found. */
    record Loaded(LoadedModel model, ValidationReport validation, AdequacyReport adequacy) {
    }

    /**
     * Stages a bundle and loads it.
     *
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws ModelLoadException when no provider can load the model
     */
    Loaded load(Path source) {
        return load(reader.open(source));
    }

    /**
     * Loads a staged bundle, taking ownership of it: on return the model owns it; on any failure it is closed.
     * A failed adequacy case does not throw: the report says so, and the caller decides.
     */
    Loaded load(Bundle staged) {
        SessionFactory.Created created = null;
        LoadedModel model = null;
        boolean handedOver = false;
        try {
            BundleValidation.Prepared prepared = BundleValidation.prepare(staged, adequacyPolicy, caseLimits, true);
            ModelMetadata meta = prepared.metadata();
            String label = meta.name() + " " + meta.version();
            Optional<Processor> processor = processorFor(meta, label); // before any native work
            created = sessions.create(prepared.model(), label, providersFor(meta, label));
            GraphSignature signature;
            try {
                signature = GraphSignature.of(created.session());
            } catch (OrtException e) {
                throw new ModelLoadException(label + ": cannot read the session's signature: " + e.getMessage(), e);
            }
            ValidationReport validation = prepared.complete(signature);
            model = new LoadedModel(env, created.session(), staged, meta, signature.inputContract(meta),
                    created.provider().id());
            created = null; // the model owns the session and the staged copy now
            AdequacyReport report = gate(model, staged, prepared.kept(), meta, label, processor);
            handedOver = true;
            return new Loaded(model, validation, report);
        } finally {
            if (!handedOver) {
                release(model, created, staged);
            }
        }
    }

    /** Frees what a failed load holds; never throws, so the original failure is what propagates. */
    private static void release(@Nullable LoadedModel model, SessionFactory.@Nullable Created created, Bundle staged) {
        try {
            if (model != null) {
                model.release(); // closes the session and deletes the staged copy
                return;
            }
            if (created != null) {
                try {
                    created.session().close();
                } catch (OrtException | RuntimeException e) {
                    LOG.warn("closing a session that failed to load: {}", e.toString());
                }
            }
        } finally {
            if (model == null) {
                staged.close();
            }
        }
    }

    /**
     * Runs every case: those validation kept (a small case file, parsed once), or else each read one at a time from
     * the staged copy. A case file that turns out broken here (it was scanned whole before) is an invalid bundle,
     * never a failed case.
     */
    private AdequacyReport gate(LoadedModel model, Bundle staged, Optional<List<AdequacyCase>> kept,
            ModelMetadata meta, String label, Optional<Processor> processor) {
        Function<Map<String, Tensor>, Map<String, Value>> modelForm = inputs -> {
            Map<String, Tensor> snapshot = InputCheck.snapshot(model.inputContract(), inputs);
            InputCheck.check(model.inputContract(), snapshot);
            return model.runAll(snapshot);
        };
        List<CaseResult> results = new ArrayList<>();
        if (kept.isPresent()) {
            run(kept.get().iterator(), results, meta, processor, modelForm);
        } else {
            try (CaseStream cases = CaseReader.stream(staged, meta, caseLimits)) {
                run(cases, results, meta, processor, modelForm);
            }
        }
        if (results.isEmpty()) {
            LOG.warn("{}: no adequacy cases; serving without a gate", label);
        }
        AdequacyReport report = new AdequacyReport(label, model.provider(), results);
        if (report.passed()) {
            LOG.info("{} ({}) passed {} adequacy cases on {}", label, model.deliveryId(), results.size(),
                    model.provider());
        }
        return report;
    }

    private static void run(Iterator<AdequacyCase> cases, List<CaseResult> results, ModelMetadata meta,
            Optional<Processor> processor, Function<Map<String, Tensor>, Map<String, Value>> modelForm) {
        while (cases.hasNext()) {
            AdequacyCase c = cases.next(); // a raw-form case has its processor: validation and processorFor saw to it
            results.add(c.raw()
                    ? AdequacyRunner.runCase(c, meta.adequacy(), raw -> processor.orElseThrow()
                            .postprocess(Value.tensors(modelForm.apply(processor.orElseThrow().preprocess(raw)))))
                    : AdequacyRunner.runCase(c, meta.adequacy(), modelForm));
        }
    }

    /**
     * The providers to try for a model: the runtime's, those the bundle declares in {@code runtime.providers} first
     * (in its order). The application's configuration wins: a declared provider the runtime does not offer is not
     * tried; under {@link ProviderPolicy#REQUIRED} a bundle that declares providers and none the runtime offers is
     * refused, since it could only be served on a provider it did not ask for.
     */
    private List<ExecutionProvider> providersFor(ModelMetadata meta, String label) {
        List<String> declared = meta.runtime().providers();
        List<ExecutionProvider> configured = sessions.providers();
        if (declared.isEmpty()) {
            return configured;
        }
        List<ExecutionProvider> order = new ArrayList<>();
        for (String name : declared) {
            for (ExecutionProvider p : configured) {
                if (p.id().equalsIgnoreCase(name.trim()) && !order.contains(p)) {
                    order.add(p);
                }
            }
        }
        if (order.isEmpty()) {
            String message = label + " declares runtime.providers " + declared + ", and this runtime offers none of"
                    + " them (it offers " + configured + ")";
            if (providerPolicy == ProviderPolicy.REQUIRED) {
                throw new ModelLoadException(message + "; the provider policy REQUIRED refuses to serve it elsewhere");
            }
            LOG.warn("{}; serving on {} (runtime.providers is a hint)", message, configured);
            return configured;
        }
        for (ExecutionProvider p : configured) {
            if (!order.contains(p)) {
                order.add(p);
            }
        }
        return order;
    }

    /**
     * Finds the registered processor the metadata names.
     *
     * @throws ModelLoadException when none is registered under that name, or only another version is
     */
    private Optional<Processor> processorFor(ModelMetadata meta, String label) {
        if (meta.preprocessing().isEmpty()) {
            return Optional.empty();
        }
        Preprocessing needed = meta.preprocessing().get();
        Processor p = processors.get(needed.name());
        if (p == null) {
            throw new ModelLoadException(label + " needs the preprocessing '" + needed.name() + "' version "
                    + needed.version() + ", and none is registered (registered: " + processors.keySet()
                    + "); register it with ModelRuntime.newBuilder().processor(...)");
        }
        if (!p.version().equals(needed.version())) {
            throw new ModelLoadException(label + " needs the preprocessing '" + needed.name() + "' version "
                    + needed.version() + ", but version " + p.version() + " is registered");
        }
        return Optional.of(p);
    }
}
