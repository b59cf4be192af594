// SPDX-License-Identifier: Apache-2.0
package dev.mlops.metadata.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.api.spec.AdequacySpec;
import dev.mlops.api.spec.Artifact;
import dev.mlops.api.spec.Capabilities;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.DataStatistics;
import dev.mlops.api.spec.DatasetRef;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.spec.Framework;
import dev.mlops.api.spec.Histogram;
import dev.mlops.api.spec.Metric;
import dev.mlops.api.spec.ModelMetadata;
import dev.mlops.api.spec.Preprocessing;
import dev.mlops.api.spec.Provenance;
import dev.mlops.api.spec.RuntimeHints;
import dev.mlops.api.spec.Shape;
import dev.mlops.api.spec.TensorSpec;
import dev.mlops.api.spec.Tolerance;
import dev.mlops.api.spec.ValueRange;
import dev.mlops.api.spec.ValueType;
import dev.mlops.api.version.ModelVersion;
import dev.mlops.api.version.SchemaVersion;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** Converts between the wire form (validated {@link MetadataDto}, JSON trees) and {@link ModelMetadata}. */
final class MetadataMapper {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MetadataMapper() {
    }

    /** Maps a document that passed {@link MetadataValidator}. */
    static ModelMetadata toModel(MetadataDto d) {
        Tolerance base = Tolerance.DEFAULT;
        Optional<AdequacySpec> adequacy = Optional.empty();
        if (d.adequacy != null) {
            Tolerance def = tolerance(d.adequacy.tolerance, base);
            Map<String, Tolerance> per = new LinkedHashMap<>();
            if (d.adequacy.perOutput != null) {
                d.adequacy.perOutput.forEach((k, v) -> per.put(k, tolerance(v, def)));
            }
            adequacy = Optional.of(new AdequacySpec(required(d.adequacy.cases), def, per));
        }
        Map<String, List<String>> caps = new LinkedHashMap<>();
        if (d.capabilities != null) {
            caps.putAll(d.capabilities);
        }
        Map<String, Object> ext = new LinkedHashMap<>();
        if (d.extensions != null) {
            d.extensions.forEach((k, v) -> {
                if (v != null) {
                    ext.put(k, withoutNulls(v));
                }
            });
        }
        return new ModelMetadata(
                SchemaVersion.parse(required(d.schemaVersion)),
                required(d.name),
                ModelVersion.parse(required(d.version)),
                Optional.ofNullable(d.buildId),
                Optional.ofNullable(d.description),
                Optional.ofNullable(d.author),
                Optional.ofNullable(d.createdAt).map(OffsetDateTime::parse),
                Optional.ofNullable(d.modelType),
                d.artifact == null ? Artifact.DEFAULT
                        : new Artifact(required(d.artifact.format), required(d.artifact.path)),
                map(d.inputs, MetadataMapper::tensor),
                map(d.outputs, MetadataMapper::tensor),
                new Capabilities(caps),
                map(d.constraints, MetadataMapper::constraint),
                Optional.ofNullable(d.preprocessing).map(p -> new Preprocessing(required(p.name), required(p.version))),
                adequacy,
                map(d.metrics, m -> new Metric(required(m.name), required(m.value), Optional.ofNullable(m.dataset),
                        Optional.ofNullable(m.split), m.slice == null ? Map.of() : m.slice)),
                provenance(d.provenance),
                runtime(d.runtime),
                ext,
                Optional.ofNullable(d.statistics).map(MetadataMapper::statistics));
    }

    /** A field that {@link MetadataValidator} requires, so never null in a document that passed it. */
    private static <T> T required(@Nullable T value) {
        return Objects.requireNonNull(value, "a field that MetadataValidator requires is null");
    }

