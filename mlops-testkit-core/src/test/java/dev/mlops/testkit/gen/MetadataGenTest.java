// SPDX-License-Identifier: Apache-2.0
package dev.mlops.testkit.gen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Artifact;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.DataType;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.version.BuildIdTemplate;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.api.version.SchemaVersion;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MetadataGenTest {
    private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    private static final Pattern SHA256 = Pattern.compile("^[0-9a-f]{64}$");

    @Test
    void metadata_isValidByEveryDocumentedRule() {
        Property.forAll(MetadataGen.metadata()).tries(500).reportTo(line -> { })
                .check(m -> assertThat(violations(m)).as("violations of %s", m).isEmpty());
    }

    @Test
    void metadata_coversEveryDtypeShapeKindAndOptionalPart() {
        List<ModelMetadata> sample = MetadataGen.metadata().samples(2024, 300);
        List<TensorSpec> tensors = new ArrayList<>();
        sample.forEach(m -> {
            tensors.addAll(m.inputs());
            tensors.addAll(m.outputs());
        });

        Set<DataType> dtypes = EnumSet.noneOf(DataType.class);
        tensors.forEach(t -> dtypes.add(t.dtype()));
        assertThat(dtypes).containsExactlyInAnyOrder(DataType.values());
        assertThat(tensors).anyMatch(t -> t.shape().isScalar())
                .anyMatch(t -> t.shape().hasDynamicDimension())
                .anyMatch(t -> t.shape().dimensions().contains(0L))
                .anyMatch(t -> t.shape().rank() == 4)
                .anyMatch(t -> !t.features().isEmpty())
                .anyMatch(t -> !t.dimNames().isEmpty())
                .anyMatch(t -> t.range().isPresent())
                .anyMatch(t -> t.unit().isPresent())
                .anyMatch(t -> t.description().isPresent());
        assertThat(sample).anyMatch(m -> m.inputs().size() == 4).anyMatch(m -> m.outputs().size() == 4)
                .anyMatch(m -> m.name().length() == 128)
                .anyMatch(m -> m.schemaVersion().minor() > 0)
                .anyMatch(m -> m.constraints().stream().anyMatch(c -> c.feature().isPresent()))
                .anyMatch(m -> m.constraints().stream().anyMatch(c -> c.min().isEmpty()))
                .anyMatch(m -> m.constraints().stream().anyMatch(c -> c.max().isEmpty()))
                .anyMatch(m -> m.provenance().configSha256().isPresent())
                .anyMatch(m -> !m.provenance().datasets().isEmpty())
                .anyMatch(m -> m.runtime().providers().size() == 3)
                .anyMatch(m -> m.adequacy().map(a -> !a.perOutput().isEmpty()).orElse(false))
                .anyMatch(m -> m.extensions().values().stream().anyMatch(v -> v instanceof Map<?, ?>))
                .anyMatch(m -> m.extensions().values().stream().anyMatch(v -> v instanceof List<?>))
                .anyMatch(m -> m.buildId().isPresent() && m.createdAt().isPresent() && m.description().isPresent())
                .anyMatch(m -> !m.capabilities().values().isEmpty() && !m.metrics().isEmpty())
                .anyMatch(m -> m.preprocessing().isPresent() && !m.artifact().equals(Artifact.DEFAULT));
    }

    @Test
    void metadata_smallSizesGiveSparseMetadata() {
        Gen<ModelMetadata> gen = MetadataGen.metadata();
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int optionalParts = 0;
        for (int i = 0; i < 100; i++) {
            ModelMetadata m = gen.generate(random, 0);
            assertThat(m.inputs()).hasSize(1);
            assertThat(m.outputs()).hasSize(1);
            optionalParts += m.description().isPresent() ? 1 : 0;
        }
        assertThat(optionalParts).isBetween(1, 40);
    }

    @Test
    void metadata_shrinksToValidMetadataWithOnlyWhatTheFailureNeeds() {
        Property<ModelMetadata> property = Property.forAll(MetadataGen.metadata()).seed(11).tries(300)
                .reportTo(line -> { });

        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> property.check(m -> assertThat(m.constraints()).isEmpty()));

        ModelMetadata shrunk = (ModelMetadata) failure.shrunk();
        assertThat(violations(shrunk)).isEmpty();
        assertThat(shrunk.constraints()).hasSize(1);
        assertThat(shrunk.constraints().get(0).feature()).isEmpty();
        assertThat(shrunk.inputs()).singleElement()
                .isEqualTo(TensorSpec.of(shrunk.inputs().get(0).name(), DataType.FLOAT32));
        assertThat(shrunk.outputs()).singleElement()
                .isEqualTo(TensorSpec.of(shrunk.outputs().get(0).name(), DataType.FLOAT32));
        assertThat(shrunk.name()).hasSize(1);
        assertThat(shrunk.version()).isEqualTo(new ModelVersion(0, 0, 0));
        assertThat(shrunk.schemaVersion()).isEqualTo(SchemaVersion.CURRENT);
        assertThat(shrunk.description()).isEmpty();
        assertThat(shrunk.extensions()).isEmpty();
        assertThat(shrunk.metrics()).isEmpty();
        assertThat(shrunk.provenance()).isEqualTo(Provenance.unknown());
        assertThat(shrunk.adequacy()).isEmpty();
    }

    @Test
    void modelNames_matchThePatternAndLengthLimit() {
        Property.forAll(MetadataGen.modelNames()).tries(500).reportTo(line -> { })
                .holds(n -> NAME.matcher(n).matches() && n.length() <= 128);
    }

    @Test
    void extensionValues_areJsonLikeAndFinite() {
        Property.forAll(MetadataGen.extensionValues()).tries(500).reportTo(line -> { })
                .holds(MetadataGenTest::isJsonLike);
    }

    @Test
    void buildIdTemplates_areVariedAndRoundTripTheirText() {
        List<BuildIdTemplate> sample = MetadataGen.buildIdTemplates().samples(8, 100);

        assertThat(new HashSet<>(sample)).hasSizeGreaterThan(90);
        assertThat(sample).allSatisfy(t -> assertThat(BuildIdTemplate.of(t.toString())).isEqualTo(t));
    }

    @Test
    void tensorSpecs_shrinkToAPlainFloatScalar() {
        Property<TensorSpec> property = Property.forAll(MetadataGen.tensorSpecs()).seed(4).reportTo(line -> { });

        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class,
                () -> property.check(t -> assertThat(t.name()).isEmpty()));

        TensorSpec shrunk = (TensorSpec) failure.shrunk();
        assertThat(shrunk).isEqualTo(TensorSpec.of(shrunk.name(), DataType.FLOAT32));
    }

    @Test
    void shapes_holdDynamicZeroAndPositiveDimensionsUpToRankFour() {
        List<Shape> sample = MetadataGen.shapes().samples(1, 200);

        assertThat(sample).allMatch(s -> s.rank() <= 4).anyMatch(Shape::isScalar)
                .anyMatch(s -> s.dimensions().contains(-1L)).anyMatch(s -> s.dimensions().contains(0L))
                .anyMatch(s -> s.dimensions().stream().anyMatch(d -> d > 8));
    }

    /** Every rule of docs/metadata-json.md that the Java types do not already enforce, checked independently. */
    static List<String> violations(ModelMetadata m) {
        List<String> out = new ArrayList<>();
        if (m.schemaVersion().major() != 1) {
            out.add("schemaVersion " + m.schemaVersion());
        }
        if (!NAME.matcher(m.name()).matches() || m.name().length() > 128) {
            out.add("name " + m.name());
        }
        try {
            if (!ModelVersion.parse(m.version().toString()).equals(m.version())) {
                out.add("version " + m.version());
            }
        } catch (IllegalArgumentException e) {
            out.add("version " + e.getMessage());
        }
        m.buildId().ifPresent(b -> {
            if (b.isEmpty() || b.length() > 256) {
                out.add("buildId length " + b.length());
            }
        });
        if (!m.artifact().format().equals("onnx") || !isSafePath(m.artifact().path())) {
            out.add("artifact " + m.artifact());
        }
        Set<String> names = new HashSet<>();
        for (TensorSpec t : concat(m.inputs(), m.outputs())) {
            if (!names.add(t.name())) {
                out.add("tensor name repeated " + t.name());
            }
            if (t.features().size() != new HashSet<>(t.features()).size()) {
                out.add(t.name() + ".features repeat");
            }
            if (!t.features().isEmpty()) {
                long last = t.shape().dimension(t.shape().rank() - 1);
                if (last != -1 && last != t.features().size()) {
                    out.add(t.name() + ".features count");
                }
            }
            t.range().ifPresent(r -> {
                if (!Double.isFinite(r.min()) || !Double.isFinite(r.max()) || r.min() > r.max()) {
                    out.add(t.name() + ".range " + r);
                }
            });
        }
        m.capabilities().values().keySet().forEach(k -> {
            if (k.isBlank()) {
                out.add("capability key blank");
            }
        });
        for (Constraint c : m.constraints()) {
            var input = m.input(c.input());
            if (input.isEmpty()) {
                out.add("constraint on undeclared " + c.input());
            } else if (c.feature().isPresent() && !input.get().features().contains(c.feature().get())) {
                out.add("constraint feature " + c.feature().get());
            }
            if (c.min().isEmpty() && c.max().isEmpty()) {
                out.add("constraint without bounds");
            }
            c.min().ifPresent(v -> finite(out, "constraint min", v));
            c.max().ifPresent(v -> finite(out, "constraint max", v));
        }
        m.preprocessing().ifPresent(p -> {
            if (p.name().isEmpty() || p.version().isEmpty()) {
                out.add("preprocessing " + p);
            }
        });
        m.adequacy().ifPresent(a -> adequacy(m, a, out));
        for (Metric metric : m.metrics()) {
            if (metric.name().isEmpty()) {
                out.add("metric name empty");
            }
            finite(out, "metric " + metric.name(), metric.value());
        }
        Provenance p = m.provenance();
        p.buildNumber().ifPresent(b -> {
            if (b < 0) {
                out.add("buildNumber " + b);
            }
        });
        p.configSha256().ifPresent(s -> sha(out, s));
        for (DatasetRef d : p.datasets()) {
            if (d.name().isEmpty()) {
                out.add("dataset name empty");
            }
            d.sha256().ifPresent(s -> sha(out, s));
        }
        p.framework().ifPresent(f -> {
            if (f.name().isEmpty() || f.version().isEmpty()) {
                out.add("framework " + f);
            }
        });
        if (!List.of("cpu", "cuda", "tensorrt").containsAll(m.runtime().providers())
                || new HashSet<>(m.runtime().providers()).size() != m.runtime().providers().size()) {
            out.add("providers " + m.runtime().providers());
        }
        m.runtime().memoryMb().ifPresent(mb -> {
            if (mb < 0) {
                out.add("memoryMb " + mb);
            }
        });
        m.extensions().forEach((k, v) -> {
            if (!isJsonLike(v)) {
                out.add("extension " + k + " = " + v);
            }
        });
        return out;
    }

    private static void adequacy(ModelMetadata m, AdequacySpec a, List<String> out) {
        if (!isSafePath(a.cases()) || !(a.cases().endsWith(".jsonl") || a.cases().endsWith(".csv"))) {
            out.add("adequacy.cases " + a.cases());
        }
        tolerance(out, a.tolerance());
        a.perOutput().forEach((name, t) -> {
            if (m.output(name).isEmpty()) {
                out.add("perOutput names undeclared " + name);
            }
            tolerance(out, t);
        });
    }

    private static void tolerance(List<String> out, Tolerance t) {
        if (!(t.absolute() >= 0) || !(t.relative() >= 0) || !Double.isFinite(t.absolute())
                || !Double.isFinite(t.relative())) {
            out.add("tolerance " + t);
        }
    }

    /** Non-empty, '/'-separated, no leading '/', no '\\' or ':', no empty, '.' or '..' segment. */
    static boolean isSafePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || path.contains(":")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static void finite(List<String> out, String what, double v) {
        if (!Double.isFinite(v)) {
            out.add(what + " " + v);
        }
    }

    private static void sha(List<String> out, String s) {
        if (!SHA256.matcher(s).matches()) {
            out.add("sha256 " + s);
        }
    }

    static boolean isJsonLike(Object v) {
        if (v instanceof String || v instanceof Long || v instanceof Boolean) {
            return true;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d);
        }
        if (v instanceof List<?> list) {
            return list.stream().allMatch(MetadataGenTest::isJsonLike);
        }
        if (v instanceof Map<?, ?> map) {
            return map.keySet().stream().allMatch(k -> k instanceof String)
                    && map.values().stream().allMatch(MetadataGenTest::isJsonLike);
        }
        return false;
    }

    private static List<TensorSpec> concat(List<TensorSpec> a, List<TensorSpec> b) {
        List<TensorSpec> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
