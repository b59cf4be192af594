// SPDX-License-Identifier: Apache-2.0
package dev.mlops.examples;

import dev.mlops.api.EnvelopeViolationException;
import dev.mlops.api.tensor.Tensor;
import dev.mlops.examples.WeatherExports.Observation;
import dev.mlops.runtime.ModelRuntime;
import dev.mlops.runtime.delivery.Delivery;
import dev.mlops.runtime.delivery.RolloutEvent;
import dev.mlops.runtime.delivery.RolloutPlan;
import dev.mlops.runtime.monitoring.DriftTest;
import dev.mlops.runtime.monitoring.ModelMonitor;
import dev.mlops.runtime.monitoring.ModelSnapshot;
import dev.mlops.runtime.monitoring.MonitorEvent;
import dev.mlops.runtime.monitoring.MonitorReport;
import dev.mlops.runtime.repository.ModelRepository;
import dev.mlops.runtime.repository.RepositoryEntry;
import dev.mlops.runtime.repository.RepositoryWatch;
import dev.mlops.runtime.selection.Candidate;
import dev.mlops.runtime.selection.NoMatchingModelException;
import dev.mlops.runtime.selection.Query;
import dev.mlops.runtime.serving.ServedVersion;
import dev.mlops.runtime.serving.ServingModel;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The seeds' weather application deployed in-process, end to end, with no server: a model for Jerusalem and
 * Beit-Shemesh serves; a request for Hebron is refused with the reason of every version; research drops a version
 * declaring Hebron into the repository, it passes its adequacy gate, runs in shadow, is promoted by its rules and then
 * serves Hebron; a heat wave (inputs drifting in temperature) raises a drift alarm; a broken candidate is refused
 * while the serving version keeps answering. The monitor's HTML report is written to
 * {@code WORK_DIR/monitor-report.html}.
 *
 * <pre>java -cp examples/target/examples.jar dev.mlops.examples.WeatherDeployment [WORK_DIR]</pre>
 *
 * <p>Exits 0 when every step went as described, 1 otherwise.
 */
public final class WeatherDeployment {
    static final List<String> FIRST_AREAS = List.of("Jerusalem", "Beit-Shemesh");
    static final List<String> ALL_AREAS = List.of("Jerusalem", "Beit-Shemesh", "Hebron");
    /** The heat wave: every reading this many degrees warmer than the observations. */
    static final float HEAT_WAVE_CELSIUS = 8f;
    /** The rows of a drift window. */
    static final int WINDOW_ROWS = 300;

    private final PrintStream out;
    private final List<Observation> data = WeatherExports.observations();
    /** The requests: the observations in a seeded random order, as independent readings arrive. */
    private final List<Observation> requests = shuffled(data);
    private final List<RolloutEvent> rollout = new CopyOnWriteArrayList<>();
    private final List<MonitorEvent.DriftDetected> drift = new CopyOnWriteArrayList<>();
    /** Whether a serving version (by delivery id) declares an area: its metadata never changes, so asked once. */
    private final Map<String, Boolean> declares = new ConcurrentHashMap<>();
    private int next;

    private WeatherDeployment(PrintStream out) {
        this.out = out;
    }

    /**
     * What the run saw, for the closing summary and for the test.
     *
     * @param jerusalemServedBy the version that answered for Jerusalem at the start
     * @param hebronRefusal the refusal for Hebron before the new version, with the reason of every version
     * @param rollout every rollout event, in order
     * @param hebronServedBy the version that answered for Hebron after the rollout
     * @param driftBeforeHeatWave drift alarms on the serving version before the heat wave
     * @param heatWaveDrift the drift alarms the heat wave raised on the serving version
     * @param servingAtEnd the version serving at the end, after the broken candidate
     * @param monitored what the monitor measured on that version
     * @param report the monitor's HTML report of every version
     */
    record Outcome(String jerusalemServedBy, String hebronRefusal, List<RolloutEvent> rollout, String hebronServedBy,
            List<MonitorEvent.DriftDetected> driftBeforeHeatWave, List<MonitorEvent.DriftDetected> heatWaveDrift,
            ServedVersion servingAtEnd, ModelSnapshot monitored, Path report) {
    }

