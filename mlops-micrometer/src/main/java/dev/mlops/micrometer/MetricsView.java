// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.runtime.monitoring.DriftVerdict;
import dev.mlops.runtime.monitoring.EnvelopeCount;
import dev.mlops.runtime.monitoring.ErrorKind;
import dev.mlops.runtime.monitoring.FeatureSnapshot;
import dev.mlops.runtime.monitoring.LatencyHistogram;
import dev.mlops.runtime.monitoring.ModelSnapshot;
import dev.mlops.runtime.monitoring.MonitorSnapshot;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One monitor snapshot folded per model name and version (the meters' tags): the model versions of one name and
 * version but different delivery ids (a bundle rebuilt without a version bump) are summed, and for a feature's last
 * drift verdict the one of the version wrapped last wins. Immutable once built.
 */
final class MetricsView {
    static final MetricsView EMPTY = new MetricsView(Map.of());

    /** A model's tags. */
    record ModelId(String name, String version) {
    }

    /** An envelope meter's tags, besides the model's. */
    record EnvelopeId(String input, String feature, ConstraintAction action) {
    }

    /** A feature meter's tags, besides the model's. */
    record FeatureId(String input, String feature) {
    }

    /** Summed envelope counts. */
    static final class Envelope {
        long requests;
        long values;
    }

    /** Summed feature counts and the last drift verdict. */
    static final class Feature {
        long values;
        long missing;
        long windowsTested;
        long windowsDrifted;
        boolean tested;
        Optional<DriftVerdict> last = Optional.empty();
    }

    /** Everything about one model name and version. */
    static final class Model {
        long requests;
        final EnumMap<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
        LatencyHistogram latency;
        long windows;
        long windowsDrifted;
        final Map<EnvelopeId, Envelope> envelope = new LinkedHashMap<>();
        final Map<FeatureId, Feature> features = new LinkedHashMap<>();

        Model(LatencyHistogram first) {
            this.latency = first;
            for (ErrorKind k : ErrorKind.values()) {
                errors.put(k, 0L);
            }
        }

        double latencyQuantileSeconds(double q) {
            return latency.quantileNanos(q) / 1e9;
        }
    }

    private final Map<ModelId, Model> models;

    private MetricsView(Map<ModelId, Model> models) {
        this.models = models;
    }

    static MetricsView of(MonitorSnapshot snapshot) {
        Map<ModelId, Model> models = new LinkedHashMap<>();
        for (ModelSnapshot s : snapshot.models()) {
            ModelId id = new ModelId(s.model().name(), s.model().version());
            Model m = models.get(id);
            if (m == null) {
                m = new Model(s.latency());
                models.put(id, m);
            } else {
                m.latency = m.latency.merge(s.latency());
            }
            m.requests += s.requests();
            for (Map.Entry<ErrorKind, Long> e : s.errors().entrySet()) {
                m.errors.merge(e.getKey(), e.getValue(), Long::sum);
            }
            m.windows += s.drift().windows();
            m.windowsDrifted += s.drift().windowsDrifted();
            for (EnvelopeCount c : s.envelope()) {
                Envelope e = m.envelope.computeIfAbsent(new EnvelopeId(c.input(), c.feature(), c.action()),
                        k -> new Envelope());
                e.requests += c.requests();
                e.values += c.values();
            }
            for (FeatureSnapshot f : s.inputs()) {
                Feature x = m.features.computeIfAbsent(new FeatureId(f.tensor(), f.feature()), k -> new Feature());
                x.values += f.count();
                x.missing += f.missing();
                x.windowsTested += f.windowsTested();
                x.windowsDrifted += f.windowsDrifted();
                x.tested |= f.training().isPresent();
                if (f.lastVerdict().isPresent()) {
                    x.last = f.lastVerdict();
                }
            }
        }
        return new MetricsView(Collections.unmodifiableMap(models));
    }

    Map<ModelId, Model> models() {
        return models;
    }

    Optional<Model> model(ModelId id) {
        return Optional.ofNullable(models.get(id));
    }
}
