// SPDX-License-Identifier: Apache-2.0
package dev.mlops.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.monitoring.DriftVerdict;
import dev.mlops.runtime.monitoring.ErrorKind;
import dev.mlops.runtime.monitoring.ModelMonitor;
import dev.mlops.runtime.monitoring.ModelSnapshot;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MlopsMetricsTest {
    @TempDir
    Path dir;

    private ModelRuntime runtime;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void setUp() {
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        registry.close();
    }

    private static Map<String, Tensor> x(float... rows) {
        return Map.of("x", Tensor.ofFloats(rows, rows.length / 2, 2));
    }

    private RequiredSearch weather(String name, String version) {
        return registry.get(name).tag("model", "weather").tag("version", version);
    }

    /** What a publisher or a Prometheus scrape does: read the value of every measurement of every meter. */
    private static int scrape(MeterRegistry r) {
        int n = 0;
        for (Meter m : r.getMeters()) {
            for (Measurement x : m.measure()) {
                x.getValue();
                n++;
            }
        }
        return n;
    }

    @Test
    void bindTo_countsMatchTheMonitorSnapshot_afterServedAndFailedCalls() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(1).build();
        RuntimeModel model = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")));
        MlopsMetrics.of(monitor).withSnapshotMaxAge(Duration.ZERO).bindTo(registry);

        for (int i = 0; i < 5; i++) {
            model.predict(x(20, 50, 21, 95));
        }
        assertThatThrownBy(() -> model.predict(x(100, 50))).isInstanceOf(EnvelopeViolationException.class);
        assertThatThrownBy(() -> model.predict(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))))
                .isInstanceOf(InvalidInputException.class);

        ModelSnapshot s = monitor.snapshot().model("weather", "1.0.0").orElseThrow();
        assertThat(s.requests()).isEqualTo(7);
        assertThat(weather("mlops.model.requests").functionCounter().count()).isEqualTo(7);
        for (ErrorKind k : ErrorKind.values()) {
            assertThat(weather("mlops.model.errors", "1.0.0").tag("kind", k.name().toLowerCase()).functionCounter()
                    .count()).as(k.name()).isEqualTo(s.errors().get(k).doubleValue());
        }
        assertThat(weather("mlops.model.errors", "1.0.0").tag("kind", "envelope_violation").functionCounter()
                .count()).isEqualTo(1);
        assertThat(weather("mlops.model.errors", "1.0.0").tag("kind", "invalid_input").functionCounter().count())
                .isEqualTo(1);

        FunctionTimer latency = weather("mlops.model.latency", "1.0.0").functionTimer();
        ModelSnapshot after = monitor.snapshot().model("weather", "1.0.0").orElseThrow();
        assertThat(latency.count()).isEqualTo(7);
        assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isEqualTo((double) after.latency().sumNanos());
        assertThat(weather("mlops.model.latency.percentile", "1.0.0").tag("phi", "0.99").gauge().value())
                .isEqualTo(after.latency().quantileNanos(0.99) / 1e9, offset(1e-12)).isPositive();
        assertThat(weather("mlops.model.latency.percentile", "1.0.0").tag("phi", "0.5").gauge().value())
                .isPositive();

        assertThat(weather("mlops.model.envelope.requests", "1.0.0").tag("input", "x").tag("feature", "temperature")
                .tag("action", "reject").functionCounter().count()).isEqualTo(1);
        assertThat(weather("mlops.model.envelope.requests", "1.0.0").tag("feature", "humidity").tag("action", "warn")
                .functionCounter().count()).isEqualTo(5);
        assertThat(weather("mlops.model.envelope.values", "1.0.0").tag("feature", "humidity").tag("action", "warn")
                .functionCounter().count()).isEqualTo(5);
        assertThat(weather("mlops.feature.values", "1.0.0").tag("input", "x").tag("feature", "temperature")
                .functionCounter().count()).isEqualTo(10);
        assertThat(weather("mlops.feature.drift.pvalue", "1.0.0").tag("feature", "temperature").gauge().value())
                .as("no window closed yet").isNaN();
        model.close();
    }

    private RequiredSearch weather(String name) {
        return weather(name, "1.0.0");
    }

    @Test
    void versionWrappedAfterBinding_getsItsMetersAtTheNextScrape_withoutBindingAgain() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(2).build();
        SimpleMeterRegistry second = new SimpleMeterRegistry();
        MlopsMetrics metrics = MlopsMetrics.of(monitor).withSnapshotMaxAge(Duration.ZERO);
        metrics.bindTo(registry);
        metrics.bindTo(second);
        try (RuntimeModel v1 = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            v1.predict(x(20, 50));
            scrape(registry);
            assertThat(weather("mlops.model.requests", "1.0.0").functionCounter().count()).isEqualTo(1);

            try (RuntimeModel v2 = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v2"), "2.0.0")))) {
                v2.predict(x(20, 50, 21, 51, 22, 52));
                v2.predict(x(20, 50));
                assertThat(registry.find("mlops.model.requests").tag("version", "2.0.0").functionCounter()).isNull();
                scrape(registry);
                assertThat(weather("mlops.model.requests", "2.0.0").functionCounter().count()).isEqualTo(2);
                assertThat(second.get("mlops.model.requests").tag("version", "2.0.0").functionCounter().count())
                        .as("every bound registry gets the new version's meters").isEqualTo(2);
                assertThat(weather("mlops.feature.values", "2.0.0").tag("feature", "humidity").functionCounter()
                        .count()).isEqualTo(4);
                assertThat(registry.get("mlops.monitor.models").gauge().value()).isEqualTo(2);
            }
        }
        second.close();
    }

    @Test
    void driftingWindow_pushesThePValueBelowTheThreshold_andCountsTheDriftedWindow() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(3).windowRows(200).build();
        MlopsMetrics.of(monitor).withSnapshotMaxAge(Duration.ZERO).bindTo(registry);
        SplittableRandom r = new SplittableRandom(7);
        try (RuntimeModel model = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            model.predict(WeatherBundles.rows(r, 200, 0, 0));
            scrape(registry);
            assertThat(weather("mlops.model.drift.windows").functionCounter().count()).isEqualTo(1);
            assertThat(weather("mlops.model.drift.windows.drifted").functionCounter().count()).isZero();
            double calm = weather("mlops.feature.drift.pvalue").tag("feature", "temperature").gauge().value();
            double threshold = weather("mlops.feature.drift.threshold").tag("feature", "temperature").gauge().value();
            assertThat(threshold).isEqualTo(0.01 / 2, offset(1e-12));
            assertThat(calm).isGreaterThanOrEqualTo(threshold);

            model.predict(WeatherBundles.rows(r, 200, 1, 0));
            DriftVerdict v = monitor.snapshot().model("weather", "1.0.0").orElseThrow().input("x", "temperature")
                    .orElseThrow().lastVerdict().orElseThrow();
            assertThat(v.drifted()).isTrue();
            assertThat(weather("mlops.feature.drift.pvalue").tag("feature", "temperature").gauge().value())
                    .isEqualTo(v.pValue()).isLessThan(threshold);
            assertThat(weather("mlops.feature.drift.statistic").tag("feature", "temperature").gauge().value())
                    .isEqualTo(v.distance());
            assertThat(weather("mlops.feature.drift.psi").tag("feature", "temperature").gauge().value())
                    .isEqualTo(v.psi()).isPositive();
            assertThat(weather("mlops.feature.drift.windows.drifted").tag("feature", "temperature").functionCounter()
                    .count()).isEqualTo(1);
            assertThat(weather("mlops.feature.drift.windows").tag("feature", "temperature").functionCounter()
                    .count()).isEqualTo(2);
            assertThat(weather("mlops.feature.drift.windows.drifted").tag("feature", "humidity").functionCounter()
                    .count()).isZero();
            assertThat(weather("mlops.model.drift.windows.drifted").functionCounter().count()).isEqualTo(1);
        }
    }

    @Test
    void monitorWithoutModels_registersOnlyTheModelsGauge_andScrapesWithoutError() {
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        MlopsMetrics metrics = MlopsMetrics.of(monitor);
        metrics.bindTo(registry);
        metrics.bindTo(registry);
        for (int i = 0; i < 3; i++) {
            assertThat(scrape(registry)).isEqualTo(1);
        }
        assertThat(registry.getMeters()).hasSize(1);
        assertThat(registry.get("mlops.monitor.models").gauge().value()).isZero();
    }

    @Test
    void bindingTwice_registersNoMeterTwice() {
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        try (RuntimeModel model = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            model.predict(x(20, 50));
            // tag::micrometer-bind[]
            MlopsMetrics metrics = MlopsMetrics.of(monitor);
            metrics.bindTo(registry);
            // end::micrometer-bind[]
            int meters = registry.getMeters().size();
            metrics.bindTo(registry);
            scrape(registry);
            assertThat(registry.getMeters()).hasSize(meters);
            // 1 models gauge; per model: requests, 3 error kinds, latency, 2 percentiles, 2 drift window counters,
            // 2 per envelope constraint (2), and per input feature (2): 2 counts + 2 drift counters + 4 drift gauges.
            assertThat(meters).isEqualTo(1 + 1 + 3 + 1 + 2 + 2 + 2 * 2 + 2 * 8);
        }
    }

    @Test
    void oneSnapshotServesEveryReadWithinTheMaximumAge() {
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        try (RuntimeModel model = monitor.wrap(runtime.open(WeatherBundles.weather(dir.resolve("v1"), "1.0.0")))) {
            MlopsMetrics.of(monitor).withSnapshotMaxAge(Duration.ofHours(1)).bindTo(registry);
            model.predict(x(20, 50));
            assertThat(weather("mlops.model.requests").functionCounter().count())
                    .as("the snapshot taken at binding still serves").isZero();
            assertThat(monitor.snapshot().model("weather", "1.0.0").orElseThrow().requests()).isEqualTo(1);
        }
    }

    @Test
    void withSnapshotMaxAge_rejectsANegativeAge() {
        MlopsMetrics metrics = MlopsMetrics.of(ModelMonitor.newBuilder().build());
        assertThatThrownBy(() -> metrics.withSnapshotMaxAge(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAge");
    }
}