    /**
     * Runs the scenario.
     *
     * @param args the working directory (default {@code examples/target/deployment}); it is emptied first
     */
    public static void main(String[] args) {
        ExamplePaths.quietLogging();
        Path work = Path.of(args.length > 0 ? args[0] : "examples/target/deployment");
        Outcome o = run(work, System.out);
        boolean ok = o.hebronServedBy().equals("weather 1.2.0") && !o.heatWaveDrift().isEmpty()
                && o.driftBeforeHeatWave().isEmpty()
                && o.servingAtEnd().version().toString().equals("1.2.0");
        System.out.println(ok ? "\ndeployment example: every step went as described"
                : "\ndeployment example: FAILED, see above");
        System.exit(ok ? 0 : 1);
    }

    /**
     * Runs the scenario in {@code work}, printing what happens to {@code out}.
     *
     * @param work the working directory; emptied first
     * @param out where the story is printed
     * @return what happened
     */
    static Outcome run(Path work, PrintStream out) {
        return new WeatherDeployment(out).run(work);
    }

    private Outcome run(Path work) {
        clean(work);
        Path repo = work.resolve("models");
        Path staging = work.resolve("research");
        step("research exports weather 1.1.0, trained on " + FIRST_AREAS + ", into the repository");
        WeatherExports.export(repo.resolve("weather/1.1.0"), "1.1.0", FIRST_AREAS, data);

        ModelMonitor monitor = ModelMonitor.newBuilder().windowRows(WINDOW_ROWS).listener(this::onMonitorEvent).build();
        try (ModelRuntime runtime = ModelRuntime.newBuilder().decorator(monitor::wrap).build();
                ModelRepository repository = ModelRepository.newBuilder(repo).pollInterval(Duration.ofMillis(100))
                        .build()) {
            RepositoryEntry first = Query.newBuilder().name("weather").capability("area", "Jerusalem").build()
                    .select(repository.entries());
            step("the application selects " + first.name() + " " + first.version() + " for Jerusalem and serves it");
            try (Delivery delivery = Delivery.of(runtime, ServingModel.serve(runtime, first.location()))) {
                delivery.addListener(this::onRolloutEvent);
                String jerusalem = forecast(delivery, repository, "Jerusalem", 20f, 80f).orElse("nobody");

                step("a request for Hebron");
                String refusal = "";
                try {
                    forecast(delivery, repository, "Hebron", 20f, 80f);
                } catch (NoMatchingModelException e) {
                    refusal = String.valueOf(e.getMessage());
                    out.println("refused: " + refusal);
                }

                step("research drops weather 1.2.0, trained on " + ALL_AREAS + ", into the repository;"
                        + " the delivery follows the repository: gate, shadow, promote, bake");
                RolloutPlan plan = RolloutPlan.shadow()
                        .rule("error_rate <= 0.01")
                        .rule("shadow_disagreement_rate <= 0.01")
                        .rule("p99_latency_ms <= 250")
                        .windowCalls(50).promoteAfter(3).bakeWindows(2).build();
                out.println("plan: " + plan);
                String hebron;
                try (RepositoryWatch watch = delivery.follow(repository, plan)) {
                    out.println("following " + repository.root() + (watch.isRunning() ? "" : " (not running)"));
                    Path built = WeatherExports.export(staging.resolve("1.2.0"), "1.2.0", ALL_AREAS, data).bundle();
                    move(built, repo.resolve("weather/1.2.0")); // complete before the repository sees it
                    traffic(delivery, repository, 0f, () -> has(RolloutEvent.Completed.class)
                            || has(RolloutEvent.RolledBack.class) || has(RolloutEvent.Refused.class));
                    hebron = forecast(delivery, repository, "Hebron", 20f, 80f).orElse("nobody");

                    step("normal weather for a while, then a heat wave: every reading " + HEAT_WAVE_CELSIUS
                            + " C warmer");
                    String serving = delivery.current().version().toString();
                    long start = windows(monitor, serving);
                    trafficRows(delivery, repository, 0f, 4 * WINDOW_ROWS);
                    long heatStart = windows(monitor, serving);
                    List<MonitorEvent.DriftDetected> before = drift(serving, start + 1, heatStart);
                    out.println("drift alarms on weather " + serving + " in the " + (heatStart - start - 1)
                            + " windows of normal weather: " + before.size());
                    trafficRows(delivery, repository, HEAT_WAVE_CELSIUS, 3 * WINDOW_ROWS);
                    List<MonitorEvent.DriftDetected> heat = drift(serving, heatStart + 1, Long.MAX_VALUE);
                    out.println("drift alarms on weather " + serving + " in the " + (windows(monitor, serving)
                            - heatStart - 1) + " windows of the heat wave: " + heat.size());

                    step("research drops weather 1.3.0, whose graph disagrees with its adequacy cases");
                    Path broken = WeatherExports.exportBroken(staging.resolve("1.3.0"), "1.3.0", ALL_AREAS, data);
                    int refusedBefore = count(RolloutEvent.Refused.class);
                    move(broken, repo.resolve("weather/1.3.0"));
                    await("the refusal of 1.3.0", () -> count(RolloutEvent.Refused.class) > refusedBefore);
                    forecast(delivery, repository, "Hebron", 20f, 80f);
                    ServedVersion end = delivery.current();
                    ModelSnapshot snapshot = monitor.snapshot().model("weather", end.version().toString())
                            .orElseThrow(() -> new IllegalStateException("the monitor never saw " + end));
                    summary(snapshot);
                    Path report = MonitorReport.write(work.resolve("monitor-report.html"), monitor.snapshot());
                    out.println("the monitor's report, training against live histograms per feature: " + report);
                    return new Outcome(jerusalem, refusal, List.copyOf(rollout), hebron, before, heat, end, snapshot,
                            report);
                }
            }
        }
    }

