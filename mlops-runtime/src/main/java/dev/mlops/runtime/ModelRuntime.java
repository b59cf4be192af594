package dev.mlops.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.Processor;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.BundleStamp;
import dev.mlops.metadata.cases.AdequacyCase;
import dev.mlops.runtime.internal.AdequacyRunner;
import dev.mlops.runtime.internal.InputCheck;
import dev.mlops.runtime.internal.LoadedModel;
import dev.mlops.runtime.internal.ModelHandle;
import dev.mlops.runtime.internal.SessionFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of the runtime: opens bundles into verified {@link RuntimeModel}s. Build one per application.
 *
 * <p>Opening a bundle stages and verifies it (manifest, metadata, named files, graph signature), creates a session
 * on the first execution provider that works, runs every adequacy case on that provider, and only then returns the
 * model. On any failure it throws a typed exception with the full report and frees every native resource. Loaded
 * models are cached by delivery id; opening the same bundle again shares the session.
 *
 * <pre>{@code
 * try (ModelRuntime runtime = ModelRuntime.newBuilder().build();
 *         RuntimeModel model = runtime.open(Path.of("linear.zip"))) {
 *     float[][] y = model.predict(new float[][] {{1f}, {2f}});
 * }
 * }</pre>
 *
 * <p>Thread-safe: any thread may open, predict and close concurrently. Sessions are closed by the last user: a
 * model evicted from the cache, or a runtime closed, while other threads predict on it finishes their calls first.
 *
 * @since 0.1.0
 */
