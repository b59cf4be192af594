// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A folder of model bundles, {@code <root>/<name>/<version>/} or {@code <root>/<name>/<version>.zip}, listed and
 * optionally watched.
 *
 * <p>Only complete bundles are listed. Each is verified as {@link BundleReader#open(Path)} verifies it (every file
 * against {@code manifest.json}, no file unlisted, the signature when the reader trusts keys), and its
 * {@code metadata.json} must name the model and version its path does. Anything else is
 * {@linkplain #skipped() skipped} with its reason, logged once at WARN: a directory still being copied (no manifest
 * yet, or files that do not match it), a zip still being written (no central directory yet), a tampered file, a
 * name or version that is not one metadata allows. A skipped bundle is listed at the first scan after it verifies.
 * Verifying stages a copy of the bundle (under the reader's staging root) and deletes it at once; a bundle whose
 * listing and manifest are unchanged since it was verified is not read again.
 *
 * <pre>{@code
 * try (ModelRepository repo = ModelRepository.of(Path.of("models"));
 *         ModelRuntime runtime = ModelRuntime.newBuilder().build()) {
 *     List<RuntimeModel> models = repo.load("weather", VersionPolicy.latestPassingAdequacy(), runtime);
 * }
 * }</pre>
 *
 * <p>Thread-safe: scans run one at a time; {@link #entries()} and {@link #skipped()} read the last scan without
 * waiting.
 *
 * @since 0.2.0
 */
public final class ModelRepository implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    private final Path root;
    private final Scanner scanner;
    private final WatchMode watchMode;
    private final Duration pollInterval;
    private final Duration debounce;
    private final Set<Watcher> watches = new CopyOnWriteArraySet<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private ModelRepository(Builder b) {
        this.root = b.root;
        this.scanner = new Scanner(b.root, b.reader.orElseGet(BundleReader::standard));
        this.watchMode = b.watchMode.orElse(WatchMode.WATCH_SERVICE);
        this.pollInterval = b.pollInterval.orElse(Duration.ofSeconds(5));
        this.debounce = b.debounce.orElse(Duration.ofMillis(500));
    }

    /**
     * Lists a repository with every option at its default: {@code newBuilder(root).build()}.
     *
     * @param root the repository folder
     * @return the repository, scanned once
     * @throws RepositoryException when {@code root} is not a directory
     */
    public static ModelRepository of(Path root) {
        return newBuilder(root).build();
    }

    /**
     * Returns a builder for a repository at {@code root}.
     *
     * @param root the repository folder
     * @return a builder with every option at its default
     */
    public static Builder newBuilder(Path root) {
        return new Builder(Objects.requireNonNull(root, "root"));
    }

    /** @return the repository folder, absolute and normalized */
    public Path root() {
        return root;
    }

    /**
     * Scans the repository again: verifies what is new or changed since the last scan.
     *
     * @return the entries now listed, as {@link #entries()} returns them from here on
     * @throws IllegalStateException when the repository is closed
     */
    public List<RepositoryEntry> refresh() {
        ensureOpen();
        return scanner.scan().entries();
    }

    /**
     * Returns the entries of the last scan (by {@link #refresh()}, a watch, or the build).
     *
     * @return every complete, verified bundle, by name ascending and version descending
     */
    public List<RepositoryEntry> entries() {
        return scanner.latest().entries();
    }

    /**
     * Returns the versions of one model listed by the last scan.
     *
     * @param name the model name
     * @return its entries, newest first; empty when it has none
     */
    public List<RepositoryEntry> entries(String name) {
        Objects.requireNonNull(name, "name");
        return entries().stream().filter(e -> e.name().equals(name)).toList();
    }

    /**
     * Finds one version listed by the last scan.
     *
     * @param name the model name
     * @param version the version
     * @return the entry, or empty when that version is not listed (absent or skipped)
     */
    public Optional<RepositoryEntry> find(String name, ModelVersion version) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        return entries().stream().filter(e -> e.name().equals(name) && e.version().equals(version)).findFirst();
    }

    /**
     * Returns what the last scan skipped, and why.
     *
     * @return the skipped paths in path order
     */
    public List<SkippedBundle> skipped() {
        return scanner.latest().skipped();
    }

    /**
     * Applies a policy to the listed versions of a model (the last scan).
     *
     * @param name the model name
     * @param policy the policy; {@link VersionPolicy#latestPassingAdequacy()} lists every version, newest first,
     *     the order {@link #load} tries them in
     * @return the versions chosen, newest first; empty when none is listed; for a pinned policy, those of the
     *     pinned versions that are listed
     */
    public List<RepositoryEntry> select(String name, VersionPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        List<RepositoryEntry> versions = entries(name);
        if (policy instanceof VersionPolicy.Latest) {
            return versions.stream().limit(1).toList();
        } else if (policy instanceof VersionPolicy.LatestN n) {
            return versions.stream().limit(n.count()).toList();
        } else if (policy instanceof VersionPolicy.Pinned p) {
            return versions.stream().filter(e -> p.versions().contains(e.version())).toList();
        }
        return versions; // All, LatestPassingAdequacy
    }

    /**
     * Opens the versions a policy chooses with a runtime (each verified and gated on adequacy by
     * {@link ModelRuntime#open(Path)}). For {@link VersionPolicy#latestPassingAdequacy()}, versions are tried
     * newest first and the first that opens is the one model returned; each that fails is logged and left closed
     * (the runtime frees it). For the other policies every chosen version must open: when one fails, those already
     * opened are closed and its exception is thrown. A version whose files changed after it was listed (another
     * delivery id) counts as failing.
     *
     * @param name the model name
     * @param policy the policy
     * @param runtime the runtime to open with
     * @return the opened models, newest first; close each
     * @throws RepositoryException when no version of {@code name} is listed (the message lists the skipped ones),
     *     when a pinned version is not listed, or when no version passes (the message lists each and why)
     * @throws MlopsException (a subtype) as {@link ModelRuntime#open(Path)} throws it, for a policy other than
     *     {@link VersionPolicy#latestPassingAdequacy()}
     * @throws IllegalStateException when the runtime is closed
     */
    public List<RuntimeModel> load(String name, VersionPolicy policy, ModelRuntime runtime) {
        Objects.requireNonNull(runtime, "runtime");
        List<RepositoryEntry> chosen = select(name, policy);
        if (policy instanceof VersionPolicy.Pinned p) {
            Set<ModelVersion> listed = chosen.stream().map(RepositoryEntry::version).collect(Collectors.toSet());
            List<String> missing = p.versions().stream().filter(v -> !listed.contains(v))
                    .map(v -> v + whySkipped(name, v)).toList();
            if (!missing.isEmpty()) {
                throw new RepositoryException("model repository " + root + ": " + name + " has no listed version "
                        + String.join("; ", missing));
            }
        }
        if (chosen.isEmpty()) {
            throw new RepositoryException("model repository " + root + ": no complete version of " + name
                    + skippedOf(name));
        }
        if (policy instanceof VersionPolicy.LatestPassingAdequacy) {
            return List.of(firstPassing(name, chosen, runtime));
        }
        List<RuntimeModel> opened = new ArrayList<>();
        try {
            for (RepositoryEntry e : chosen) {
                opened.add(openListed(e, runtime));
            }
            return List.copyOf(opened);
        } catch (RuntimeException | Error e) {
            opened.forEach(RuntimeModel::close);
            throw e;
        }
    }

    private RuntimeModel firstPassing(String name, List<RepositoryEntry> candidates, ModelRuntime runtime) {
        List<String> refused = new ArrayList<>();
        for (RepositoryEntry e : candidates) {
            try {
                return openListed(e, runtime);
            } catch (MlopsException ex) {
                String why = ex.getClass().getSimpleName() + ": " + ex.getMessage();
                LOG.warn("model repository {}: {} {} does not pass: {}", root, name, e.version(), why);
                refused.add(e.version() + ": " + why);
            }
        }
        throw new RepositoryException("model repository " + root + ": no version of " + name
                + " passes adequacy: " + String.join("; ", refused));
    }

    private RuntimeModel openListed(RepositoryEntry e, ModelRuntime runtime) {
        RuntimeModel model = runtime.open(e.path());
        if (!model.deliveryId().equals(e.deliveryId())) {
            model.close();
            throw new RepositoryException(e.path() + ": changed since it was listed (delivery " + model.deliveryId()
                    + ", listed " + e.deliveryId() + "); refresh the repository");
        }
        return model;
    }

    private String whySkipped(String name, ModelVersion v) {
        Path dir = root.resolve(name).resolve(v.toString());
        Path zip = root.resolve(name).resolve(v + ".zip");
        return skipped().stream().filter(s -> s.path().equals(dir) || s.path().equals(zip)).findFirst()
                .map(s -> " (skipped: " + s.reason() + ")").orElse(" (not in the repository)");
    }

    private String skippedOf(String name) {
        Path dir = root.resolve(name);
        List<String> reasons = skipped().stream().filter(s -> s.path().startsWith(dir))
                .map(s -> root.relativize(s.path()) + ": " + s.reason()).toList();
        return reasons.isEmpty() ? "" : "; skipped: " + String.join("; ", reasons);
    }

    /**
     * Starts watching the repository. The listener first receives an {@link RepositoryEvent.Added} for every entry
     * listed at the watch's first scan (and a {@link RepositoryEvent.Skipped} for every skipped path), then the
     * changes each later scan finds. The first scan is made before this method returns, so a change made after it
     * returns is always reported, even one made before the watch's thread ran. A bundle being copied is reported once
     * it verifies, never before. Each watch has its own thread; its scans also update {@link #entries()}.
     *
     * @param listener receives the events on the watch's thread
     * @return the running watch; close it (or this repository) to stop it
     * @throws IllegalStateException when the repository is closed
     */
    public RepositoryWatch watch(RepositoryListener listener) {
        Objects.requireNonNull(listener, "listener");
        ensureOpen();
        Watcher[] self = new Watcher[1];
        Watcher w = new Watcher(scanner, root, listener, watchMode, pollInterval, debounce,
                () -> watches.remove(self[0]));
        self[0] = w;
        watches.add(w);
        w.start();
        if (closed.get()) { // closed while starting: stop it as close() would have
            w.close();
        }
        return w;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("model repository " + root + " is closed");
        }
    }

    /** Stops every watch of this repository and waits for their threads. Idempotent; never throws. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Watcher w : watches) {
                w.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ModelRepository[" + root + ", " + entries().size() + " entries, " + skipped().size() + " skipped"
                + (closed.get() ? ", closed" : "") + "]";
    }

    /**
     * Configures a {@link ModelRepository}. Each option may be set once; {@link #build()} leaves the builder usable.
     * Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private final Path root;
        private Optional<BundleReader> reader = Optional.empty();
        private Optional<WatchMode> watchMode = Optional.empty();
        private Optional<Duration> pollInterval = Optional.empty();
        private Optional<Duration> debounce = Optional.empty();

        private Builder(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        private static <T> Optional<T> once(Optional<T> current, T value, String option) {
            if (current.isPresent()) {
                throw new IllegalStateException(option + " was already set to " + current.get());
            }
            return Optional.of(Objects.requireNonNull(value, option));
        }

        private static Duration positive(Duration d, String option) {
            Objects.requireNonNull(d, option);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(option + ": " + d + " must be positive");
            }
            return d;
        }

        /**
         * Sets the reader that verifies bundles: its staging root, limits and trusted keys (with keys, an unsigned
         * bundle is skipped). Give it the reader the runtime uses. Default {@link BundleReader#standard()}.
         *
         * @param value the reader
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder bundleReader(BundleReader value) {
            reader = once(reader, value, "bundleReader");
            return this;
        }

        /**
         * Sets how watches notice changes. Default {@link WatchMode#WATCH_SERVICE}, polling where there is none.
         *
         * @param value the mode
         * @return this builder
         * @throws IllegalStateException when already set
         */
        public Builder watchMode(WatchMode value) {
            watchMode = once(watchMode, value, "watchMode");
            return this;
        }

        /**
         * Sets how often a polling watch rescans, and how often a watch-service watch rescans when no event came.
         * Default 5 seconds.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder pollInterval(Duration value) {
            pollInterval = once(pollInterval, positive(value, "pollInterval"), "pollInterval");
            return this;
        }

        /**
         * Sets how long the file system must be quiet after an event before a watch-service watch rescans, so that a
         * copy in progress is scanned once, when it stops. Default 500 ms.
         *
         * @param value a positive duration
         * @return this builder
         * @throws IllegalArgumentException when not positive
         * @throws IllegalStateException when already set
         */
        public Builder debounce(Duration value) {
            debounce = once(debounce, positive(value, "debounce"), "debounce");
            return this;
        }

        /**
         * Builds the repository and scans it once.
         *
         * @return the repository
         * @throws RepositoryException when the root is not a directory
         */
        public ModelRepository build() {
            if (!Files.isDirectory(root)) {
                throw new RepositoryException("model repository " + root + ": not a directory (expected a folder"
                        + " of <name>/<version>/ bundles or <name>/<version>.zip files)");
            }
            ModelRepository repo = new ModelRepository(this);
            repo.scanner.scan();
            return repo;
        }
    }
}