    /**
     * What the application does for one reading: checks that the serving version declares the area (else the error
     * lists every version in the repository and why it does not serve it), then predicts.
     *
     * @return the version that answered; empty when the envelope refused the reading
     * @throws NoMatchingModelException when the serving version does not declare the area
     */
    private Optional<String> forecast(Delivery delivery, ModelRepository repository, String area, float celsius,
            float humidity) {
        return predict(delivery, repository, area, celsius, humidity, true);
    }

    private Optional<String> predict(Delivery delivery, ModelRepository repository, String area, float celsius,
            float humidity, boolean print) {
        ServedVersion serving = delivery.current();
        Query query = Query.newBuilder().name("weather").capability("area", area).build();
        boolean declared = declares.computeIfAbsent(serving.deliveryId() + " " + area,
                k -> query.assess(List.of(candidate(delivery, repository, serving))).stream()
                        .anyMatch(a -> a.accepted()));
        if (!declared) {
            List<Candidate> all = new ArrayList<>(repository.entries("weather"));
            all.removeIf(c -> c.metadata().version().compareTo(serving.version()) > 0); // not serving yet
            // throws, listing each version and why it does not serve the area
            query.select(all.isEmpty() ? List.of(candidate(delivery, repository, serving)) : all);
        }
        Map<String, Tensor> y;
        try {
            y = delivery.predict(area, Map.of("features", Tensor.ofFloats(new float[] {celsius, humidity}, 1, 2)));
        } catch (EnvelopeViolationException e) {
            if (print) {
                out.println("refused by the envelope: " + e.getMessage());
            }
            return Optional.empty();
        }
        String by = delivery.metadata().name() + " " + delivery.metadata().version();
        if (print) {
            out.printf("%s, %.1f C, %.0f%% humidity: rain %.0f%%, %.1f mm (by %s)%n", area, celsius, humidity,
                    100 * Objects.requireNonNull(y.get("rain_probability")).toFloatArray()[0],
                    Objects.requireNonNull(y.get("rain_mm")).toFloatArray()[0], by);
        }
        return Optional.of(by);
    }

    /** The serving version as a selection candidate: its repository entry, or its metadata when it left the folder. */
    private static Candidate candidate(Delivery delivery, ModelRepository repository, ServedVersion serving) {
        return repository.find(serving.name(), serving.version()).map(e -> (Candidate) e)
                .orElseGet(() -> Candidate.of(delivery.metadata(), serving.deliveryId(), Path.of(serving.name(),
                        serving.version().toString())));
    }

