// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.InvalidInputException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.api.spec.Constraint;
import dev.mlops.api.spec.ConstraintAction;
import dev.mlops.api.spec.FeatureStatistics;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelMonitorTest {
    @TempDir
    Path dir;

    private long sessionsBefore;
    private ModelRuntime runtime;
    private Path bundle;

    private static final List<Constraint> ENVELOPE = List.of(
            Constraint.reject("x", "temperature", -40, 60),
            new Constraint("x", Optional.of("humidity"), OptionalDouble.of(0), OptionalDouble.of(90),
                    ConstraintAction.WARN, Optional.of("sensor saturates above 90%")),
            new Constraint("x", Optional.empty(), OptionalDouble.empty(), OptionalDouble.of(1000),
                    ConstraintAction.WARN, Optional.empty()));

    @BeforeEach
    void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        bundle = MonitorBundles.weather(dir.resolve("v1"), "1.0.0", true, ENVELOPE);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    private static Map<String, Tensor> x(float... rows) {
        return Map.of("x", Tensor.ofFloats(rows, rows.length / 4, 4));
    }

    @Test
    void wrap_countsEveryCallOnce_whateverItsOutcome_andErrorsByKind() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(1).build();
        RuntimeModel model = monitor.wrap(runtime.open(bundle));
        model.predict(x(20, 50, 3, 3, 21, 40, 2, 4));
        model.predictValues(x(19, 60, 1, 2));
        assertThat(model.predict(new float[][] {{10, 10, 1, 1}})[0]).containsExactly(21, 21, 3, 3);
        assertThatThrownBy(() -> model.predict(x(100, 50, 3, 3))).isInstanceOf(EnvelopeViolationException.class);
        assertThatThrownBy(() -> model.predict(Map.of("x", Tensor.ofFloats(new float[] {1, 2, 3}, 1, 3))))
                .isInstanceOf(InvalidInputException.class);
        model.close();
        assertThatThrownBy(() -> model.predict(x(20, 50, 3, 3))).isInstanceOf(IllegalStateException.class);

        ModelSnapshot s = monitor.snapshot().model("weather", "1.0.0").orElseThrow();
        assertThat(s.requests()).isEqualTo(6);
        assertThat(s.errors()).containsExactlyInAnyOrderEntriesOf(Map.of(ErrorKind.INVALID_INPUT, 1L,
                ErrorKind.ENVELOPE_VIOLATION, 1L, ErrorKind.OTHER, 1L));
        assertThat(s.failures()).isEqualTo(3);
        assertThat(s.latency().count()).isEqualTo(6);
        assertThat(s.latency().quantileNanos(0.5)).isPositive();
        assertThat(s.latency().quantileNanos(0.99)).isGreaterThanOrEqualTo(s.latency().quantileNanos(0.5));
        assertThat(s.model().deliveryId()).startsWith("sha256:");
        // served rows only: 2 + 1 + 1
        assertThat(s.input("x", "temperature").orElseThrow().count()).isEqualTo(4);
        assertThat(s.envelope()).containsExactly(
                new EnvelopeCount("x", "temperature", "input 'x' feature 'temperature' in [-40.0, 60.0]",
                        ConstraintAction.REJECT, 1, 1),
                new EnvelopeCount("x", "humidity", "input 'x' feature 'humidity' in [0.0, 90.0]",
                        ConstraintAction.WARN, 0, 0),
                new EnvelopeCount("x", "", "input 'x' in (-Infinity, 1000.0]", ConstraintAction.WARN, 0, 0));
    }

    @Test
    void warnConstraints_countTheRequestsAndTheValuesOutside_byFeature() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(1).build();
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            model.predict(x(20, 95, 3, 3, 20, 99, 3, 3, 20, 50, 3, 3));
            model.predict(x(20, 50, 2000, 3000));
            model.predict(x(20, 50, 3, 3));
        }
        List<EnvelopeCount> env = monitor.snapshot().models().get(0).envelope();
        assertThat(env.get(1)).extracting(EnvelopeCount::requests, EnvelopeCount::values).containsExactly(1L, 2L);
        assertThat(env.get(2)).extracting(EnvelopeCount::requests, EnvelopeCount::values).containsExactly(1L, 2L);
        assertThat(env.get(0).requests()).isZero();
    }

    @Test
    void featureStatistics_matchTheExactValues_besideTheTrainingStatistics() {
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(3).build();
        SplittableRandom r = new SplittableRandom(5);
        float[] all = MonitorBundles.rows(r, 3000, new double[4]);
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            for (int c = 0; c < 30; c++) {
                model.predict(Map.of("x", Tensor.ofFloats(Arrays.copyOfRange(all, c * 400, c * 400 + 400), 100, 4)));
            }
            model.predict(x(20, 50, Float.NaN, 3));
        }
        ModelSnapshot s = monitor.snapshot().models().get(0);
        assertThat(s.inputs()).extracting(FeatureSnapshot::feature)
                .containsExactly("temperature", "humidity", "wind", "visits");
        for (int f = 0; f < 4; f++) {
            double[] exact = new double[3000];
            for (int i = 0; i < 3000; i++) {
                exact[i] = all[i * 4 + f];
            }
            FeatureSnapshot fs = s.inputs().get(f);
            FeatureStatistics.Numeric live = fs.live().orElseThrow();
            double[] withLast = Arrays.copyOf(exact, 3001);
            withLast[3000] = new double[] {20, 50, Double.NaN, 3}[f];
            double[] present = Arrays.stream(withLast).filter(v -> !Double.isNaN(v)).sorted().toArray();
            double mean = Arrays.stream(present).average().orElseThrow();
            assertThat(fs.count()).isEqualTo(3001);
            assertThat(fs.missing()).isEqualTo(f == 2 ? 1 : 0);
            assertThat(live.mean()).isCloseTo(mean, offset(1e-9 * Math.max(1, Math.abs(mean))));
            assertThat(live.min()).isEqualTo(present[0]);
            assertThat(live.max()).isEqualTo(present[present.length - 1]);
            double std = Math.sqrt(Arrays.stream(present).map(v -> (v - mean) * (v - mean)).sum() / present.length);
            assertThat(live.std()).isCloseTo(std, offset(1e-9 * std));
            // the sketch's median lies within 1% in rank of the exact median
            double median = live.quantiles().get(50);
            long below = Arrays.stream(present).filter(v -> v < median).count();
            long atOrBelow = Arrays.stream(present).filter(v -> v <= median).count();
            assertThat((double) below / present.length).isLessThanOrEqualTo(0.51);
            assertThat((double) atOrBelow / present.length).isGreaterThanOrEqualTo(0.49);
            // the live histogram is on the training bins, and with the overflow counts accounts for every value
            FeatureStatistics.Numeric training = (FeatureStatistics.Numeric) fs.training().orElseThrow();
            assertThat(live.histogram().edges()).isEqualTo(training.histogram().edges());
            assertThat(live.histogram().counts().stream().mapToLong(Long::longValue).sum() + fs.belowRange()
                    + fs.aboveRange()).isEqualTo(present.length);
            assertThat(fs.lastVerdict()).as("3000 rows: three windows tested").isPresent();
            assertThat(fs.windowsTested()).isEqualTo(3);
        }
        // outputs: y = 2x + 1, beside the training statistics of y
        FeatureSnapshot y0 = s.output("y", "0").orElseThrow();
        assertThat(y0.live().orElseThrow().mean())
                .isCloseTo(2 * s.inputs().get(0).live().orElseThrow().mean() + 1, offset(1e-3));
        assertThat(y0.training()).isPresent();
        assertThat(y0.lastVerdict()).as("outputs are described, not tested").isEmpty();
        assertThat(s.drift()).isEqualTo(new DriftSummary(0.01, 1000, 4, 3, 0));
    }

    @Test
    void concurrentCalls_areEachCountedExactly() throws Exception {
        List<MonitorEvent.WindowTested> windows = new java.util.concurrent.CopyOnWriteArrayList<>();
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(4).listener(e -> {
            if (e instanceof MonitorEvent.WindowTested) {
                windows.add((MonitorEvent.WindowTested) e);
            }
        }).build();
        int threads = 8;
        int calls = 100;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                SplittableRandom r = new SplittableRandom(t);
                done.add(pool.submit(() -> {
                    for (int c = 0; c < calls; c++) {
                        model.predict(Map.of("x", Tensor.ofFloats(MonitorBundles.rows(r, 10, new double[4]), 10, 4)));
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        ModelSnapshot s = monitor.snapshot().models().get(0);
        assertThat(s.requests()).isEqualTo(threads * calls);
        assertThat(s.latency().count()).isEqualTo(threads * calls);
        assertThat(s.inputs()).allSatisfy(f -> assertThat(f.count()).isEqualTo(threads * calls * 10));
        assertThat(s.outputs()).allSatisfy(f -> assertThat(f.count()).isEqualTo(threads * calls * 10));
        assertThat(windows).hasSize(8);
        assertThat(windows.stream().mapToLong(MonitorEvent.WindowTested::rows).sum()).isEqualTo(8000);
        assertThat(s.drift().windows()).isEqualTo(8);
    }

    @Test
    void closingTheWrapper_closesTheWrappedModel_andLeavesNoNativeSession() {
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        RuntimeModel inner = runtime.open(bundle);
        long open = ModelRuntime.openSessions();
        RuntimeModel model = monitor.wrap(inner);
        model.predict(x(20, 50, 3, 3));
        model.close();
        runtime.close();
        assertThat(ModelRuntime.openSessions()).isLessThan(open);
        assertThatThrownBy(() -> inner.predict(x(20, 50, 3, 3))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void statistics_areKeptPerVersion_andWrappingTwiceCountsOnce() {
        Path v2 = MonitorBundles.weather(dir.resolve("v2"), "1.1.0", true, List.of());
        ModelMonitor monitor = ModelMonitor.newBuilder().build();
        try (RuntimeModel a = monitor.wrap(runtime.open(bundle)); RuntimeModel b = monitor.wrap(runtime.open(v2))) {
            assertThat(monitor.wrap(a)).isSameAs(a);
            a.predict(x(20, 50, 3, 3));
            b.predict(x(20, 50, 3, 3));
            b.predict(x(20, 50, 3, 3));
        }
        MonitorSnapshot snapshot = monitor.snapshot();
        assertThat(snapshot.models()).extracting(m -> m.model().version(), ModelSnapshot::requests)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1.0.0", 1L),
                        org.assertj.core.groups.Tuple.tuple("1.1.0", 2L));
        assertThat(snapshot.models().get(0).model().deliveryId())
                .isNotEqualTo(snapshot.models().get(1).model().deliveryId());
    }

    @Test
    void aListenerThatThrows_neitherFailsTheCall_norStopsTheOtherListeners() {
        List<MonitorEvent> seen = new java.util.ArrayList<>();
        ModelMonitor monitor = ModelMonitor.newBuilder().windowRows(20).listener(e -> {
            throw new IllegalStateException("listener bug");
        }).listener(seen::add).build();
        SplittableRandom r = new SplittableRandom(9);
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            model.predict(Map.of("x", Tensor.ofFloats(MonitorBundles.rows(r, 20, new double[4]), 20, 4)));
        }
        assertThat(seen).hasSize(1).first().isInstanceOf(MonitorEvent.WindowTested.class);
    }

    @Test
    void builder_rejectsBadOptions_andASecondSetting() {
        assertThatThrownBy(() -> ModelMonitor.newBuilder().windowRows(5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("windowRows: 5");
        assertThatThrownBy(() -> ModelMonitor.newBuilder().alpha(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha: 0.0");
        assertThatThrownBy(() -> ModelMonitor.newBuilder().alpha(0.05).alpha(0.01))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("alpha was already set");
        assertThatThrownBy(() -> ModelMonitor.newBuilder().predictionLog(PredictionLog.slf4j("p"), 1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rate: 1.5");
    }
}
