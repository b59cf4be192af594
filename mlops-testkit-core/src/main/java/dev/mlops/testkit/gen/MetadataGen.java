// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Artifact;
import dev.mlops.api.spec.Capabilities;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Framework;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.RuntimeHints;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.version.BuildId;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.api.version.SchemaVersion;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Generators of valid contract values: {@link ModelMetadata} as {@code docs/metadata-json.md} (schema 1.x) allows it,
 * versions, build ids and build-id templates.
 *
 * <p>Generated metadata has a name matching {@code ^[A-Za-z0-9][A-Za-z0-9._-]*$} (1 to 128 characters), a version
 * whose parts have at most nine digits, 1 to 4 inputs and 1 to 4 outputs with names unique across both, every
 * {@link DataType}, shapes of rank 0 to 4 with {@code -1}, {@code 0} and positive dimensions, optional dimension
 * names, features, ranges, units and descriptions, constraints naming declared inputs (and their declared features),
 * finite bounds with {@code min <= max}, tolerances {@code >= 0}, SHA-256 digests of 64 lower-case hex characters,
 * runtime providers among {@code cpu}, {@code cuda} and {@code tensorrt}, and extensions holding strings, longs,
 * finite doubles, booleans, lists and maps. Small size hints give sparse metadata; optional parts grow common with
 * the size. Metadata shrinks by dropping optional parts, extra tensors and tensor details.
 *
 * <p>Every generator returned is stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class MetadataGen {
    private static final String NAME_START = Gens.ALPHANUMERIC;
    private static final String NAME_REST = Gens.ALPHANUMERIC + "._-";
    private static final String HEX = "0123456789abcdef";
    private static final String SEPARATOR_CHARS = "_~+/:@#!|,;=^*()[]<>%&$' ?`\\·§→";
    private static final List<String> PROVIDERS = List.of("cpu", "cuda", "tensorrt");
    private static final List<String> RAW_BUILD_PARTS = List.of("PR-203", "feature/x", "a__b", "main",
            "release/1.2", "  spaced  out  ", "héllo wörld", "日本-語", "v1.2.3", "__x__", "-lead", "a--b",
            "x_y_z", "42", "feature/JIRA-12_fix it", "refs/heads/main", "🎉party🎉", ".", "-");

    private MetadataGen() {
    }

    /**
     * Arbitrary valid metadata.
     *
     * @return the generator
     */
    public static Gen<ModelMetadata> metadata() {
        return Gens.of(MetadataGen::generateMetadata, MetadataGen::simplify);
    }

    /**
     * Arbitrary valid tensor specs with identifier-like names.
     *
     * @return the generator, shrinking to a float32 scalar with only a name
     */
    public static Gen<TensorSpec> tensorSpecs() {
        return Gens.of((random, size) -> tensorSpec(random, size, tensorName(random)), MetadataGen::simplifySpec);
    }

    /**
     * Every element type, shrinking towards {@code float32}.
     *
     * @return the generator
     */
    public static Gen<DataType> dataTypes() {
        return Gens.elements(DataType.values());
    }

    /**
     * Declared shapes of rank 0 to 4 with dynamic ({@code -1}), empty ({@code 0}) and positive dimensions.
     *
     * @return the generator, shrinking to the scalar shape
     */
    public static Gen<Shape> shapes() {
        Gen<Long> dims = Gens.oneOf(Gens.constant(Shape.DYNAMIC), Gens.longs(0, 8), Gens.longs(0, 4096));
        return Gens.listOf(dims, 0, 4).map(Shape::new);
    }

    /**
     * Model names matching {@code ^[A-Za-z0-9][A-Za-z0-9._-]*$}, 1 to 128 characters (one in twenty exactly 128).
     *
     * @return the generator, shrinking towards {@code "a"}
     */
    public static Gen<String> modelNames() {
        Gen<String> start = Gens.strings(NAME_START, 1, 1);
        Gen<String> shortRest = Gens.strings(NAME_REST, 0, 23);
        Gen<String> longRest = Gens.strings(NAME_REST, 127, 127);
        Gen<String> rest = (random, size) -> random.nextInt(20) == 0 ? longRest.sample(random, size)
                : shortRest.sample(random, size);
        return Gens.zip(start, rest, String::concat);
    }

    /**
     * Schema versions whose parts are small (so equal versions are common) or up to 999,999,999.
     *
     * @return the generator, shrinking towards {@code 0.0}
     */
    public static Gen<SchemaVersion> schemaVersions() {
        return Gens.zip(versionParts(), versionParts(), SchemaVersion::new);
    }

    /**
     * Model versions whose parts are small (so equal versions are common) or up to 999,999,999, the most
     * {@link ModelVersion#parse} reads.
     *
     * @return the generator, shrinking towards {@code 0.0.0}
     */
    public static Gen<ModelVersion> modelVersions() {
        return Gens.listOf(versionParts(), 3, 3).map(p -> new ModelVersion(p.get(0), p.get(1), p.get(2)));
    }

    /**
     * Raw text for one part of a build id, as CI systems hand it over: {@code "PR-203"}, {@code "feature/x"},
     * {@code "a__b"}, spaces, punctuation, non-ASCII letters and emoji. Each has at least one character that
     * {@link BuildId#safe} keeps.
     *
     * @return the generator
     */
    public static Gen<String> buildIdParts() {
        Gen<String> mixed = Gens.strings("abcXYZ019.-_/ :@#é日🎉", 1, 20);
        return Gens.oneOf(Gens.elements(RAW_BUILD_PARTS), mixed, Gens.unicodeStrings(1, 20),
                Gens.strings(Gens.ALPHANUMERIC + ".-", 1, 20)).filter(s -> !BuildId.safe(s).isEmpty());
    }

    /**
     * Build ids made from {@link #buildIdParts()}.
     *
     * @return the generator
     */
    public static Gen<BuildId> buildIds() {
        return Gens.listOf(buildIdParts(), 5, 5)
                .map(p -> new BuildId(p.get(0), p.get(1), p.get(2), p.get(3), p.get(4)));
    }

    /**
     * Valid build-id templates: the five placeholders in any order, separated by one to three characters that a safe
     * part cannot hold ({@code _ ~ + / : @ # | space ( ) \ ·} and more), sometimes with a prefix or suffix.
     *
     * @return the generator, shrinking to {@link BuildIdTemplate#DEFAULT}
     */
    public static Gen<BuildIdTemplate> buildIdTemplates() {
        Gen<String> separators = Gens.strings(SEPARATOR_CHARS, 1, 3);
        return Gens.of((random, size) -> {
            List<String> placeholders = new ArrayList<>(List.of("{name}", "{branch}", "{commit}", "{build}",
                    "{trial}"));
            for (int i = placeholders.size() - 1; i > 0; i--) {
                Collections.swap(placeholders, i, random.nextInt(i + 1));
            }
            StringBuilder sb = new StringBuilder();
            if (random.nextInt(4) == 0) {
                sb.append(separators.generate(random, size));
            }
            for (int i = 0; i < placeholders.size(); i++) {
                sb.append(i == 0 ? "" : separators.generate(random, size)).append(placeholders.get(i));
            }
            if (random.nextInt(4) == 0) {
                sb.append(separators.generate(random, size));
            }
            return BuildIdTemplate.of(sb.toString());
        }, t -> t.equals(BuildIdTemplate.DEFAULT) ? Stream.empty() : Stream.of(BuildIdTemplate.DEFAULT));
    }

    /**
     * JSON-like extension values: strings, longs, finite doubles, booleans, and lists and maps of them nested up to
     * three levels.
     *
     * @return the generator
     */
    public static Gen<Object> extensionValues() {
        return Gens.of((random, size) -> jsonValue(random, size, 0), MetadataGen::simplifyJson);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Gen<Integer> versionParts() {
        return Gens.oneOf(Gens.ints(0, 3), Gens.ints(0, 30), Gens.ints(0, 999_999_999));
    }

    private static boolean maybe(RandomGenerator random, int size) {
        return random.nextInt(100) < 15 + size * 6 / 10;
    }

    private static String text(RandomGenerator random, int size, int min, int max) {
        return Gens.unicodeStrings(min, max).generate(random, size);
    }

    private static String word(RandomGenerator random, int min, int max) {
        return Gens.strings("abcdefghijklmnopqrstuvwxyz", min, max).generate(random, Gens.MAX_SIZE);
    }

    private static String hex(RandomGenerator random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(HEX.charAt(random.nextInt(HEX.length())));
        }
        return sb.toString();
    }

    private static <T> T pick(RandomGenerator random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static ModelMetadata generateMetadata(RandomGenerator random, int size) {
        String name = modelNames().generate(random, size);
        ModelVersion version = modelVersions().generate(random, size);
        ModelMetadata.Builder b = ModelMetadata.builder(name, version.toString());
        if (maybe(random, size)) {
            b.schemaVersion(new SchemaVersion(1, random.nextInt(0, 5)));
        }
        if (maybe(random, size)) {
            b.buildId(BuildIdTemplate.DEFAULT.format(buildIds().generate(random, size)));
        }
        if (maybe(random, size)) {
            b.description(text(random, size, 0, 60));
        }
        if (maybe(random, size)) {
            b.author(random.nextBoolean() ? "data-science@example.com" : text(random, size, 1, 20));
        }
        if (maybe(random, size)) {
            b.createdAt(dateTime(random));
        }
        if (maybe(random, size)) {
            b.modelType(random.nextBoolean() ? pick(random, List.of("regression", "classification", "embedding"))
                    : text(random, size, 1, 12));
        }
        if (maybe(random, size)) {
            b.artifact(new Artifact("onnx", safePath(random) + ".onnx"));
        }

        int inputCount = 1 + random.nextInt(1 + size * 3 / Gens.MAX_SIZE);
        int outputCount = 1 + random.nextInt(1 + size * 3 / Gens.MAX_SIZE);
        Set<String> names = new LinkedHashSet<>();
        while (names.size() < inputCount + outputCount) {
            String candidate = tensorName(random);
            names.add(names.contains(candidate) ? candidate + "_" + names.size() : candidate);
        }
        List<String> all = new ArrayList<>(names);
        List<TensorSpec> inputs = new ArrayList<>();
        for (int i = 0; i < inputCount; i++) {
            TensorSpec spec = tensorSpec(random, size, all.get(i));
            inputs.add(spec);
            b.input(spec);
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (int i = 0; i < outputCount; i++) {
            TensorSpec spec = tensorSpec(random, size, all.get(inputCount + i));
            outputs.add(spec);
            b.output(spec);
        }

        if (maybe(random, size)) {
            int keys = random.nextInt(1, 4);
            for (int i = 0; i < keys; i++) {
                String key = random.nextBoolean() ? pick(random, List.of("area", "language", "region", "season"))
                        : word(random, 1, 10);
                String[] values = new String[random.nextInt(0, 4)];
                for (int v = 0; v < values.length; v++) {
                    values[v] = random.nextBoolean() ? pick(random, List.of("Jerusalem", "Beit-Shemesh", "Hebron",
                            "ירושלים", "en", "he")) : text(random, size, 1, 12);
                }
                b.capability(key, values);
            }
        }
        if (maybe(random, size)) {
            int count = random.nextInt(1, 4);
            for (int i = 0; i < count; i++) {
                b.constraint(constraint(random, size, inputs));
            }
        }
        if (maybe(random, size)) {
            b.preprocessing(new Preprocessing(word(random, 1, 12) + "-processor",
                    modelVersions().generate(random, size).toString()));
        }
        if (maybe(random, size)) {
            Map<String, Tolerance> perOutput = new LinkedHashMap<>();
            for (TensorSpec out : outputs) {
                if (random.nextInt(3) == 0) {
                    perOutput.put(out.name(), tolerance(random));
                }
            }
            b.adequacy(new AdequacySpec(safePath(random) + (random.nextBoolean() ? ".jsonl" : ".csv"),
                    tolerance(random), perOutput));
        }
        if (maybe(random, size)) {
            int count = random.nextInt(1, 4);
            for (int i = 0; i < count; i++) {
                String metric = random.nextBoolean() ? pick(random, List.of("rmse", "mae", "accuracy", "f1", "auc"))
                        : word(random, 1, 10);
                b.metric(new Metric(metric, finite(random, size),
                        random.nextBoolean() ? Optional.of(word(random, 1, 12)) : Optional.empty(),
                        random.nextBoolean() ? Optional.of(pick(random, List.of("train", "test", "validation")))
                                : Optional.empty()));
            }
        }
        if (maybe(random, size)) {
            b.provenance(provenance(random, size));
        }
        if (maybe(random, size)) {
            List<String> providers = new ArrayList<>(PROVIDERS);
            Collections.shuffle(providers, new java.util.Random(random.nextLong()));
            b.runtime(new RuntimeHints(providers.subList(0, random.nextInt(0, 4)),
                    random.nextBoolean() ? Optional.of(modelVersions().generate(random, size).toString())
                            : Optional.empty(),
                    random.nextBoolean() ? OptionalLong.of(Gens.longs(0, 1L << 20).generate(random, size))
                            : OptionalLong.empty()));
        }
        if (maybe(random, size)) {
            int count = random.nextInt(1, 4);
            for (int i = 0; i < count; i++) {
                String key = random.nextBoolean() ? pick(random, List.of("team", "x-owner", "ticket", "labels"))
                        : text(random, size, 1, 12);
                b.extension(key, jsonValue(random, size, 0));
            }
        }
        return b.build();
    }

    private static String tensorName(RandomGenerator random) {
        String base = random.nextInt(3) == 0 ? pick(random, List.of("x", "y", "input_ids", "attention_mask",
                "features", "label", "probabilities", "last_hidden_state"))
                : Gens.strings("abcdefghijklmnopqrstuvwxyz_", 1, 1).generate(random, 0)
                        + Gens.strings("abcdefghijklmnopqrstuvwxyz_0123456789", 0, 10).generate(random, 100);
        int roll = random.nextInt(10);
        return roll == 0 ? "serving_default_" + base + ":0" : roll == 1 ? base + ".1" : base;
    }

    private static TensorSpec tensorSpec(RandomGenerator random, int size, String name) {
        DataType dtype = DataType.values()[random.nextInt(DataType.values().length)];
        int rank = random.nextInt(0, 5);
        long[] dims = new long[rank];
        for (int i = 0; i < rank; i++) {
            int roll = random.nextInt(10);
            dims[i] = roll < 3 ? Shape.DYNAMIC : roll == 3 ? 0 : roll < 9 ? random.nextLong(1, 9)
                    : random.nextLong(1, 4097);
        }
        TensorSpec spec = TensorSpec.of(name, dtype, dims);
        if (rank > 0 && maybe(random, size)) {
            String[] dimNames = new String[rank];
            for (int i = 0; i < rank; i++) {
                dimNames[i] = i == 0 ? "batch" : random.nextBoolean() ? "d" + i : word(random, 1, 8);
            }
            spec = spec.withDimNames(dimNames);
        }
        if (rank > 0 && maybe(random, size)) {
            long last = dims[rank - 1];
            int count = last == Shape.DYNAMIC ? random.nextInt(1, 6) : last <= 16 ? (int) last : 0;
            Set<String> features = new LinkedHashSet<>();
            while (features.size() < count) {
                String f = random.nextBoolean() ? word(random, 1, 10) : text(random, size, 1, 8);
                features.add(features.contains(f) ? f + features.size() : f);
            }
            spec = spec.withFeatures(features.toArray(String[]::new));
        }
        if (dtype.isNumeric() && maybe(random, size)) {
            double a = finite(random, size);
            double c = random.nextInt(5) == 0 ? a : finite(random, size);
            spec = spec.withRange(Math.min(a, c), Math.max(a, c));
        }
        if (maybe(random, size)) {
            spec = spec.withUnit(random.nextBoolean() ? pick(random, List.of("celsius", "m/s", "%", "kg", "µs"))
                    : text(random, size, 0, 8));
        }
        if (maybe(random, size)) {
            spec = spec.withDescription(text(random, size, 0, 40));
        }
        return spec;
    }

    private static Constraint constraint(RandomGenerator random, int size, List<TensorSpec> inputs) {
        List<TensorSpec> numeric = inputs.stream().filter(t -> t.dtype().isNumeric()).toList();
        TensorSpec input = pick(random, numeric.isEmpty() ? inputs : numeric);
        Optional<String> feature = !input.features().isEmpty() && random.nextInt(3) > 0
                ? Optional.of(pick(random, input.features())) : Optional.empty();
        double a = finite(random, size);
        double c = random.nextInt(5) == 0 ? a : finite(random, size);
        int bounds = random.nextInt(3);
        OptionalDouble min = bounds == 1 ? OptionalDouble.empty() : OptionalDouble.of(Math.min(a, c));
        OptionalDouble max = bounds == 2 ? OptionalDouble.empty() : OptionalDouble.of(Math.max(a, c));
        ConstraintAction action = random.nextBoolean() ? ConstraintAction.REJECT : ConstraintAction.WARN;
        Optional<String> message = random.nextBoolean() ? Optional.of(text(random, size, 0, 30)) : Optional.empty();
        return new Constraint(input.name(), feature, min, max, action, message);
    }

    private static double finite(RandomGenerator random, int size) {
        return Gens.doubles(-1e12, 1e12).generate(random, size);
    }

    private static Tolerance tolerance(RandomGenerator random) {
        double[] common = {0.0, 1e-6, 1e-5, 1e-4, 1e-3, 0.5};
        double abs = random.nextBoolean() ? common[random.nextInt(common.length)] : random.nextDouble();
        double rel = random.nextBoolean() ? common[random.nextInt(common.length)] : random.nextDouble();
        return new Tolerance(abs, rel);
    }

    private static OffsetDateTime dateTime(RandomGenerator random) {
        ZoneOffset offset = ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 4, 18 * 4 + 1) * 900);
        int nanos = random.nextInt(4) == 0 ? random.nextInt(1000) * 1_000_000 : 0;
        return OffsetDateTime.of(random.nextInt(1970, 2101), random.nextInt(1, 13), random.nextInt(1, 29),
                random.nextInt(24), random.nextInt(60), random.nextInt(60), nanos, offset);
    }

    private static String safePath(RandomGenerator random) {
        int segments = random.nextInt(1, 4);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < segments; i++) {
            sb.append(i == 0 ? "" : "/")
                    .append(Gens.strings(Gens.ALPHANUMERIC + "_-", 1, 10).generate(random, Gens.MAX_SIZE));
            if (random.nextInt(5) == 0) {
                sb.append(".v").append(random.nextInt(10));
            }
        }
        return sb.toString();
    }

    private static Provenance provenance(RandomGenerator random, int size) {
        List<DatasetRef> datasets = new ArrayList<>();
        int count = random.nextInt(0, 3);
        for (int i = 0; i < count; i++) {
            datasets.add(new DatasetRef(word(random, 1, 12),
                    random.nextBoolean() ? Optional.of(modelVersions().generate(random, size).toString())
                            : Optional.empty(),
                    random.nextBoolean() ? Optional.of(hex(random, 64)) : Optional.empty()));
        }
        return new Provenance(
                random.nextBoolean() ? Optional.of(hex(random, 40)) : Optional.empty(),
                random.nextBoolean() ? Optional.of(buildIdParts().generate(random, size)) : Optional.empty(),
                random.nextBoolean() ? OptionalLong.of(Gens.longs(0, Long.MAX_VALUE).generate(random, size))
                        : OptionalLong.empty(),
                random.nextBoolean() ? Optional.of("trial-" + random.nextInt(1000)) : Optional.empty(),
                random.nextBoolean() ? Optional.of(dateTime(random)) : Optional.empty(),
                datasets,
                random.nextBoolean() ? Optional.of(pick(random, List.of(new Framework("pytorch", "2.5.1"),
                        new Framework("scikit-learn", "1.5.2"), new Framework("tensorflow", "2.17.0"))))
                        : Optional.empty(),
                random.nextBoolean() ? Optional.of(hex(random, 64)) : Optional.empty());
    }

    private static Object jsonValue(RandomGenerator random, int size, int depth) {
        int kinds = depth >= 2 ? 4 : 6;
        switch (random.nextInt(kinds)) {
            case 0 -> {
                return text(random, size, 0, 12);
            }
            case 1 -> {
                return Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE).generate(random, size);
            }
            case 2 -> {
                return Gens.anyDoubles().filter(Double::isFinite).generate(random, size);
            }
            case 3 -> {
                return random.nextBoolean();
            }
            case 4 -> {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(0, 4);
                for (int i = 0; i < n; i++) {
                    list.add(jsonValue(random, size, depth + 1));
                }
                return Collections.unmodifiableList(list);
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(0, 4);
                for (int i = 0; i < n; i++) {
                    map.put(word(random, 1, 8), jsonValue(random, size, depth + 1));
                }
                return Collections.unmodifiableMap(map);
            }
        }
    }

    // --- shrinking ------------------------------------------------------------------------------------------------

    private static Stream<Object> simplifyJson(Object value) {
        if (value instanceof List<?> list && !list.isEmpty()) {
            return Stream.of(List.of(), list.get(0));
        }
        if (value instanceof Map<?, ?> map && !map.isEmpty()) {
            return Stream.of(Map.of(), map.values().iterator().next());
        }
        if (value instanceof String s && !s.isEmpty()) {
            return Stream.of("");
        }
        if (value instanceof Long l && l != 0) {
            return Stream.of(0L);
        }
        if (value instanceof Double d && d != 0) {
            return Stream.of(0.0);
        }
        if (value instanceof Boolean bool && bool) {
            return Stream.of(false);
        }
        return Stream.empty();
    }

    private static Stream<TensorSpec> simplifySpec(TensorSpec spec) {
        TensorSpec plain = TensorSpec.of(spec.name(), spec.dtype(), spec.shape().toArray());
        List<Supplier<Optional<TensorSpec>>> steps = List.of(
                () -> spec.equals(plain) ? Optional.empty() : Optional.of(plain),
                () -> spec.equals(plain) && spec.dtype() != DataType.FLOAT32
                        ? Optional.of(TensorSpec.of(spec.name(), DataType.FLOAT32, spec.shape().toArray()))
                        : Optional.empty(),
                () -> spec.equals(plain) && !spec.shape().isScalar()
                        ? Optional.of(TensorSpec.of(spec.name(), spec.dtype())) : Optional.empty());
        return steps.stream().flatMap(s -> s.get().stream());
    }

    /** Strictly simpler valid metadata: fewer optional parts, tensors, details; simplest first. */
    private static Stream<ModelMetadata> simplify(ModelMetadata m) {
        List<Supplier<Optional<ModelMetadata>>> steps = new ArrayList<>();
        steps.add(() -> m.extensions().isEmpty() ? Optional.empty() : Optional.of(new Parts(m).extensions(Map.of())));
        steps.add(() -> m.constraints().isEmpty() ? Optional.empty()
                : Optional.of(new Parts(m).constraints(List.of())));
        steps.add(() -> m.capabilities().values().isEmpty() ? Optional.empty()
                : Optional.of(new Parts(m).capabilities(Capabilities.none())));
        steps.add(() -> m.metrics().isEmpty() ? Optional.empty() : Optional.of(new Parts(m).metrics(List.of())));
        steps.add(() -> m.provenance().equals(Provenance.unknown()) ? Optional.empty()
                : Optional.of(new Parts(m).provenance(Provenance.unknown())));
        steps.add(() -> m.runtime().equals(RuntimeHints.none()) ? Optional.empty()
                : Optional.of(new Parts(m).runtime(RuntimeHints.none())));
        steps.add(() -> m.adequacy().map(a -> new Parts(m).adequacy(Optional.empty())));
        steps.add(() -> m.preprocessing().map(a -> new Parts(m).preprocessing(Optional.empty())));
        steps.add(() -> m.buildId().map(a -> new Parts(m).buildId(Optional.empty())));
        steps.add(() -> m.description().map(a -> new Parts(m).description(Optional.empty())));
        steps.add(() -> m.author().map(a -> new Parts(m).author(Optional.empty())));
        steps.add(() -> m.createdAt().map(a -> new Parts(m).createdAt(Optional.empty())));
        steps.add(() -> m.modelType().map(a -> new Parts(m).modelType(Optional.empty())));
        steps.add(() -> m.artifact().equals(Artifact.DEFAULT) ? Optional.empty()
                : Optional.of(new Parts(m).artifact(Artifact.DEFAULT)));
        steps.add(() -> m.schemaVersion().equals(SchemaVersion.CURRENT) ? Optional.empty()
                : Optional.of(new Parts(m).schemaVersion(SchemaVersion.CURRENT)));
        steps.add(() -> m.version().equals(new ModelVersion(0, 0, 0)) ? Optional.empty()
                : Optional.of(new Parts(m).version(new ModelVersion(0, 0, 0))));
        steps.add(() -> m.name().length() <= 1 ? Optional.empty()
                : Optional.of(new Parts(m).name(m.name().substring(0, 1))));
        for (int i = 0; i < m.inputs().size() && m.inputs().size() > 1; i++) {
            int index = i;
            steps.add(() -> Optional.of(new Parts(m).removeInput(index)));
        }
        for (int i = 0; i < m.outputs().size() && m.outputs().size() > 1; i++) {
            int index = i;
            steps.add(() -> Optional.of(new Parts(m).removeOutput(index)));
        }
        for (int i = 0; i < m.constraints().size() && m.constraints().size() > 1; i++) {
            int index = i;
            steps.add(() -> {
                List<Constraint> fewer = new ArrayList<>(m.constraints());
                fewer.remove(index);
                return Optional.of(new Parts(m).constraints(fewer));
            });
        }
        for (int i = 0; i < m.inputs().size(); i++) {
            int index = i;
            steps.add(() -> simplifySpec(m.inputs().get(index)).findFirst()
                    .map(simpler -> new Parts(m).replaceInput(index, simpler)));
        }
        for (int i = 0; i < m.outputs().size(); i++) {
            int index = i;
            steps.add(() -> simplifySpec(m.outputs().get(index)).findFirst()
                    .map(simpler -> new Parts(m).replaceOutput(index, simpler)));
        }
        return steps.stream().flatMap(s -> s.get().stream());
    }

    /** The components of a {@link ModelMetadata}, for building a modified copy. Not thread-safe. */
    private static final class Parts {
        private SchemaVersion schemaVersion;
        private String name;
        private ModelVersion version;
        private Optional<String> buildId;
        private Optional<String> description;
        private Optional<String> author;
        private Optional<OffsetDateTime> createdAt;
        private Optional<String> modelType;
        private Artifact artifact;
        private List<TensorSpec> inputs;
        private List<TensorSpec> outputs;
        private Capabilities capabilities;
        private List<Constraint> constraints;
        private Optional<Preprocessing> preprocessing;
        private Optional<AdequacySpec> adequacy;
        private List<Metric> metrics;
        private Provenance provenance;
        private RuntimeHints runtime;
        private Map<String, Object> extensions;

        Parts(ModelMetadata m) {
            schemaVersion = m.schemaVersion();
            name = m.name();
            version = m.version();
            buildId = m.buildId();
            description = m.description();
            author = m.author();
            createdAt = m.createdAt();
            modelType = m.modelType();
            artifact = m.artifact();
            inputs = new ArrayList<>(m.inputs());
            outputs = new ArrayList<>(m.outputs());
            capabilities = m.capabilities();
            constraints = new ArrayList<>(m.constraints());
            preprocessing = m.preprocessing();
            adequacy = m.adequacy();
            metrics = m.metrics();
            provenance = m.provenance();
            runtime = m.runtime();
            extensions = m.extensions();
        }

        ModelMetadata build() {
            return new ModelMetadata(schemaVersion, name, version, buildId, description, author, createdAt,
                    modelType, artifact, inputs, outputs, capabilities, constraints, preprocessing, adequacy, metrics,
                    provenance, runtime, extensions, Optional.empty());
        }

        ModelMetadata extensions(Map<String, Object> v) {
            extensions = v;
            return build();
        }

        ModelMetadata constraints(List<Constraint> v) {
            constraints = v;
            return build();
        }

        ModelMetadata capabilities(Capabilities v) {
            capabilities = v;
            return build();
        }

        ModelMetadata metrics(List<Metric> v) {
            metrics = v;
            return build();
        }

        ModelMetadata provenance(Provenance v) {
            provenance = v;
            return build();
        }

        ModelMetadata runtime(RuntimeHints v) {
            runtime = v;
            return build();
        }

        ModelMetadata adequacy(Optional<AdequacySpec> v) {
            adequacy = v;
            return build();
        }

        ModelMetadata preprocessing(Optional<Preprocessing> v) {
            preprocessing = v;
            return build();
        }

        ModelMetadata buildId(Optional<String> v) {
            buildId = v;
            return build();
        }

        ModelMetadata description(Optional<String> v) {
            description = v;
            return build();
        }

        ModelMetadata author(Optional<String> v) {
            author = v;
            return build();
        }

        ModelMetadata createdAt(Optional<OffsetDateTime> v) {
            createdAt = v;
            return build();
        }

        ModelMetadata modelType(Optional<String> v) {
            modelType = v;
            return build();
        }

        ModelMetadata artifact(Artifact v) {
            artifact = v;
            return build();
        }

        ModelMetadata schemaVersion(SchemaVersion v) {
            schemaVersion = v;
            return build();
        }

        ModelMetadata version(ModelVersion v) {
            version = v;
            return build();
        }

        ModelMetadata name(String v) {
            name = v;
            return build();
        }

        ModelMetadata removeInput(int index) {
            String removed = inputs.remove(index).name();
            constraints.removeIf(c -> c.input().equals(removed));
            return build();
        }

        ModelMetadata removeOutput(int index) {
            String removed = outputs.remove(index).name();
            adequacy = adequacy.map(a -> new AdequacySpec(a.cases(), a.tolerance(), a.perOutput().entrySet()
                    .stream().filter(e -> !e.getKey().equals(removed))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue))));
            return build();
        }

        ModelMetadata replaceInput(int index, TensorSpec simpler) {
            inputs.set(index, simpler);
            constraints.replaceAll(c -> c.input().equals(simpler.name()) && c.feature().isPresent()
                    && !simpler.features().contains(c.feature().get())
                    ? new Constraint(c.input(), Optional.empty(), c.min(), c.max(), c.action(), c.message()) : c);
            return build();
        }

        ModelMetadata replaceOutput(int index, TensorSpec simpler) {
            outputs.set(index, simpler);
            return build();
        }
    }
}
