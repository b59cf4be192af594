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
 * Drift of a categorical feature, end to end: a real bundle whose statistics give an area code's training counts
 * ({@code categories}) beside a numeric temperature, served by ONNX Runtime through a monitor at its defaults
 * (windows of 1000 rows, alpha 0.01 over the two features). The figures printed here are the ones stated in
 * {@code docs/deployment/monitoring.md}.
 */
class CategoricalDriftTest {
    private static final int ROWS_PER_CALL = 250;

    @TempDir
    static Path dir;

    private static ModelRuntime runtime;
    private static long sessionsBefore;
    private static Path bundle;

    @BeforeAll
    static void setUp() {
        sessionsBefore = ModelRuntime.openSessions();
        runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).intraOpThreads(1)
                .stagingRoot(dir.resolve("staging")).build();
        bundle = MonitorBundles.withArea(dir.resolve("areas"), "1.0.0");
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        assertThat(ModelRuntime.openSessions()).as("native sessions left").isEqualTo(sessionsBefore);
    }

    /** Serves {@code windows} windows of seeded rows with the given area shares; returns every window's event. */
    private static List<MonitorEvent.WindowTested> serve(long seed, int windows, double[] shares) {
        List<MonitorEvent.WindowTested> tested = new ArrayList<>();
        ModelMonitor monitor = ModelMonitor.newBuilder().seed(seed).listener(e -> {
            if (e instanceof MonitorEvent.WindowTested w) {
                tested.add(w);
            }
        }).build();
        SplittableRandom r = new SplittableRandom(seed);
        try (RuntimeModel model = monitor.wrap(runtime.open(bundle))) {
            while (tested.size() < windows) {
                model.predict(Map.of("x", Tensor.ofFloats(MonitorBundles.areaRows(r, ROWS_PER_CALL, shares),
                        ROWS_PER_CALL, 2)));
            }
        }
        return tested;
    }

    private static DriftVerdict area(MonitorEvent.WindowTested w) {
        return w.verdicts().stream().filter(v -> v.feature().equals("area")).findFirst().orElseThrow();
    }

    @Test
    void windowsDrawnFromTheTrainingShares_alarmInAtMostOnePercent_withTheCategoryTestedByChiSquare() {
        int windows = 1000;
        List<MonitorEvent.WindowTested> tested = serve(3, windows, MonitorBundles.AREA_SHARES);

        long alarms = tested.stream().filter(MonitorEvent.WindowTested::drifted).count();
        long areaAlarms = tested.stream().filter(w -> area(w).drifted()).count();
        System.out.printf("categorical drift false alarms: %d of %d windows (%d on the area, chi-square)%n", alarms,
                windows, areaAlarms);
        assertThat(tested).hasSize(windows).allSatisfy(w -> {
            assertThat(w.verdicts()).hasSize(2);
            DriftVerdict a = area(w);
            assertThat(a.test()).isEqualTo(DriftTest.CHI_SQUARE);
            assertThat(a.values()).isEqualTo(1000);
            assertThat(a.threshold()).isEqualTo(0.01 / 2);
            assertThat(a.distance()).isBetween(0.0, 0.1);
        });
        assertThat(tested.get(0).verdicts()).filteredOn(v -> v.feature().equals("temperature")).singleElement()
                .satisfies(v -> assertThat(v.test()).isEqualTo(DriftTest.KOLMOGOROV_SMIRNOV));
        assertThat((double) alarms / windows).as("share of windows that alarm").isLessThanOrEqualTo(0.01);
    }

    @Test
    void sharesMovingFivePoints_areDetectedInTheFirstWindowOrTheNext_onTheAreaOnly() {
        double[] moved = {0.45, 0.3, 0.15, 0.1};
        int trials = 50;
        List<Integer> delays = new ArrayList<>();
        for (int t = 0; t < trials; t++) {
            List<MonitorEvent.WindowTested> tested = serve(100 + t, 5, moved);
            int first = 0;
            while (first < tested.size() && !area(tested.get(first)).drifted()) {
                first++;
            }
            assertThat(first).as("trial %d: the area drifted in none of 5 windows", t).isLessThan(5);
            DriftVerdict a = area(tested.get(first));
            assertThat(tested.get(first).verdicts()).filteredOn(v -> v.feature().equals("temperature"))
                    .singleElement().satisfies(v -> assertThat(v.drifted()).as("temperature").isFalse());
            assertThat(a.distance()).isBetween(0.02, 0.09);
            assertThat(a.psi()).isPositive();
            delays.add(first + 1);
        }
        double mean = delays.stream().mapToInt(Integer::intValue).average().orElseThrow();
        int max = delays.stream().mapToInt(Integer::intValue).max().orElseThrow();
        long firstWindow = delays.stream().filter(d -> d == 1).count();
        System.out.printf("categorical drift: shares moved 5 points (0.50/0.30/0.15/0.05 to 0.45/0.30/0.15/0.10),"
                + " windows of 1000 rows: detected in the first window in %d of %d trials, after %.2f windows on"
                + " average, at most %d%n", firstWindow, trials, mean, max);
        assertThat(mean).isLessThan(1.5);
        assertThat(max).isLessThanOrEqualTo(3);
    }

    @Test
    void aValueTrainingNeverSaw_inFivePercentOfRows_isDetectedInTheFirstWindow() {
        double[] unseen = {0.475, 0.285, 0.1425, 0.0475, 0.05}; // code 4: never in the training data
        for (int t = 0; t < 20; t++) {
            DriftVerdict a = area(serve(300 + t, 1, unseen).get(0));
            assertThat(a.drifted()).as("trial %d: %s", t, a).isTrue();
        }
    }
}