    /** Replays the observations as requests until {@code done}, at most 60 s; areas not served are refused. */
    private void traffic(Delivery delivery, ModelRepository repository, float warmer, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the rollout did not finish within 60 s: " + rollout);
            }
            request(delivery, repository, warmer);
            pause();
        }
    }

    /** Sends {@code rows} served requests. */
    private void trafficRows(Delivery delivery, ModelRepository repository, float warmer, int rows) {
        int served = 0;
        while (served < rows) {
            if (request(delivery, repository, warmer)) {
                served++;
            }
        }
    }

    private boolean request(Delivery delivery, ModelRepository repository, float warmer) {
        Observation o = requests.get(next++ % requests.size());
        try {
            return predict(delivery, repository, o.area(), o.celsius() + warmer, o.humidity(), false).isPresent();
        } catch (NoMatchingModelException e) {
            return false; // Hebron before its model serves: refused, as the application shows above
        }
    }

    private void onRolloutEvent(RolloutEvent e) {
        if (e instanceof RolloutEvent.CheckPassed p) {
            out.println("rollout: check " + p.consecutive() + "/" + p.required() + " passed in " + p.check().phase()
                    + ": " + p.check().results());
        } else if (e instanceof RolloutEvent.CheckFailed f) {
            out.println("rollout: check FAILED " + f.consecutive() + "/" + f.required() + ": " + f.check().results());
        } else if (e instanceof RolloutEvent.Started st) {
            out.println("rollout: started " + st.candidate() + " in " + st.mode() + " beside " + st.stable());
        } else if (e instanceof RolloutEvent.Promoted p) {
            out.println("rollout: promoted " + p.to() + " over " + p.from() + " (" + p.reason() + ")");
        } else if (e instanceof RolloutEvent.Completed c) {
            out.println("rollout: completed " + c.candidate() + " after " + c.bakeWindows() + " bake windows");
        } else if (e instanceof RolloutEvent.Refused r) {
            out.println("rollout: refused " + r.candidate() + ": " + r.reason().lines().findFirst().orElse("")
                    + " " + r.reason().lines().reduce((first, last) -> last).orElse(""));
        } else {
            out.println("rollout: " + e);
        }
        rollout.add(e);
    }

    private void onMonitorEvent(MonitorEvent e) {
        if (e instanceof MonitorEvent.DriftDetected d) {
            drift.add(d);
            out.println("monitor: drift in " + d.model().name() + " " + d.model().version() + " "
                    + d.verdict().input() + "." + d.verdict().feature() + ": "
                    + (d.verdict().test() == DriftTest.CHI_SQUARE ? "chi-square, TV " : "KS ")
                    + fmt(d.verdict().distance())
                    + ", p " + String.format("%.2g", d.verdict().pValue()) + " < " + String.format("%.2g",
                    d.verdict().threshold()) + ", PSI " + fmt(d.verdict().psi()));
        }
    }

    /**
     * The drift alarms of one version in the windows numbered from {@code after + 1} to {@code upTo}: windows that
     * hold only the rows of one phase (the window open when a phase starts also holds the phase before).
     */
    private List<MonitorEvent.DriftDetected> drift(String version, long after, long upTo) {
        return drift.stream().filter(d -> d.model().version().equals(version) && d.verdict().window() > after
                && d.verdict().window() <= upTo).toList();
    }

    private static long windows(ModelMonitor monitor, String version) {
        return monitor.snapshot().model("weather", version).map(m -> m.drift().windows()).orElse(0L);
    }

    private void summary(ModelSnapshot s) {
        step("what the monitor measured on " + s.model().name() + " " + s.model().version());
        out.println("requests " + s.requests() + ", errors " + s.errors() + ", latency p50 "
                + fmt(s.latency().quantileNanos(0.5) / 1e3) + " us, p99 " + fmt(s.latency().quantileNanos(0.99) / 1e3)
                + " us; drift windows " + s.drift().windowsDrifted() + " of " + s.drift().windows());
    }

    private boolean has(Class<? extends RolloutEvent> type) {
        return count(type) > 0;
    }

    private int count(Class<? extends RolloutEvent> type) {
        return (int) rollout.stream().filter(type::isInstance).count();
    }

    private void step(String what) {
        out.println("\n== " + what);
    }

    private static List<Observation> shuffled(List<Observation> observations) {
        List<Observation> copy = new ArrayList<>(observations);
        Collections.shuffle(copy, new Random(2026));
        return List.copyOf(copy);
    }

    private static String fmt(double v) {
        return String.format("%.3f", v);
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void await(String what, BooleanSupplier done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within 60 s: " + what);
            }
            pause();
        }
    }

    private static void move(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.move(from, to);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    private static void clean(Path work) {
        if (!Files.exists(work)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(work)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot empty " + work + ": " + e.getMessage(), e);
        }
    }
}