public final class ModelRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRuntime.class);

    private final OrtEnvironment env;
    private final SessionFactory sessions;
    private final BundleReader reader;
    private final AdequacyPolicy adequacyPolicy;
    private final Optional<Path> repository;
    private final Cache<String, LoadedModel> cache;
    /** How each source path looked when it was last verified: the key to opening it again without a full read. */
    private final Cache<Path, BundleStamp> stamps;
    private final Map<String, String> idsByNameVersion = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<String, Processor> processors;

    /** Whether a bundle must ship adequacy cases. */
    public enum AdequacyPolicy {
        /** A bundle without adequacy cases is refused (the default). */
        REQUIRED,
        /** A bundle without adequacy cases loads, with a warning. Cases that are present always run. */
        IF_PRESENT
    }

    private ModelRuntime(Builder b) {
        this.env = OrtEnvironment.getEnvironment();
        this.sessions = new SessionFactory(env, b.providers.orElseGet(ModelRuntime::defaultProviders),
                b.policy.orElse(ProviderPolicy.PREFERRED), b.intraOpThreads.orElse(0));
        this.reader = b.stagingRoot.map(r -> BundleReader.newBuilder().stagingRoot(r).build())
                .orElseGet(BundleReader::standard);
        this.adequacyPolicy = b.adequacyPolicy.orElse(AdequacyPolicy.REQUIRED);
        this.repository = b.repository;
        this.processors = Map.copyOf(b.processors);
        this.cache = Caffeine.newBuilder()
                .maximumSize(b.maximumModels.orElse(16L))
                .expireAfterAccess(b.expireAfterIdle.orElse(Duration.ofMinutes(30)))
                .executor(Runnable::run)
                .removalListener((String id, LoadedModel model, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                    if (model != null) {
                        model.release(); // the cache's lease; callers' leases keep the session until they finish
                    }
                })
                .build();
        this.stamps = Caffeine.newBuilder().maximumSize(4 * b.maximumModels.orElse(16L)).build();
    }

    /**
     * The default providers: those this ONNX Runtime build was compiled with, GPU first, then CPU. On the CPU jar that
     * is CPU alone; on {@code onnxruntime_gpu} it is TensorRT, CUDA, CPU, each proven by trying.
     */
    static List<ExecutionProvider> defaultProviders() {
        Set<ExecutionProvider> compiled = EnumSet.of(ExecutionProvider.CPU);
        try {
            Set<OrtProvider> available = OrtEnvironment.getAvailableProviders();
            if (available.contains(OrtProvider.TENSOR_RT)) {
                compiled.add(ExecutionProvider.TENSORRT);
            }
            if (available.contains(OrtProvider.CUDA)) {
                compiled.add(ExecutionProvider.CUDA);
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot list compiled providers: {}", e.toString());
        }
        return List.copyOf(compiled); // enum order: TENSORRT, CUDA, CPU
    }

    /** @return a builder with every option at its default */
    public static Builder newBuilder() {
        return new Builder();
    }

    /** @return the execution providers tried, in order */
    public List<ExecutionProvider> providers() {
        return sessions.providers();
    }

    /**
     * Opens a bundle directory or zip: verify, load, gate on adequacy, serve.
     *
     * <p>Opening the same path again while its model is cached reads only the bundle's listing and manifest: when
     * every file's size, modification time and file key are as they were when its copy was verified, that copy
     * serves. Any change the file system shows (a rewritten, truncated, added or removed file; another zip) makes
     * this open read and verify every byte again. {@link #verify(Path)} always does.
     *
     * @param bundle the directory or {@code .zip}
     * @return the model; close it when done (the session is shared and closes after its last user)
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws AdequacyFailureException with the report, when a case fails on the serving provider
     * @throws ModelLoadException when no provider can load the model, or a required one cannot
     */
    public RuntimeModel open(Path bundle) {
        ensureOpen();
        Objects.requireNonNull(bundle, "bundle");
        if (!Files.exists(bundle)) {
            throw new InvalidBundleException(bundle.toString(), "no such file or directory");
        }
        Path source = bundle.toAbsolutePath().normalize();
        Optional<BundleStamp> stamp = reader.stamp(source);
        if (stamp.isPresent() && stamp.get().equals(stamps.getIfPresent(source))) {
            LoadedModel cached = cache.getIfPresent(stamp.get().deliveryId());
            if (cached != null && cached.acquire()) { // untouched since its copy was verified, gated and loaded
                hits.increment();
                return new ModelHandle(cached);
            }
        }
        Bundle staged = reader.open(bundle);
        LoadedModel model;
        boolean handedOver = false;
        try {
            model = cache.getIfPresent(staged.deliveryId());
            if (model != null && model.acquire()) {
                hits.increment();
                rememberStamp(source, stamp, staged.deliveryId());
                return new ModelHandle(model);
            }
            misses.increment();
            Loaded loaded = load(staged);
            handedOver = true;
            if (!loaded.report.passed()) {
                loaded.model.release();
                throw loaded.report.toException();
            }
            rememberStamp(source, stamp, staged.deliveryId());
            return share(loaded.model);
        } finally {
            if (!handedOver) {
                staged.close();
            }
        }
    }

    /**
     * Remembers how a source looked when it was stamped, before the staged copy that then verified: a later open that
     * finds the same stamp may use the cached model without reading the bundle again. A source that changed while it
     * was staged gets a stamp that no longer matches, which only costs the next open a full read.
     */
    private void rememberStamp(Path source, Optional<BundleStamp> stamp, String verifiedId) {
        if (stamp.isPresent() && stamp.get().deliveryId().equals(verifiedId)) {
            stamps.put(source, stamp.get());
        } else {
            stamps.invalidate(source);
        }
    }

    /**
     * Opens a model from the repository folder: {@code <repository>/<name>/<version>/} or
     * {@code <repository>/<name>/<version>.zip}. Repository entries are immutable: publish a new version instead of
     * changing one.
     *
     * @param name the model name
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     * @return the model
     * @throws IllegalStateException when the runtime has no repository
     * @throws InvalidBundleException when the entry is missing or invalid, or its metadata names another model
     * @throws AdequacyFailureException when a case fails
     * @throws ModelLoadException when no provider can load it
     */
    public RuntimeModel open(String name, String version) {
        ensureOpen();
        Path root = repository.orElseThrow(() -> new IllegalStateException(
                "this runtime has no repository: set ModelRuntime.newBuilder().repository(dir)"));
        ModelVersion v = ModelVersion.parse(version);
        String key = name + "@" + v;
        String id = idsByNameVersion.get(key);
        if (id != null) {
            LoadedModel cached = cache.getIfPresent(id);
            if (cached != null && cached.acquire()) {
                hits.increment();
                return new ModelHandle(cached);
            }
        }
        Path dir = root.resolve(name).resolve(v.toString());
        Path zip = root.resolve(name).resolve(v + ".zip");
        Path entry = Files.isDirectory(dir) ? dir : zip;
        if (!Files.exists(entry)) {
            throw new InvalidBundleException(root.relativize(dir).toString(), "not in the repository " + root
                    + " (expected the directory " + dir.getFileName() + "/ or " + zip.getFileName() + ")");
        }
        RuntimeModel model = open(entry);
        ModelMetadata meta = model.metadata();
        if (!meta.name().equals(name) || !meta.version().equals(v)) {
            model.close();
            throw new InvalidBundleException(root.relativize(entry).toString(), "holds " + meta.name() + " "
                    + meta.version() + ", not " + name + " " + v);
        }
        idsByNameVersion.put(key, model.deliveryId());
        return model;
    }

    /**
     * Verifies a bundle end to end (validation, load on the configured providers, every adequacy case) and releases
     * it, reporting the adequacy result rather than throwing on a failed case.
     *
     * @param bundle the directory or {@code .zip}
     * @return the validation and adequacy reports
     * @throws InvalidBundleException (or a subtype) naming the file at fault
     * @throws ModelLoadException when no provider can load the model
     */
    public Verification verify(Path bundle) {
        ensureOpen();
        if (!Files.exists(bundle)) {
            throw new InvalidBundleException(bundle.toString(), "no such file or directory");
        }
        Bundle staged = reader.open(bundle);
        Loaded loaded;
        try {
            loaded = load(staged);
        } catch (RuntimeException e) {
            staged.close();
            throw e;
        }
        loaded.model.release();
        return new Verification(loaded.validation, loaded.report);
    }

    /** The outcome of {@link #verify(Path)}. */
    public record Verification(ValidationReport validation, AdequacyReport adequacy) {
        /** @return whether every adequacy case passed */
        public boolean passed() {
            return adequacy.passed();
        }
    }

    private record Loaded(LoadedModel model, ValidationReport validation, AdequacyReport report) {
    }

    /** Validates, creates the session and runs the cases. On return the model holds one lease: the caller's. */
    private Loaded load(Bundle staged) {
        AtomicReference<SessionFactory.Created> session = new AtomicReference<>();
        BundleValidation.Checked checked;
        try {
            checked = BundleValidation.check(staged, (meta, modelFile) -> {
                String label = meta.name() + " " + meta.version();
                processorFor(meta, label); // a missing processor fails before any native work
                SessionFactory.Created created = sessions.create(modelFile, label);
                session.set(created);
                try {
                    return GraphSignature.of(created.session());
                } catch (OrtException e) {
                    throw new ModelLoadException(label + ": cannot read the session's signature: " + e.getMessage(),
                            e);
                }
            });
        } catch (RuntimeException e) {
            closeQuietly(session.get());
            throw e;
        }
        ValidationReport validation = checked.report();
        ModelMetadata meta = validation.metadata().metadata();
        String label = meta.name() + " " + meta.version();
        List<AdequacyCase> cases = checked.cases();
        SessionFactory.Created created = session.get();
        LoadedModel model = new LoadedModel(env, created.session(), staged, meta, created.provider().id());
        try {
            if (cases.isEmpty() && adequacyPolicy == AdequacyPolicy.REQUIRED) {
                throw new InvalidBundleException(staged.source().getFileName().toString(),
                        label + " ships no adequacy cases; the runtime requires them (set AdequacyPolicy.IF_PRESENT"
                                + " to allow this)");
            }
            Optional<Processor> processor = processorFor(meta, label);
            for (AdequacyCase c : cases) {
                if (c.raw() && processor.isEmpty()) {
                    throw new InvalidBundleException(meta.adequacy().map(a -> a.cases()).orElse("adequacy"),
                            "case '" + c.id() + "' is in raw form, but metadata.json names no preprocessing to turn"
                                    + " it into model inputs");
                }
            }
            if (cases.isEmpty()) {
                LOG.warn("{}: no adequacy cases; serving without a gate", label);
            }
            Function<Map<String, Tensor>, Map<String, Tensor>> modelForm = inputs -> {
                InputCheck.check(meta, inputs);
                return model.run(inputs);
            };
            List<AdequacyReport.CaseResult> results = new ArrayList<>();
            for (AdequacyCase c : cases) {
                results.add(AdequacyRunner.runCase(c, meta.adequacy(), c.raw()
                        ? raw -> processor.get().postprocess(modelForm.apply(processor.get().preprocess(raw)))
                        : modelForm));
            }
            AdequacyReport report = new AdequacyReport(label, created.provider().id(), results);
            if (report.passed()) {
                LOG.info("{} ({}) passed {} adequacy cases on {}", label, staged.deliveryId(), cases.size(),
                        created.provider());
            }
            return new Loaded(model, validation, report);
        } catch (RuntimeException e) {
            model.release();
            throw e;
        }
    }

    private static void closeQuietly(SessionFactory.Created created) {
        if (created != null) {
            try {
                created.session().close();
            } catch (OrtException | RuntimeException e) {
                LOG.warn("closing a session that failed validation: {}", e.toString());
            }
        }
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

    /**
     * Puts a freshly loaded model in the cache (or uses the one a racing thread put) and hands out a lease. The
     * handle's lease is taken before the cache can see the model, so an eviction right after the put cannot close it.
     */
    private RuntimeModel share(LoadedModel fresh) {
        if (!fresh.acquire()) { // cannot fail: the load's lease is still held
            throw new IllegalStateException("a freshly loaded model was already closed: " + fresh);
        }
        for (;;) {
            LoadedModel existing = cache.asMap().putIfAbsent(fresh.deliveryId(), fresh);
            if (existing == null) {
                return new ModelHandle(fresh); // the cache owns the load's lease, the handle its own
            }
            if (existing.acquire()) {
                fresh.release(); // another thread loaded the same delivery first: use its session
                fresh.release();
                return new ModelHandle(existing);
            }
            cache.asMap().remove(fresh.deliveryId(), existing);
        }
    }

    /** @return a snapshot of the cache */
    public CacheStats cacheStats() {
        cache.cleanUp();
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), cache.estimatedSize(),
                LoadedModel.openSessions());
    }

    /** Drops every cached model; sessions in use close when their last caller lets go. */
    public void evictAll() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("this ModelRuntime is closed");
        }
    }

    /** Closes the runtime: the cache lets go of every model; models still held close when released. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            evictAll();
        }
    }

    /**
     * Configures a {@link ModelRuntime}. Each option may be set once; {@link #build()} leaves the builder usable.
     * Not thread-safe.
     */
    public static final class Builder {
        private Optional<List<ExecutionProvider>> providers = Optional.empty();
        private Optional<ProviderPolicy> policy = Optional.empty();
        private Optional<Integer> intraOpThreads = Optional.empty();
        private Optional<Long> maximumModels = Optional.empty();
        private Optional<Duration> expireAfterIdle = Optional.empty();
        private Optional<Path> stagingRoot = Optional.empty();
        private Optional<Path> repository = Optional.empty();
        private Optional<AdequacyPolicy> adequacyPolicy = Optional.empty();
        private final Map<String, Processor> processors = new java.util.LinkedHashMap<>();

        private Builder() {
        }

        /**
         * Registers the pre/post-processing that bundles naming it in {@code preprocessing} need. Their raw-form
         * adequacy cases run through it; a bundle naming an unregistered processor, or another version, is refused.
         *
         * @param processor the processor; one per name
         * @return this builder
         */
        public Builder processor(Processor processor) {
            Objects.requireNonNull(processor, "processor");
            if (processors.putIfAbsent(processor.name(), processor) != null) {
                throw new IllegalStateException("processor '" + processor.name() + "' was already registered");
            }
            return this;
        }

        private static <T> Optional<T> once(Optional<T> current, T value, String option) {
            if (current.isPresent()) {
                throw new IllegalStateException(option + " was already set to " + current.get());
            }
            return Optional.of(Objects.requireNonNull(value, option));
        }

        /**
         * Sets the execution providers, in order of preference. Default: those the ONNX Runtime jar was compiled
         * with, GPU first, CPU last.
         *
         * @param order the providers, at least one, no repeats
         * @return this builder
         */
        public Builder providers(ExecutionProvider... order) {
            List<ExecutionProvider> list = List.of(order);
            if (list.isEmpty() || Set.copyOf(list).size() != list.size()) {
                throw new IllegalArgumentException("providers: give at least one, without repeats: " + list);
            }
            providers = once(providers, list, "providers");
            return this;
        }

        /**
         * Sets what happens when the first provider cannot serve. Default {@link ProviderPolicy#PREFERRED}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder providerPolicy(ProviderPolicy value) {
            policy = once(policy, value, "providerPolicy");
            return this;
        }

        /**
         * Sets the intra-op threads of each session. Default: ONNX Runtime's (one per core).
         *
         * @param threads at least 1
         * @return this builder
         */
        public Builder intraOpThreads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("intraOpThreads: " + threads + " must be >= 1");
            }
            intraOpThreads = once(intraOpThreads, threads, "intraOpThreads");
            return this;
        }

        /**
         * Sets how many models the cache keeps loaded. Default 16.
         *
         * @param models at least 1
         * @return this builder
         */
        public Builder maximumModels(long models) {
            if (models < 1) {
                throw new IllegalArgumentException("maximumModels: " + models + " must be >= 1");
            }
            maximumModels = once(maximumModels, models, "maximumModels");
            return this;
        }

        /**
         * Sets how long an unused model stays cached. Default 30 minutes.
         *
         * @param idle a positive duration
         * @return this builder
         */
        public Builder expireAfterIdle(Duration idle) {
            if (idle.isNegative() || idle.isZero()) {
                throw new IllegalArgumentException("expireAfterIdle: " + idle + " must be positive");
            }
            expireAfterIdle = once(expireAfterIdle, idle, "expireAfterIdle");
            return this;
        }

        /**
         * Sets where bundles are staged. Default: {@code java.io.tmpdir}.
         *
         * @param dir a writable directory
         * @return this builder
         */
        public Builder stagingRoot(Path dir) {
            stagingRoot = once(stagingRoot, dir, "stagingRoot");
            return this;
        }

        /**
         * Sets the repository folder for {@link ModelRuntime#open(String, String)}.
         *
         * @param dir a folder of {@code <name>/<version>/} bundles (or {@code <name>/<version>.zip})
         * @return this builder
         */
        public Builder repository(Path dir) {
            repository = once(repository, dir, "repository");
            return this;
        }

        /**
         * Sets whether bundles must ship adequacy cases. Default {@link AdequacyPolicy#REQUIRED}.
         *
         * @param value the policy
         * @return this builder
         */
        public Builder adequacyPolicy(AdequacyPolicy value) {
            adequacyPolicy = once(adequacyPolicy, value, "adequacyPolicy");
            return this;
        }

        /** @return a new runtime */
        public ModelRuntime build() {
            return new ModelRuntime(this);
        }
    }

    @Override
    public String toString() {
        return "ModelRuntime[providers " + sessions.providers() + ", " + cacheStats() + "]";
    }
}
