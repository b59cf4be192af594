// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.RuntimeModel;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.runtime.ExecutionProvider;
import dev.mlops.runtime.ModelRuntime;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift test's false-alarm rate and detection delay, measured end to end: a real bundle whose metadata carries
 * training statistics from 100,000 seeded rows of four features (normal, uniform, exponential, and a binomial with
 * ties), served by ONNX Runtime through a monitor at its defaults (windows of 1000 rows, alpha 0.01). The figures
 * printed here are the ones stated in {@code docs/deployment/monitoring.md}.
 */
class DriftFalseAlarmTest {
    private static final int WINDOWS = 1000;
    private static final int ROWS_PER_CALL = 250;

    @TempDir
    static Path dir;

    private static ModelRuntime runtime;
    private static long sessionsBefore;
    private static Path bundle;
    private static Path histogramOnly;

    @BeforeAll
    static void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        bundle = MonitorBundles.weather(dir.resolve("q"), "1.0.0", true, List.of());
        histogramOnly = MonitorBundles.weather(dir.resolve("h"), "1.0.1", false, List.of());
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    /** Serves {@code windows} windows of seeded rows and returns every window's event. */
    private static List<MonitorEvent.WindowTested> serve(Path b, ModelMonitor.Builder builder, long seed,
            int windows, int rowsPerCall, double[] shift) {
        List<MonitorEvent.WindowTested> tested = new ArrayList<>();
        ModelMonitor monitor = builder.listener(e -> {
            if (e instanceof MonitorEvent.WindowTested) {
                tested.add((MonitorEvent.WindowTested) e);
            }
        }).build();
        SplittableRandom r = new SplittableRandom(seed);
        try (RuntimeModel model = monitor.wrap(runtime.open(b))) {
            while (tested.size() < windows) {
                model.predict(Map.of("x", Tensor.ofFloats(MonitorBundles.rows(r, rowsPerCall, shift), rowsPerCall,
                        MonitorBundles.FEATURES.length)));
            }
        }
        return tested;
    }

    private static double alarmRate(List<MonitorEvent.WindowTested> windows) {
        return (double) windows.stream().filter(MonitorEvent.WindowTested::drifted).count() / windows.size();
    }

    @Test
    void windowsDrawnFromTheTrainingDistribution_alarmInAtMostOnePercent_atDefaults() {
        List<MonitorEvent.WindowTested> windows = serve(bundle, ModelMonitor.newBuilder().seed(1), 7, WINDOWS,
                ROWS_PER_CALL, new double[4]);

        double rate = alarmRate(windows);
        System.out.printf("drift false alarms (percentiles reference): %d of %d windows = %.2f%%%n",
                Math.round(rate * WINDOWS), WINDOWS, rate * 100);
        assertThat(windows).hasSize(WINDOWS).allSatisfy(w -> {
            assertThat(w.rows()).isEqualTo(ModelMonitor.DEFAULT_WINDOW_ROWS);
            assertThat(w.verdicts()).hasSize(4).allSatisfy(v -> {
                assertThat(v.values()).isEqualTo(1000);
                assertThat(v.threshold()).isEqualTo(0.01 / 4);
            });
        });
        assertThat(rate).as("share of windows that alarm").isLessThanOrEqualTo(0.01);
    }

    @Test
    void windowsDrawnFromTheTrainingDistribution_alarmInAtMostOnePercent_withAHistogramOnlyReference() {
        List<MonitorEvent.WindowTested> windows = serve(histogramOnly, ModelMonitor.newBuilder().seed(2), 8, WINDOWS,
                ROWS_PER_CALL, new double[4]);

        double rate = alarmRate(windows);
        System.out.printf("drift false alarms (histogram-only reference): %d of %d windows = %.2f%%%n",
                Math.round(rate * WINDOWS), WINDOWS, rate * 100);
        assertThat(rate).as("share of windows that alarm").isLessThanOrEqualTo(0.01);
    }

    @Test
    void aHalfStandardDeviationShiftInOneFeature_isDetectedInTheFirstWindow_atDefaults() {
        int trials = 100;
        double[] shift = {0.5 * MonitorBundles.Dist.NORMAL.std, 0, 0, 0};
        List<Integer> delays = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            delays.add(windowsUntilDetection(ModelMonitor.newBuilder().seed(100 + t), 1000 + t, ROWS_PER_CALL,
                    shift));
        }
        int max = delays.stream().mapToInt(Integer::intValue).max().orElseThrow();
        System.out.printf("0.5 sd shift, windows of 1000 rows: detected after %s window(s) (max over %d trials)%n",
                max, trials);
        assertThat(delays).allSatisfy(d -> assertThat(d).isEqualTo(1));
    }

    @Test
    void aHalfStandardDeviationShiftInOneFeature_takesAFewWindowsOfOneHundredRows() {
        int trials = 100;
        double[] shift = {0.5 * MonitorBundles.Dist.NORMAL.std, 0, 0, 0};
        List<Integer> delays = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            delays.add(windowsUntilDetection(ModelMonitor.newBuilder().seed(200 + t).windowRows(100), 2000 + t, 20,
                    shift));
        }
        double mean = delays.stream().mapToInt(Integer::intValue).average().orElseThrow();
        int max = delays.stream().mapToInt(Integer::intValue).max().orElseThrow();
        System.out.printf("0.5 sd shift, windows of 100 rows: detected after %.2f windows on average, at most %d "
                + "(%d trials)%n", mean, max, trials);
        assertThat(mean).isLessThan(4);
        assertThat(max).isLessThanOrEqualTo(12);
    }

    /** Serves shifted windows until one alarms on temperature (and only on it); returns how many it took. */
    private static int windowsUntilDetection(ModelMonitor.Builder builder, long seed, int rowsPerCall,
            double[] shift) {
        List<MonitorEvent.DriftDetected> detected = new ArrayList<>();
        List<MonitorEvent.WindowTested> windows = new ArrayList<>();
        ModelMonitor monitor = builder.listener(e -> {
            if (e instanceof MonitorEvent.DriftDetected) {
                detected.add((MonitorEvent.DriftDetected) e);
            } else {
                windows.add((MonitorEvent.WindowTested) e);
            }
        }).build();
        SplittableRandom r = new SplittableRandom(seed);
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            while (detected.isEmpty()) {
                assertThat(windows).as("windows without detection").hasSizeLessThan(50);
                model.predict(Map.of("x", Tensor.ofFloats(MonitorBundles.rows(r, rowsPerCall, shift), rowsPerCall,
                        MonitorBundles.FEATURES.length)));
            }
        }
        DriftVerdict v = detected.get(0).verdict();
        assertThat(v.input()).isEqualTo("x");
        assertThat(v.feature()).isEqualTo("temperature");
        assertThat(v.pValue()).isLessThan(v.threshold());
        assertThat(v.psi()).isPositive();
        return windows.size();
    }
}
