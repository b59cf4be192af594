// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.ModelLoadException;
import dev.mlops.api.Processor;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.adequacy.AdequacyReport;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.bundle.Bundle;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.BundleStamp;
import dev.mlops.metadata.bundle.TrustedKeys;
import dev.mlops.metadata.cases.CaseLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
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

    /** A model name as metadata.json allows it: a repository name is checked against it before any path is built. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final SessionFactory sessions;
    private final Loader loader;
    private final ModelCache cache;
    private final Optional<Path> repository;
    private final Optional<UnaryOperator<RuntimeModel>> decorator;

    /** Whether a bundle must ship adequacy cases. */
    public enum AdequacyPolicy {
        /** A bundle without adequacy cases is refused (the default). */
        REQUIRED,
        /** A bundle without adequacy cases loads, with a warning. Cases that are present always run. */
        IF_PRESENT
    }

    private ModelRuntime(Builder b) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ProviderPolicy providerPolicy = b.policy.orElse(ProviderPolicy.PREFERRED);
        this.sessions = new SessionFactory(env, b.providers.orElseGet(ModelRuntime::defaultProviders), providerPolicy,
                b.intraOpThreads.orElse(0));
        BundleReader reader = b.bundleReader.orElseGet(() -> {
            BundleReader.Builder rb = BundleReader.newBuilder();
            b.stagingRoot.ifPresent(rb::stagingRoot);
            b.trust.ifPresent(rb::trust);
            return rb.build();
        });
        this.loader = new Loader(env, sessions, reader, b.adequacyPolicy.orElse(AdequacyPolicy.REQUIRED),
                providerPolicy, b.processors, b.caseLimits.orElse(CaseLimits.DEFAULT));
        this.cache = new ModelCache(b.maximumModels.orElse(16L), b.expireAfterIdle.orElse(Duration.ofMinutes(30)));
        this.repository = b.repository;
        this.decorator = b.decorator;
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
     * every file's size, modification and change times and file key are as they were when its copy was verified, that
     * copy serves. Any change the file system shows (a rewritten, truncated, added or removed file; another zip) makes
     * this open read and verify every byte again. {@link #verify(Path)} always does.
     *
     * @param bundle the directory or {@code .zip}
     * @return the model; close it when done (the session is shared and closes after its last user)
     * @throws InvalidBundleException (or a subtype) naming the file at fault: {@link dev.mlops.api.IntegrityException}
     *     for a file missing, changed or unlisted, {@link dev.mlops.api.UntrustedBundleException} for a signature
     *     missing or untrusted under {@link Builder#trust}, {@link dev.mlops.api.IncompatibleSdkException} for a
     *     bundle that needs a newer SDK, {@link dev.mlops.api.InvalidMetadataException} listing every metadata
     *     violation
     * @throws AdequacyFailureException with the report, when a case fails on the serving provider
     * @throws ModelLoadException when no provider can load the model, or a required one cannot
     * @throws dev.mlops.api.StagingException when the staging directory cannot be written (disk full, read-only)
     * @throws IllegalStateException when this runtime is closed, or is closed before the open completes (then
     *     nothing it loaded stays behind)
     */
    public RuntimeModel open(Path bundle) {
        Objects.requireNonNull(bundle, "bundle");
        return decorated(openGated(bundle));
    }

    /** {@link #open(Path)} without the decorator: what the cache shares. */
    private RuntimeModel openGated(Path bundle) {
        cache.ensureOpen();
        if (!Files.exists(bundle)) {
            throw new InvalidBundleException(bundle.toString(), "no such file or directory");
        }
        Path source = bundle.toAbsolutePath().normalize();
        Optional<BundleStamp> stamp = loader.reader().stamp(source);
        Optional<RuntimeModel> unchanged = cache.leaseUnchanged(source, stamp);
        if (unchanged.isPresent()) { // untouched since its copy was verified, gated and loaded
            return unchanged.get();
        }
        Bundle staged = loader.reader().open(source);
        Optional<RuntimeModel> cached;
        try {
            cached = cache.lease(staged.deliveryId());
        } catch (RuntimeException | Error e) {
            staged.close();
            throw e;
        }
        if (cached.isPresent()) { // the same delivery under another path: share the session already serving it
            staged.close();
            cache.rememberStamp(source, stamp, cached.get().deliveryId());
            return cached.get();
        }
        Loader.Loaded loaded = loader.load(staged); // owns the staged copy from here, whatever happens
        if (!loaded.adequacy().passed()) {
            loaded.model().release();
            throw loaded.adequacy().toException();
        }
        RuntimeModel model = cache.publish(loaded.model());
        cache.rememberStamp(source, stamp, model.deliveryId());
        return model;
    }

    /**
     * Opens a model from the repository folder: {@code <repository>/<name>/<version>/} or
     * {@code <repository>/<name>/<version>.zip}. Repository entries are immutable: publish a new version instead of
     * changing one.
     *
     * <p>The name and version are checked against the metadata's patterns (a name of letters, digits, {@code .},
     * {@code _} and {@code -} that starts with a letter or digit; a version {@code MAJOR.MINOR.PIPELINE}) before any
     * path is built from them, so no name reaches outside the repository and every bad name gets the same answer.
     *
     * @param name the model name
     * @param version the model version, {@code MAJOR.MINOR.PIPELINE}
     * @return the model
     * @throws IllegalArgumentException when the name or version is not one metadata.json allows
     * @throws IllegalStateException when the runtime has no repository, or is closed
     * @throws InvalidBundleException when the entry is missing or invalid, or its metadata names another model
     * @throws AdequacyFailureException when a case fails
     * @throws ModelLoadException when no provider can load it
     */
    public RuntimeModel open(String name, String version) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        cache.ensureOpen();
        Path root = repository.orElseThrow(() -> new IllegalStateException(
                "this runtime has no repository: set ModelRuntime.newBuilder().repository(dir)"));
        ModelVersion v = repositoryVersion(name, version);
        String key = name + "@" + v;
        Optional<RuntimeModel> cached = cache.leaseEntry(key);
        if (cached.isPresent()) {
            return decorated(cached.get());
        }
        Path dir = root.resolve(name).resolve(v.toString());
        Path zip = root.resolve(name).resolve(v + ".zip");
        Path entry = Files.isDirectory(dir) ? dir : zip;
        if (!Files.exists(entry)) {
            throw new InvalidBundleException(name + "/" + v, "not in the repository " + root
                    + " (expected the directory " + name + "/" + v + "/ or " + name + "/" + v + ".zip)");
        }
        RuntimeModel model = openGated(entry);
        ModelMetadata meta = model.metadata();
        if (!meta.name().equals(name) || !meta.version().equals(v)) {
            model.close();
            throw new InvalidBundleException(root.relativize(entry).toString(), "holds " + meta.name() + " "
                    + meta.version() + ", not " + name + " " + v);
        }
        cache.rememberEntry(key, model.deliveryId());
        return decorated(model);
    }

    /** Applies the builder's decorator to a gated model; a decorator that fails or returns null closes the model. */
    private RuntimeModel decorated(RuntimeModel model) {
        if (decorator.isEmpty()) {
            return model;
        }
        try {
            return Objects.requireNonNull(decorator.get().apply(model), "the runtime's decorator returned null");
        } catch (RuntimeException | Error e) {
            model.close();
            throw e;
        }
    }

    /** Checks a repository name and version before any path is built from them; one message for every bad pair. */
    private static ModelVersion repositoryVersion(String name, String version) {
        Optional<ModelVersion> v = Optional.empty();
        if (NAME.matcher(name).matches()) {
            try {
                v = Optional.of(ModelVersion.parse(version));
            } catch (IllegalArgumentException e) {
                v = Optional.empty();
            }
        }
        return v.orElseThrow(() -> new IllegalArgumentException("not a model name and version: a name is 1 to 128"
                + " letters, digits, '.', '_' or '-', starting with a letter or digit; a version is"
                + " MAJOR.MINOR.PIPELINE"));
    }

    /**
     * Verifies a bundle end to end (validation, load on the configured providers, every adequacy case) and releases
     * it, reporting the adequacy result rather than throwing on a failed case.
     *
     * @param bundle the directory or {@code .zip}
     * @return the validation and adequacy reports
     * @throws InvalidBundleException (or a subtype) naming the file at fault, as for {@link #open(Path)}
     * @throws ModelLoadException when no provider can load the model
     * @throws dev.mlops.api.StagingException when the staging directory cannot be written
     * @throws IllegalStateException when this runtime is closed
     */
    public Verification verify(Path bundle) {
        Objects.requireNonNull(bundle, "bundle");
        cache.ensureOpen();
        if (!Files.exists(bundle)) {
            throw new InvalidBundleException(bundle.toString(), "no such file or directory");
        }
        Loader.Loaded loaded = loader.load(bundle);
        loaded.model().release();
        return new Verification(loaded.validation(), loaded.adequacy());
    }

    /**
     * The outcome of {@link #verify(Path)}. Immutable and thread-safe.
     *
     * @param validation what validating the bundle found
     * @param adequacy the adequacy cases' results on the serving provider
     */
    public record Verification(ValidationReport validation, AdequacyReport adequacy) {
        /** @return whether every adequacy case passed */
        public boolean passed() {
            return adequacy.passed();
        }
    }

    /**
     * Counts the native sessions alive in this JVM, across every runtime: what a leak test compares before and after.
     *
     * @return sessions created by any {@code ModelRuntime} and not yet closed
     */
    public static long openSessions() {
        return LoadedModel.openSessions();
    }

    /** @return this SDK's version, the one a bundle's {@code runtime.minSdkVersion} is checked against */
    public static String sdkVersion() {
        return Sdk.version();
    }

    /** @return a snapshot of the cache */
    public CacheStats cacheStats() {
        return cache.stats();
    }

    /** Drops every cached model; sessions in use close when their last caller lets go. */
    public void evictAll() {
        cache.invalidateAll();
    }

    /**
     * Closes the runtime: the cache lets go of every model, and every later {@code open} or {@code verify} throws
     * {@link IllegalStateException}, as does an {@code open} still loading when this returns (it frees what it
     * loaded). Models already handed out keep serving until they are closed; their sessions close with the last of
     * them. Idempotent.
     */
    @Override
    public void close() {
        cache.close();
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
        private Optional<BundleReader> bundleReader = Optional.empty();
        private Optional<TrustedKeys> trust = Optional.empty();
        private Optional<CaseLimits> caseLimits = Optional.empty();
        private Optional<Path> repository = Optional.empty();
        private Optional<AdequacyPolicy> adequacyPolicy = Optional.empty();
        private Optional<UnaryOperator<RuntimeModel>> decorator = Optional.empty();
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
            if (bundleReader.isPresent()) {
                throw new IllegalStateException("stagingRoot: a bundleReader was set; give it the staging root");
            }
            stagingRoot = once(stagingRoot, dir, "stagingRoot");
            return this;
        }

        /**
         * Serves only signed bundles: a bundle whose {@code manifest.sig} is missing, does not verify, or is signed by
         * none of these keys is refused with {@link dev.mlops.api.UntrustedBundleException} before anything of it
         * reaches ONNX Runtime. Default: signatures are not required (docs/signing.md).
         *
         * @param keys the trusted Ed25519 public keys
         * @return this builder
         * @throws IllegalStateException when already set, or when a bundleReader was set (give it the keys)
         */
        public Builder trust(TrustedKeys keys) {
            if (bundleReader.isPresent()) {
                throw new IllegalStateException("trust: a bundleReader was set; give it the trusted keys");
            }
            trust = once(trust, keys, "trust");
            return this;
        }

        /**
         * Sets how many adequacy cases a bundle may ship and how large one may be. Cases are read one at a time, so
         * memory grows with the largest case, not with the file. Default {@link CaseLimits#DEFAULT}.
         *
         * @param limits the limits
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder caseLimits(CaseLimits limits) {
            caseLimits = once(caseLimits, limits, "caseLimits");
            return this;
        }

        /**
         * Sets the reader that stages bundles: its staging root, limits (bundle size, entries, compression ratio)
         * and trusted signing keys. Default {@link BundleReader#standard()}.
         *
         * @param reader the configured reader
         * @return this builder
         * @throws IllegalStateException when a reader, a staging root or trusted keys were already set
         */
        public Builder bundleReader(BundleReader reader) {
            if (stagingRoot.isPresent() || trust.isPresent()) {
                throw new IllegalStateException("bundleReader: stagingRoot or trust was already set; set it on the"
                        + " reader");
            }
            bundleReader = once(bundleReader, reader, "bundleReader");
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

        /**
         * Wraps every model this runtime hands out, after its adequacy gate passed: a monitor, a dynamic batcher or
         * both, for every version that {@link #open(Path)}, {@link #open(String, String)}, a
         * {@link dev.mlops.runtime.serving.ServingModel} swap or a repository load opens. Each {@code open} call
         * applies it once, to that call's model (the session underneath stays shared); the wrapper must close the
         * model it wraps when it is closed. The gate's own runs and {@link #verify(Path)} are never decorated. When
         * the decorator throws, the model is closed and {@code open} throws what it threw.
         *
         * <pre>{@code
         * ModelRuntime runtime = ModelRuntime.newBuilder()
         *         .decorator(model -> batching.wrap(monitor.wrap(model)))
         *         .build();
         * }</pre>
         *
         * @param value called once per {@code open}, on the opening thread; must not return {@code null}
         * @return this builder
         * @since 0.2.0
         */
        public Builder decorator(UnaryOperator<RuntimeModel> value) {
            decorator = once(decorator, value, "decorator");
            return this;
        }

        /** @return a new runtime */
        public ModelRuntime build() {
            return new ModelRuntime(this);
        }
    }

    @Override
    public String toString() {
        return "ModelRuntime[providers " + sessions.providers() + ", " + cacheStats()
                + (cache.isClosed() ? ", closed" : "") + "]";
    }
}
