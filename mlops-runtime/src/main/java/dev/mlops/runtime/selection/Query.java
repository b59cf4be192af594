// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.selection;

import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.version.SchemaVersion;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.selection.Rejection.Criterion;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which model to use, said by what models declare: capabilities ({@code area} contains {@code Hebron}), schema
 * version, name, a model version range, runtime requirements, a delivery or build id, and a metric to rank by. The
 * seeds' {@code find_best_model} is
 *
 * <pre>{@code
 * Query query = Query.newBuilder()
 *         .capability("area", "Hebron")
 *         .schemaAtLeast("1.1")
 *         .rank(Ranking.maximize("accuracy").onDataset("X"))
 *         .build();
 * Candidate best = query.select(candidates);
 * }</pre>
 *
 * <p>A query is a pure function of the candidates' metadata: it opens no bundle. A candidate is accepted when it
 * passes every criterion; every criterion is checked, so a rejected candidate carries every reason. Accepted
 * candidates are ordered by the ranking's metric (when the query has one), then by higher model version, then by
 * name and delivery id so that the order never depends on the order of the input. Every query also rejects a model
 * whose {@code runtime.minSdkVersion} is above the running SDK ({@link ModelRuntime#sdkVersion()}, or
 * {@link Builder#runningSdk(String)}), since the runtime would refuse to load it.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class Query {
    private static final Logger LOG = LoggerFactory.getLogger(Query.class);

    private final Optional<String> name;
    private final Optional<VersionRange> versions;
    private final Optional<SchemaVersion> minSchema;
    private final Map<String, List<String>> capabilities;
    private final Optional<String> runningSdk;
    private final Optional<Set<ExecutionProvider>> providers;
    private final Optional<String> deliveryId;
    private final Optional<String> buildId;
    private final Optional<Ranking> ranking;

    private Query(Builder b) {
        this.name = b.name;
        this.versions = b.versions;
        this.minSchema = b.minSchema;
        this.capabilities = Collections.unmodifiableMap(new LinkedHashMap<>(b.capabilities));
        this.runningSdk = b.runningSdk;
        this.providers = b.providers;
        this.deliveryId = b.deliveryId;
        this.buildId = b.buildId;
        this.ranking = b.ranking;
    }

    /**
     * Starts a query that accepts every model the running SDK can load.
     *
     * @return a builder with no criterion set
     * @since 0.2.0
     */
    public static Builder newBuilder() {
        return new Builder();
    }

    /**
     * Chooses the best candidate: the first of {@link #rank(List)}.
     *
     * @param <C> the candidate type
     * @param candidates the models to choose from, for example a repository's listing
     * @return the best accepted candidate
     * @throws NoMatchingModelException when no candidate satisfies the query; its message lists every candidate with
     *     every reason it was rejected, or says the repository is empty when there is no candidate
     * @throws NullPointerException when the list or an element is {@code null}
     * @since 0.2.0
     */
    public <C extends Candidate> C select(List<? extends C> candidates) {
        List<Assessment<C>> all = assess(candidates);
        if (all.isEmpty() || !all.get(0).accepted()) {
            throw new NoMatchingModelException(toString(), all);
        }
        C chosen = all.get(0).candidate();
        LOG.debug("selected {} ({}) for {} among {} candidates", chosen.label(), chosen.deliveryId(), this,
                all.size());
        return chosen;
    }

    /**
     * Ranks the candidates that satisfy the query, best first.
     *
     * @param <C> the candidate type
     * @param candidates the models to choose from
     * @return the accepted candidates' assessments, each with no rejection, best first; empty when none is accepted
     * @throws NullPointerException when the list or an element is {@code null}
     * @since 0.2.0
     */
    public <C extends Candidate> List<Assessment<C>> rank(List<? extends C> candidates) {
        List<Assessment<C>> all = assess(candidates);
        return all.stream().filter(Assessment::accepted).toList();
    }

    /**
     * Assesses every candidate, for a tool or a UI that shows why models were left out.
     *
     * @param <C> the candidate type
     * @param candidates the models to choose from
     * @return one assessment per candidate: the accepted ones first, best first, then the rejected ones in the order
     *     given, each with every reason
     * @throws NullPointerException when the list or an element is {@code null}
     * @since 0.2.0
     */
    public <C extends Candidate> List<Assessment<C>> assess(List<? extends C> candidates) {
        List<C> copy = List.<C>copyOf(candidates);
        List<Assessment<C>> accepted = new ArrayList<>();
        List<Assessment<C>> rejected = new ArrayList<>();
        for (C c : copy) {
            Assessment<C> a = assessOne(c);
            (a.accepted() ? accepted : rejected).add(a);
        }
        accepted.sort(order());
        List<Assessment<C>> out = new ArrayList<>(accepted);
        out.addAll(rejected);
        return List.copyOf(out);
    }

    private <C extends Candidate> Comparator<Assessment<C>> order() {
        Comparator<Assessment<C>> byVersion = Comparator.comparing(
                (Assessment<C> a) -> a.candidate().metadata().version()).reversed();
        Comparator<Assessment<C>> rest = byVersion
                .thenComparing(a -> a.candidate().metadata().name())
                .thenComparing(a -> a.candidate().deliveryId());
        if (ranking.isEmpty()) {
            return rest;
        }
        boolean max = ranking.get().goal() == Ranking.Goal.MAXIMIZE;
        Comparator<Assessment<C>> byMetric = (a, b) -> {
            double x = a.metric().orElseThrow().value();
            double y = b.metric().orElseThrow().value();
            return max ? Double.compare(y, x) : Double.compare(x, y);
        };
        return byMetric.thenComparing(rest);
    }

    private <C extends Candidate> Assessment<C> assessOne(C candidate) {
        Objects.requireNonNull(candidate, "candidate");
        ModelMetadata m = candidate.metadata();
        List<Rejection> out = new ArrayList<>();
        name.filter(n -> !n.equals(m.name()))
                .ifPresent(n -> out.add(new Rejection(Criterion.NAME, "name is " + m.name() + ", not " + n)));
        versions.filter(r -> !r.contains(m.version())).ifPresent(r -> out.add(new Rejection(Criterion.VERSION,
                "version " + m.version() + " is not in " + r)));
        capabilities.forEach((key, wanted) -> checkCapability(m, key, wanted).ifPresent(out::add));
        minSchema.filter(s -> !m.schemaVersion().isAtLeast(s)).ifPresent(s -> out.add(new Rejection(
                Criterion.SCHEMA_VERSION, "schema version is " + m.schemaVersion() + ", not >= " + s)));
        checkSdk(m).ifPresent(out::add);
        providers.flatMap(p -> checkProviders(m, p)).ifPresent(out::add);
        deliveryId.filter(d -> !d.equals(candidate.deliveryId())).ifPresent(d -> out.add(new Rejection(
                Criterion.DELIVERY_ID, "delivery id is " + candidate.deliveryId() + ", not " + d)));
        buildId.filter(b -> !m.buildId().equals(Optional.of(b))).ifPresent(b -> out.add(new Rejection(
                Criterion.BUILD_ID, m.buildId().map(have -> "build id is " + have + ", not " + b)
                        .orElse("declares no build id (wanted " + b + ")"))));
        Optional<Metric> metric = Optional.empty();
        if (ranking.isPresent()) {
            Ranking r = ranking.get();
            List<Metric> matching = m.metrics().stream().filter(r::matches).toList();
            if (matching.size() == 1 && !Double.isNaN(matching.get(0).value())) {
                metric = Optional.of(matching.get(0));
            } else {
                out.add(new Rejection(Criterion.METRIC, metricReason(m, r, matching)));
            }
        }
        return new Assessment<>(candidate, out, metric);
    }

    private static Optional<Rejection> checkCapability(ModelMetadata m, String key, List<String> wanted) {
        if (!m.capabilities().values().containsKey(key)) {
            return Optional.of(new Rejection(Criterion.CAPABILITY, "declares no " + key + " (wanted "
                    + String.join(", ", wanted) + ")"));
        }
        List<String> have = m.capabilities().get(key);
        List<String> missing = wanted.stream().filter(v -> !have.contains(v)).toList();
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Rejection(Criterion.CAPABILITY, key + " is " + have + ", not "
                + String.join(", ", missing)));
    }

    private Optional<Rejection> checkSdk(ModelMetadata m) {
        if (m.runtime().minSdkVersion().isEmpty()) {
            return Optional.empty();
        }
        String min = m.runtime().minSdkVersion().get();
        Optional<long[]> need = SdkVersions.parse(min);
        if (need.isEmpty()) {
            return Optional.of(new Rejection(Criterion.SDK, "runtime.minSdkVersion '" + min
                    + "' is not a version (expected MAJOR.MINOR.PATCH, for example 0.2.0)"));
        }
        String running = runningSdk.orElseGet(ModelRuntime::sdkVersion);
        if (SdkVersions.compare(need.get(), SdkVersions.parse(running).orElseThrow()) > 0) {
            return Optional.of(new Rejection(Criterion.SDK, "needs SDK " + min + " or later, running " + running));
        }
        return Optional.empty();
    }

    private static Optional<Rejection> checkProviders(ModelMetadata m, Set<ExecutionProvider> available) {
        List<String> declared = m.runtime().providers();
        if (declared.isEmpty()) {
            return Optional.empty();
        }
        for (String d : declared) {
            for (ExecutionProvider p : available) {
                if (p.id().equalsIgnoreCase(d.strip())) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Rejection(Criterion.PROVIDERS, "runs on " + declared + ", none available (available: "
                + available.stream().map(ExecutionProvider::id).toList() + ")"));
    }

    private static String metricReason(ModelMetadata m, Ranking r, List<Metric> matching) {
        if (matching.isEmpty()) {
            List<String> others = m.metrics().stream().filter(x -> x.name().equals(r.metric()))
                    .map(Query::describe).toList();
            return "no metric " + r.describeMetric()
                    + (others.isEmpty() ? "" : " (it has " + String.join("; ", others) + ")");
        }
        if (matching.size() > 1) {
            return "metric " + r.describeMetric() + " is ambiguous: " + matching.size() + " match ("
                    + matching.stream().map(x -> describe(x) + " = " + x.value()).collect(Collectors.joining("; "))
                    + "); name the dataset and split";
        }
        return describe(matching.get(0)) + " is NaN";
    }

    private static String describe(Metric x) {
        return Ranking.describe(x.name(), x.dataset(), x.split(), x.slice());
    }

    /**
     * Describes the query as error messages print it.
     *
     * @return for example {@code "{area contains Hebron, schema >= 1.1, max accuracy on dataset X}"}, or
     *     {@code "{any model}"}
     */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        name.ifPresent(n -> parts.add("name " + n));
        versions.ifPresent(v -> parts.add("version " + v));
        capabilities.forEach((k, v) -> parts.add(k + " contains " + String.join(", ", v)));
        minSchema.ifPresent(s -> parts.add("schema >= " + s));
        runningSdk.ifPresent(s -> parts.add("sdk " + s));
        providers.ifPresent(p -> parts.add("providers " + p.stream().map(ExecutionProvider::id).toList()));
        deliveryId.ifPresent(d -> parts.add("delivery id " + d));
        buildId.ifPresent(b -> parts.add("build id " + b));
        ranking.ifPresent(r -> parts.add(r.toString()));
        return parts.isEmpty() ? "{any model}" : "{" + String.join(", ", parts) + "}";
    }

    /**
     * Builds a {@link Query}. Each option may be set once (each capability key once); a second set is refused.
     * {@link #build()} leaves the builder usable. Not thread-safe.
     *
     * @since 0.2.0
     */
    public static final class Builder {
        private Optional<String> name = Optional.empty();
        private Optional<VersionRange> versions = Optional.empty();
        private Optional<SchemaVersion> minSchema = Optional.empty();
        private final Map<String, List<String>> capabilities = new LinkedHashMap<>();
        private Optional<String> runningSdk = Optional.empty();
        private Optional<Set<ExecutionProvider>> providers = Optional.empty();
        private Optional<String> deliveryId = Optional.empty();
        private Optional<String> buildId = Optional.empty();
        private Optional<Ranking> ranking = Optional.empty();

        private Builder() {
        }

        private static <T> Optional<T> once(Optional<T> current, T value, String option) {
            if (current.isPresent()) {
                throw new IllegalStateException(option + " was already set to " + current.get());
            }
            return Optional.of(Objects.requireNonNull(value, option));
        }

        private static String notBlank(String value, String option) {
            if (Objects.requireNonNull(value, option).isBlank()) {
                throw new IllegalArgumentException(option + ": must not be blank");
            }
            return value;
        }

        /**
         * Accepts only models of one name.
         *
         * @param modelName for example {@code "weather"}
         * @return this builder
         * @throws IllegalArgumentException when blank
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder name(String modelName) {
            name = once(name, notBlank(modelName, "name"), "name");
            return this;
        }

        /**
         * Accepts only model versions in a range.
         *
         * @param range the range
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder versions(VersionRange range) {
            versions = once(versions, range, "versions");
            return this;
        }

        /**
         * Accepts only model versions in a range, written as {@link VersionRange#parse(String)} reads it.
         *
         * @param range for example {@code ">= 1.2.0 < 2.0.0"}
         * @return this builder
         * @throws InvalidQueryException when the range cannot be read, quoting it
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder versions(String range) {
            return versions(VersionRange.parse(range));
        }

        /**
         * Accepts only models whose metadata follows a schema version or a later one.
         *
         * @param least the least schema version
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder schemaAtLeast(SchemaVersion least) {
            minSchema = once(minSchema, least, "schemaAtLeast");
            return this;
        }

        /**
         * Accepts only models whose metadata follows a schema version or a later one.
         *
         * @param least for example {@code "1.1"}
         * @return this builder
         * @throws InvalidQueryException when the text is not {@code MAJOR.MINOR}
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder schemaAtLeast(String least) {
            SchemaVersion v;
            try {
                v = SchemaVersion.parse(Objects.requireNonNull(least, "least"));
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("schemaAtLeast: " + e.getMessage(), e);
            }
            return schemaAtLeast(v);
        }

        /**
         * Accepts only models that declare every one of these values for a capability key.
         *
         * @param key for example {@code "area"}
         * @param values for example {@code "Hebron"}; at least one
         * @return this builder
         * @throws IllegalArgumentException when the key or a value is blank, or no value is given
         * @throws IllegalStateException when the key was already given
         * @since 0.2.0
         */
        public Builder capability(String key, String... values) {
            notBlank(key, "capability key");
            List<String> list = List.of(values);
            if (list.isEmpty()) {
                throw new IllegalArgumentException("capability " + key + ": give at least one value");
            }
            list.forEach(v -> notBlank(v, "capability " + key + " value"));
            if (capabilities.containsKey(key)) {
                throw new IllegalStateException("capability " + key + " was already set to "
                        + capabilities.get(key));
            }
            capabilities.put(key, list);
            return this;
        }

        /**
         * Checks models' {@code runtime.minSdkVersion} against this SDK version instead of the running one,
         * {@link ModelRuntime#sdkVersion()}: for a tool that chooses for another deployment.
         *
         * @param version for example {@code "0.2.0"}
         * @return this builder
         * @throws InvalidQueryException when the text is not a version
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder runningSdk(String version) {
            Objects.requireNonNull(version, "version");
            if (SdkVersions.parse(version).isEmpty()) {
                throw new InvalidQueryException("runningSdk: '" + version
                        + "' is not a version (expected MAJOR.MINOR.PATCH, for example 0.2.0)");
            }
            runningSdk = once(runningSdk, version, "runningSdk");
            return this;
        }

        /**
         * Accepts only models that declare no provider in {@code runtime.providers}, or at least one of these.
         * Pass {@link ModelRuntime#providers()} to choose among what a runtime can serve.
         *
         * @param available the execution providers that can serve; at least one
         * @return this builder
         * @throws IllegalArgumentException when empty
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder availableProviders(Collection<ExecutionProvider> available) {
            Objects.requireNonNull(available, "available");
            if (available.isEmpty()) {
                throw new IllegalArgumentException("availableProviders: give at least one provider");
            }
            providers = once(providers, Collections.unmodifiableSet(EnumSet.copyOf(available)),
                    "availableProviders");
            return this;
        }

        /**
         * Accepts only the bundle with this delivery id.
         *
         * @param id the delivery id from its manifest, {@code sha256:...}
         * @return this builder
         * @throws IllegalArgumentException when blank
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder deliveryId(String id) {
            deliveryId = once(deliveryId, notBlank(id, "deliveryId"), "deliveryId");
            return this;
        }

        /**
         * Accepts only models with this build id.
         *
         * @param id for example {@code "weather__main__a1b2c3__42__7"}
         * @return this builder
         * @throws IllegalArgumentException when blank
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder buildId(String id) {
            buildId = once(buildId, notBlank(id, "buildId"), "buildId");
            return this;
        }

        /**
         * Orders accepted models by a metric, and rejects those that do not declare it exactly once.
         *
         * @param by for example {@code Ranking.maximize("accuracy").onDataset("X")}
         * @return this builder
         * @throws IllegalStateException when already set
         * @since 0.2.0
         */
        public Builder rank(Ranking by) {
            ranking = once(ranking, by, "rank");
            return this;
        }

        /**
         * Builds the query.
         *
         * @return an immutable query
         * @since 0.2.0
         */
        public Query build() {
            return new Query(this);
        }
    }
}