    private static Object withoutNulls(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> {
                if (x != null) {
                    out.put(String.valueOf(k), withoutNulls(x));
                }
            });
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object x : l) {
                if (x != null) {
                    out.add(withoutNulls(x));
                }
            }
            return out;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue(); // one integer type whatever the magnitude, so values compare equal
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        return v;
    }

    private static <A, B> List<B> map(@Nullable List<A> in, Function<A, B> f) {
        List<B> out = new ArrayList<>();
        if (in != null) {
            for (A a : in) {
                out.add(f.apply(a));
            }
        }
        return out;
    }

    private static Tolerance tolerance(MetadataDto.@Nullable ToleranceDto t, Tolerance def) {
        if (t == null) {
            return def;
        }
        return new Tolerance(t.absolute == null ? def.absolute() : t.absolute,
                t.relative == null ? def.relative() : t.relative);
    }

    private static TensorSpec tensor(MetadataDto.TensorSpecDto t) {
        ValueType type = ValueType.parse(required(t.dtype));
        if (!type.isTensor()) {
            return new TensorSpec(required(t.name), type.elementType(), Shape.scalar(), List.of(),
                    Optional.ofNullable(t.description), Optional.ofNullable(t.unit), List.of(), Optional.empty(), type);
        }
        List<Long> dims = new ArrayList<>(required(t.shape));
        return new TensorSpec(required(t.name), type.elementType(), new Shape(dims),
                t.dimNames == null ? List.of() : t.dimNames,
                Optional.ofNullable(t.description), Optional.ofNullable(t.unit),
                t.features == null ? List.of() : t.features,
                t.range == null ? Optional.empty()
                        : Optional.of(new ValueRange(required(t.range.min), required(t.range.max))));
    }

    private static Constraint constraint(MetadataDto.ConstraintDto c) {
        return new Constraint(required(c.input), Optional.ofNullable(c.feature),
                c.min == null ? OptionalDouble.empty() : OptionalDouble.of(c.min),
                c.max == null ? OptionalDouble.empty() : OptionalDouble.of(c.max),
                c.action == null ? ConstraintAction.REJECT : ConstraintAction.fromJsonName(c.action).orElseThrow(),
                Optional.ofNullable(c.message));
    }

    private static Provenance provenance(MetadataDto.@Nullable ProvenanceDto p) {
        if (p == null) {
            return Provenance.unknown();
        }
        return new Provenance(Optional.ofNullable(p.gitCommit), Optional.ofNullable(p.branch),
                p.buildNumber == null ? OptionalLong.empty() : OptionalLong.of(p.buildNumber),
                Optional.ofNullable(p.trialId), Optional.ofNullable(p.trainEndTime).map(OffsetDateTime::parse),
                map(p.datasets, ds -> new DatasetRef(required(ds.name), Optional.ofNullable(ds.version),
                        Optional.ofNullable(ds.sha256))),
                Optional.ofNullable(p.framework).map(f -> new Framework(required(f.name), required(f.version))),
                Optional.ofNullable(p.configSha256));
    }

    private static RuntimeHints runtime(MetadataDto.@Nullable RuntimeDto r) {
        if (r == null) {
            return RuntimeHints.none();
        }
        return new RuntimeHints(r.providers == null ? List.of() : r.providers, Optional.ofNullable(r.minSdkVersion),
                r.memoryMb == null ? OptionalLong.empty() : OptionalLong.of(r.memoryMb));
    }

    /** Writes metadata as a JSON tree, fields in the documented order, absent optionals omitted. */
    static ObjectNode toTree(ModelMetadata m) {
        ObjectNode o = NODES.objectNode();
        o.put("schemaVersion", m.schemaVersion().toString());
        o.put("name", m.name());
        o.put("version", m.version().toString());
        m.buildId().ifPresent(v -> o.put("buildId", v));
        m.description().ifPresent(v -> o.put("description", v));
        m.author().ifPresent(v -> o.put("author", v));
        m.createdAt().ifPresent(v -> o.put("createdAt", DateTimes.format(v)));
        m.modelType().ifPresent(v -> o.put("modelType", v));
        ObjectNode art = o.putObject("artifact");
        art.put("format", m.artifact().format());
        art.put("path", m.artifact().path());
        ArrayNode ins = o.putArray("inputs");
        m.inputs().forEach(t -> ins.add(tensor(t)));
        ArrayNode outs = o.putArray("outputs");
        m.outputs().forEach(t -> outs.add(tensor(t)));
        if (!m.capabilities().values().isEmpty()) {
            ObjectNode caps = o.putObject("capabilities");
            m.capabilities().values().forEach((k, v) -> strings(caps.putArray(k), v));
        }
        if (!m.constraints().isEmpty()) {
            ArrayNode cs = o.putArray("constraints");
            for (Constraint c : m.constraints()) {
                ObjectNode n = cs.addObject();
                n.put("input", c.input());
                c.feature().ifPresent(v -> n.put("feature", v));
                c.min().ifPresent(v -> n.put("min", v));
                c.max().ifPresent(v -> n.put("max", v));
                n.put("action", c.action().jsonName());
                c.message().ifPresent(v -> n.put("message", v));
            }
        }
        m.preprocessing().ifPresent(p -> {
            ObjectNode n = o.putObject("preprocessing");
            n.put("name", p.name());
            n.put("version", p.version());
        });
        m.adequacy().ifPresent(a -> {
            ObjectNode n = o.putObject("adequacy");
            n.put("cases", a.cases());
            n.set("tolerance", tolerance(a.tolerance()));
            if (!a.perOutput().isEmpty()) {
                ObjectNode per = n.putObject("perOutput");
                a.perOutput().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> per.set(e.getKey(), tolerance(e.getValue())));
            }
        });
        if (!m.metrics().isEmpty()) {
            ArrayNode ms = o.putArray("metrics");
            for (Metric x : m.metrics()) {
                ObjectNode n = ms.addObject();
                n.put("name", x.name());
                n.put("value", x.value());
                x.dataset().ifPresent(v -> n.put("dataset", v));
                x.split().ifPresent(v -> n.put("split", v));
                if (!x.slice().isEmpty()) {
                    ObjectNode slice = n.putObject("slice");
                    x.slice().forEach(slice::put);
                }
            }
        }
        ObjectNode prov = provenance(m.provenance());
        if (!prov.isEmpty()) {
            o.set("provenance", prov);
        }
        RuntimeHints r = m.runtime();
        if (!r.providers().isEmpty() || r.minSdkVersion().isPresent() || r.memoryMb().isPresent()) {
            ObjectNode n = o.putObject("runtime");
            if (!r.providers().isEmpty()) {
                strings(n.putArray("providers"), r.providers());
            }
            r.minSdkVersion().ifPresent(v -> n.put("minSdkVersion", v));
            r.memoryMb().ifPresent(v -> n.put("memoryMb", v));
        }
        if (!m.extensions().isEmpty()) {
            o.set("extensions", Json.mapper().valueToTree(m.extensions()));
        }
        m.statistics().ifPresent(s -> o.set("statistics", statistics(s)));
        return o;
    }

    private static DataStatistics statistics(MetadataDto.StatisticsDto s) {
        return new DataStatistics(
                Optional.ofNullable(s.dataset).map(ds -> new DatasetRef(required(ds.name),
                        Optional.ofNullable(ds.version), Optional.ofNullable(ds.sha256))),
                features(s.inputs), features(s.outputs));
    }

    private static Map<String, Map<String, FeatureStatistics>> features(
            @Nullable Map<String, @Nullable Map<String, MetadataDto.FeatureStatsDto>> tensors) {
        Map<String, Map<String, FeatureStatistics>> out = new LinkedHashMap<>();
        if (tensors != null) {
            tensors.forEach((tensor, features) -> {
                Map<String, FeatureStatistics> f = new LinkedHashMap<>();
                required(features).forEach((name, stats) -> f.put(name, feature(stats)));
                out.put(tensor, f);
            });
        }
        return out;
    }

    private static FeatureStatistics feature(MetadataDto.FeatureStatsDto s) {
        if (s.categories != null) {
            return new FeatureStatistics.Categorical(required(s.count), required(s.missing), s.categories);
        }
        MetadataDto.HistogramDto h = required(s.histogram);
        return new FeatureStatistics.Numeric(required(s.count), required(s.missing), required(s.min),
                required(s.max), required(s.mean), required(s.std),
                new Histogram(required(h.edges), required(h.counts)),
                s.quantiles == null ? List.of() : s.quantiles);
    }

    private static ObjectNode statistics(DataStatistics s) {
        ObjectNode n = NODES.objectNode();
        s.dataset().ifPresent(d -> {
            ObjectNode x = n.putObject("dataset");
            x.put("name", d.name());
            d.version().ifPresent(v -> x.put("version", v));
            d.sha256().ifPresent(v -> x.put("sha256", v));
        });
        if (!s.inputs().isEmpty()) {
            n.set("inputs", featureTree(s.inputs()));
        }
        if (!s.outputs().isEmpty()) {
            n.set("outputs", featureTree(s.outputs()));
        }
        return n;
    }

    private static ObjectNode featureTree(Map<String, Map<String, FeatureStatistics>> tensors) {
        ObjectNode n = NODES.objectNode();
        tensors.forEach((tensor, features) -> {
            ObjectNode t = n.putObject(tensor);
            features.forEach((name, stats) -> t.set(name, feature(stats)));
        });
        return n;
    }

    private static ObjectNode feature(FeatureStatistics stats) {
        ObjectNode n = NODES.objectNode();
        n.put("count", stats.count());
        n.put("missing", stats.missing());
        if (stats instanceof FeatureStatistics.Numeric x) {
            n.put("min", x.min());
            n.put("max", x.max());
            n.put("mean", x.mean());
            n.put("std", x.std());
            ObjectNode h = n.putObject("histogram");
            x.histogram().edges().forEach(h.putArray("edges")::add);
            x.histogram().counts().forEach(h.putArray("counts")::add);
            if (!x.quantiles().isEmpty()) {
                x.quantiles().forEach(n.putArray("quantiles")::add);
            }
        } else if (stats instanceof FeatureStatistics.Categorical c) {
            ObjectNode cats = n.putObject("categories");
            c.categories().forEach(cats::put);
        }
        return n;
    }

    private static ObjectNode provenance(Provenance p) {
        ObjectNode n = NODES.objectNode();
        p.gitCommit().ifPresent(v -> n.put("gitCommit", v));
        p.branch().ifPresent(v -> n.put("branch", v));
        p.buildNumber().ifPresent(v -> n.put("buildNumber", v));
        p.trialId().ifPresent(v -> n.put("trialId", v));
        p.trainEndTime().ifPresent(v -> n.put("trainEndTime", DateTimes.format(v)));
        if (!p.datasets().isEmpty()) {
            ArrayNode ds = n.putArray("datasets");
            for (DatasetRef d : p.datasets()) {
                ObjectNode x = ds.addObject();
                x.put("name", d.name());
                d.version().ifPresent(v -> x.put("version", v));
                d.sha256().ifPresent(v -> x.put("sha256", v));
            }
        }
        p.framework().ifPresent(f -> {
            ObjectNode x = n.putObject("framework");
            x.put("name", f.name());
            x.put("version", f.version());
        });
        p.configSha256().ifPresent(v -> n.put("configSha256", v));
        return n;
    }

    private static ObjectNode tolerance(Tolerance t) {
        ObjectNode n = NODES.objectNode();
        n.put("absolute", t.absolute());
        n.put("relative", t.relative());
        return n;
    }

    private static ObjectNode tensor(TensorSpec t) {
        ObjectNode n = NODES.objectNode();
        n.put("name", t.name());
        n.put("dtype", t.type().jsonName());
        if (t.isTensor()) {
            ArrayNode shape = n.putArray("shape");
            t.shape().dimensions().forEach(shape::add);
        }
        if (!t.dimNames().isEmpty()) {
            strings(n.putArray("dimNames"), t.dimNames());
        }
        t.description().ifPresent(v -> n.put("description", v));
        t.unit().ifPresent(v -> n.put("unit", v));
        if (!t.features().isEmpty()) {
            strings(n.putArray("features"), t.features());
        }
        t.range().ifPresent(r -> {
            ObjectNode x = n.putObject("range");
            x.put("min", r.min());
            x.put("max", r.max());
        });
        return n;
    }

    private static void strings(ArrayNode a, List<String> values) {
        values.forEach(a::add);
    }

    /**
     * Extracts the fields of a document that the wire class does not know, keeping the known containers around
     * them (arrays element by element), so they can be merged back on write.
     *
     * @return the unknown part, or {@code null} when there is none
     */
    static @Nullable JsonNode unknownPart(JsonNode node, java.lang.reflect.Type type) {
        Class<?> raw = type instanceof java.lang.reflect.ParameterizedType p ? (Class<?>) p.getRawType()
                : type instanceof Class<?> c ? c : Object.class;
        if (List.class.isAssignableFrom(raw) && node.isArray()) {
            java.lang.reflect.Type element = ((java.lang.reflect.ParameterizedType) type).getActualTypeArguments()[0];
            ArrayNode out = NODES.arrayNode();
            boolean any = false;
            for (JsonNode e : node) {
                JsonNode x = unknownPart(e, element);
                any |= x != null;
                out.add(x == null ? NODES.nullNode() : x);
            }
            return any ? out : null;
        }
        if (Map.class.isAssignableFrom(raw) && node.isObject()) {
            java.lang.reflect.Type element = ((java.lang.reflect.ParameterizedType) type).getActualTypeArguments()[1];
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> {
                JsonNode x = unknownPart(e.getValue(), element);
                if (x != null) {
                    out.set(e.getKey(), x);
                }
            });
            return out.isEmpty() ? null : out;
        }
        if (raw.getName().startsWith(MetadataDto.class.getName()) && node.isObject()) {
            ObjectNode out = NODES.objectNode();
            node.properties().forEach(e -> {
                java.lang.reflect.Field f;
                try {
                    f = raw.getField(e.getKey());
                } catch (NoSuchFieldException unknown) {
                    out.set(e.getKey(), e.getValue().deepCopy());
                    return;
                }
                JsonNode x = unknownPart(e.getValue(), f.getGenericType());
                if (x != null) {
                    out.set(e.getKey(), x);
                }
            });
            return out.isEmpty() ? null : out;
        }
        return null;
    }

    /** Adds the unknown part of a source document to a freshly written tree. */
    static void mergeUnknown(JsonNode target, JsonNode unknown) {
        if (target instanceof ObjectNode t && unknown instanceof ObjectNode s) {
            s.properties().forEach(e -> {
                JsonNode existing = t.get(e.getKey());
                if (existing == null) {
                    t.set(e.getKey(), e.getValue().deepCopy());
                } else {
                    mergeUnknown(existing, e.getValue());
                }
            });
        } else if (target instanceof ArrayNode t && unknown instanceof ArrayNode s && t.size() == s.size()) {
            for (int i = 0; i < t.size(); i++) {
                mergeUnknown(t.get(i), s.get(i));
            }
        }
    }
}
