// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.metadata.bundle.Bundles;
import dev.mlops.testkit.models.TestModels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The concurrency run of issue 8 ("chaos run"): {@value #PREDICTORS} threads predict across {@code 6} models while the
 * cache holds {@value #MAXIMUM_MODELS}, and one chaos thread at random evicts every model, closes and re-opens shared
 * handles, opens by path and by name from a repository, and closes the whole {@link ModelRuntime} while an open is
 * in flight, replacing it with a new one that the predicting threads then pick up.
 *
 * <p>Every model computes {@code y = a*x + b} with small integers, so each output is checked exactly against the
 * model the handle's metadata names. An open on a closed runtime, or a predict on a closed handle, is an expected
 * refusal ({@link IllegalStateException} or {@link MlopsException} saying "closed"); anything else is an error. At
 * the end: no wrong output, no unexpected exception, as many native sessions as before, nothing cached by a closed
 * runtime, and no staged copy left. That the JVM is still alive to report it is the proof that no session was closed
 * under a running call.
 *
 * <p>{@code -Dmlops.chaos.seconds=N} sets the duration (default 3), {@code -Dmlops.chaos.seed=N} replays the random
 * choices of a run (the thread interleaving is the scheduler's and is not replayed). See {@code docs/concurrency.md}.
 */
class ChaosRunTest {
    static final String SECONDS_PROPERTY = "mlops.chaos.seconds";
    static final String SEED_PROPERTY = "mlops.chaos.seed";
    static final int PREDICTORS = 16;
    static final int MAXIMUM_MODELS = 2;
    static final int SHARED_SLOTS = 4;
    /** Threads that run the chaos thread's opens. */
    static final int OPENERS = 2;
    static final String VERSION = "1.0.0";
    /** The longest the chaos thread goes without replacing the runtime. */
    static final Duration REPLACE_AT_LEAST = Duration.ofMillis(500);

    /** The models, {@code y = a*x + b}; with integer x in [-1000, 1000] every value is an exact float. */
    static final List<Linear> MODELS = List.of(new Linear("chaos-0", 2, 1), new Linear("chaos-1", 3, -2),
            new Linear("chaos-2", -1, 10), new Linear("chaos-3", 5, 0), new Linear("chaos-4", -4, 3),
            new Linear("chaos-5", 7, -7));

    @TempDir
    Path tmp;

    @Test
    void predictWhileEvictingClosingHandlesAndReplacingTheRuntime_servesOnlyRightAnswersAndLeavesNothingBehind() {
        long seconds = Long.getLong(SECONDS_PROPERTY, 3L);
        long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
        System.out.println("chaos run: seed " + seed + ", " + seconds + " s (replay with -D" + SEED_PROPERTY + "="
                + seed + ")");
        Duration duration = Duration.ofSeconds(seconds);
        Report report = assertTimeoutPreemptively(duration.plusSeconds(120),
                () -> new Run(tmp, duration, seed).execute(),
                "the chaos run did not finish within its duration + 120 s (seed " + seed + ")");
        System.out.println(report.summary());
        if (!report.refusalKinds().isEmpty()) {
            System.out.println("chaos run refusals by kind: " + report.refusalKinds());
        }

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(report.wrongOutputs()).as("wrong outputs (seed %d): first ones %s", seed,
                report.wrongSamples()).isZero();
        soft.assertThat(report.unexpected()).as("unexpected exceptions (seed %d)", seed)
                .withFailMessage("%d unexpected exceptions (seed %d); the first ones:%n%s", report.unexpected().size(),
                        seed, describe(report.unexpected()))
                .isEmpty();
        soft.assertThat(report.threadsLeft()).as("worker threads still running after shutdownNow").isFalse();
        soft.assertThat(report.cachedAfterClose()).as("models still cached by closed runtimes (runtime-N: models) "
                + "(closing must let go of everything, also what an open in flight loads)").isEmpty();
        soft.assertThat(report.sessionsAfter()).as("native sessions alive after every handle and runtime was "
                + "closed (before the run: %d)", report.sessionsBefore()).isEqualTo(report.sessionsBefore());
        soft.assertThat(report.stagedLeft()).as("staged copies left under the staging roots").isEmpty();
        soft.assertThat(report.predictions()).as("predictions").isPositive();
        soft.assertThat(report.replacements()).as("runtime replacements").isPositive();
        // the name promises evictions too: a run that never made them proved nothing about them (handle closes are
        // not asserted: a loaded machine makes only a few a run, so that a bound would be flaky)
        soft.assertThat(report.evictAllCalls()).as("evictAll calls").isPositive();
        soft.assertThat(report.opensByPath()).as("opens by path").isPositive();
        soft.assertThat(report.opensByName()).as("opens by name from the repository").isPositive();
        soft.assertAll();
    }

    private static String describe(List<Throwable> errors) {
        StringBuilder out = new StringBuilder();
        for (Throwable e : errors.subList(0, Math.min(3, errors.size()))) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            out.append(w).append(System.lineSeparator());
        }
        return out.toString();
    }

    /** One model of the run: {@code y = a*x + b}. */
    record Linear(String name, int a, int b) {
        float expected(float x) {
            return a * x + b;
        }
    }

    /**
     * What a run measured.
     *
     * @param setup the time to build the bundles and the first runtime
     * @param duration the run, from the start of the threads to the last close
     * @param cachedAfterClose "runtime-N: M" for each closed runtime whose cache still holds models
     * @param cachedModelsAfterClose the models those caches hold in all
     * @param stagedLeft paths left under the staging roots, bookkeeping files excepted
     */
    record Report(long seed, Duration setup, Duration duration, long predictions, long rows, long openRefusals,
            long handleRefusals, long opensByPath, long opensByName, long evictAllCalls, long cacheEvictions,
            long handleCloses, long runtimeCloses, long replacements, long wrongOutputs, List<String> wrongSamples,
            List<Throwable> unexpected, Map<String, Long> refusalKinds, boolean threadsLeft,
            List<String> cachedAfterClose, long cachedModelsAfterClose, long sessionsBefore, long sessionsAfter,
            List<String> stagedLeft) {

        /** @return the one-line summary printed to stdout */
        String summary() {
            return String.format(Locale.ROOT, "chaos run: seed %d, setup %.1f s, duration %.1f s, predictions %d "
                    + "(%d rows), refusals %d (open on closed runtime %d, predict on closed handle %d), opens %d "
                    + "(path %d, name %d), evictAll %d (cache evictions %d), handle closes %d, runtime closes %d, "
                    + "runtime replacements %d | wrong outputs %d, unexpected exceptions %d, sessions before %d "
                    + "after %d, models still cached by closed runtimes %d, staged copies left %d",
                    seed, setup.toMillis() / 1000.0, duration.toMillis() / 1000.0, predictions, rows,
                    openRefusals + handleRefusals, openRefusals, handleRefusals, opensByPath + opensByName,
                    opensByPath, opensByName, evictAllCalls, cacheEvictions, handleCloses, runtimeCloses,
                    replacements, wrongOutputs, unexpected.size(), sessionsBefore, sessionsAfter,
                    cachedModelsAfterClose, stagedLeft.size());
        }
    }

    /** A handle the predictors share, and the runtime that opened it. */
    private record Shared(RuntimeModel handle, ModelRuntime runtime) {
    }

    /** Where a refused call was made: the answer decides whether the refusal was expected. */
    private enum Call { OPEN, OWN_HANDLE, SHARED_HANDLE }

    /** One run: the fixtures, the threads, the counters. */
    private static final class Run {
        private final Path sources;
        private final Path repository;
        private final Path staging;
        private final Duration duration;
        private final long seed;
        private final Map<String, Linear> byName = MODELS.stream()
                .collect(Collectors.toUnmodifiableMap(Linear::name, m -> m));

        private final AtomicReference<ModelRuntime> current = new AtomicReference<>();
        private final List<ModelRuntime> runtimes = new CopyOnWriteArrayList<>();
        /** Runtimes whose close has begun (added before {@code close()} is called). */
        private final Set<ModelRuntime> closing = ConcurrentHashMap.newKeySet();
        private final AtomicReferenceArray<Shared> shared = new AtomicReferenceArray<>(SHARED_SLOTS);
        private final Semaphore openers = new Semaphore(OPENERS);

        private final LongAdder predictions = new LongAdder();
        private final LongAdder rows = new LongAdder();
        private final LongAdder openRefusals = new LongAdder();
        private final LongAdder handleRefusals = new LongAdder();
        private final LongAdder opensByPath = new LongAdder();
        private final LongAdder opensByName = new LongAdder();
        private final LongAdder evictAllCalls = new LongAdder();
        private final LongAdder handleCloses = new LongAdder();
        private final LongAdder runtimeCloses = new LongAdder();
        private final LongAdder replacements = new LongAdder();
        private final LongAdder wrongOutputs = new LongAdder();
        private final ConcurrentLinkedQueue<String> wrongSamples = new ConcurrentLinkedQueue<>();
        private final ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        private final Map<String, LongAdder> refusalKinds = new ConcurrentHashMap<>();

        Run(Path tmp, Duration duration, long seed) {
            this.sources = tmp.resolve("sources");
            this.repository = tmp.resolve("repository");
            this.staging = tmp.resolve("staging");
            this.duration = duration;
            this.seed = seed;
        }

        Report execute() throws Exception {
            long setupStarted = System.nanoTime();
            for (Linear m : MODELS) {
                Path dir = TestBundles.packed(sources.resolve(m.name()), TestModels.linear(m.a(), m.b(), 1), m.name(),
                        VERSION);
                Bundles.pack(dir, repository.resolve(m.name()).resolve(VERSION + ".zip")); // by path: dir; by name: zip
            }
            Files.createDirectories(staging);
            SplittableRandom master = new SplittableRandom(seed);
            List<SplittableRandom> randoms = new ArrayList<>();
            for (int t = 0; t <= PREDICTORS; t++) {
                randoms.add(master.split());
            }
            ModelRuntime first = newRuntime();
            current.set(first);
            long sessionsBefore = first.cacheStats().openSessions();

            long started = System.nanoTime();
            Duration setup = Duration.ofNanos(started - setupStarted);
            long deadline = started + duration.toNanos();
            ExecutorService pool = Executors.newFixedThreadPool(PREDICTORS + 1, daemons("chaos-worker"));
            ExecutorService opener = Executors.newFixedThreadPool(OPENERS, daemons("chaos-opener"));
            boolean threadsLeft = false;
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < PREDICTORS; t++) {
                    SplittableRandom random = randoms.get(t);
                    futures.add(pool.submit(() -> {
                        start.await();
                        predictor(random, deadline);
                        return null;
                    }));
                }
                SplittableRandom chaosRandom = randoms.get(PREDICTORS);
                futures.add(pool.submit(() -> {
                    start.await();
                    chaos(chaosRandom, deadline, opener);
                    return null;
                }));
                start.countDown();
                for (Future<?> f : futures) {
                    try {
                        f.get(duration.toSeconds() + 60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        unexpected.add(e.getCause());
                    }
                }
                opener.shutdown(); // let the opens in flight finish: an interrupt would fail their file copies
                if (!opener.awaitTermination(60, TimeUnit.SECONDS)) {
                    unexpected.add(new AssertionError("opens still running 60 s after the run"));
                }
            } finally {
                pool.shutdownNow();
                opener.shutdownNow();
                threadsLeft = !pool.awaitTermination(30, TimeUnit.SECONDS)
                        | !opener.awaitTermination(30, TimeUnit.SECONDS);
                for (int k = 0; k < SHARED_SLOTS; k++) {
                    Shared h = shared.getAndSet(k, null);
                    if (h != null) {
                        h.handle().close();
                    }
                }
                for (ModelRuntime rt : runtimes) {
                    closing.add(rt);
                    rt.close();
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            long cacheEvictions = 0;
            long cachedModelsAfterClose = 0;
            List<String> cachedAfterClose = new ArrayList<>();
            for (int i = 0; i < runtimes.size(); i++) {
                CacheStats stats = runtimes.get(i).cacheStats();
                cacheEvictions += stats.evictions();
                cachedModelsAfterClose += stats.cachedModels();
                if (stats.cachedModels() != 0) {
                    cachedAfterClose.add("runtime-" + i + ": " + stats.cachedModels());
                }
            }
            long sessionsAfter = runtimes.get(runtimes.size() - 1).cacheStats().openSessions();
            Map<String, Long> kinds = new TreeMap<>();
            refusalKinds.forEach((k, v) -> kinds.put(k, v.sum()));
            return new Report(seed, setup, took, predictions.sum(), rows.sum(), openRefusals.sum(),
                    handleRefusals.sum(), opensByPath.sum(), opensByName.sum(), evictAllCalls.sum(), cacheEvictions,
                    handleCloses.sum(), runtimeCloses.sum(), replacements.sum(), wrongOutputs.sum(),
                    List.copyOf(wrongSamples), List.copyOf(unexpected), kinds, threadsLeft, cachedAfterClose,
                    cachedModelsAfterClose, sessionsBefore, sessionsAfter, stagedLeft());
        }

        /** A new runtime with its own staging root; called by the setup and the chaos thread only. */
        private ModelRuntime newRuntime() {
            ModelRuntime rt = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).maximumModels(MAXIMUM_MODELS)
                    .intraOpThreads(1).stagingRoot(staging.resolve("runtime-" + runtimes.size()))
                    .repository(repository).build();
            runtimes.add(rt);
            return rt;
        }

        /** Opens, predicts and closes its own handles, or predicts on a shared one, until the deadline. */
        private void predictor(SplittableRandom random, long deadline) {
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                try {
                    if (random.nextBoolean()) {
                        int k = random.nextInt(SHARED_SLOTS);
                        Shared h = shared.get(k);
                        if (h != null) {
                            try {
                                predictAndCheck(h.handle(), null, random);
                            } catch (RuntimeException e) {
                                // refused only once the chaos thread took it out to close it (or closed its runtime,
                                // should the lead's fix make a runtime's close end its handles)
                                classify(e, Call.SHARED_HANDLE, shared.get(k) != h || closing.contains(h.runtime()));
                            }
                            continue;
                        }
                    }
                    ModelRuntime rt = current.get();
                    Linear m = MODELS.get(random.nextInt(MODELS.size()));
                    RuntimeModel own;
                    try {
                        own = open(rt, m, random.nextBoolean());
                    } catch (RuntimeException e) {
                        classify(e, Call.OPEN, closing.contains(rt));
                        continue;
                    }
                    try (own) {
                        for (int i = 0, calls = random.nextInt(1, 9); i < calls; i++) {
                            try {
                                predictAndCheck(own, m.name(), random);
                            } catch (RuntimeException e) {
                                // today a handle outlives its runtime's close; should the lead's fix end that, a
                                // refusal after the close began is accepted, never one before it
                                classify(e, Call.OWN_HANDLE, closing.contains(rt));
                                break;
                            }
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            }
        }

        /**
         * Evicts, closes and re-opens shared handles, opens, and replaces the runtime at random until the deadline.
         * Its opens run on the opener threads, so that a slow load does not hold the chaos back.
         */
        private void chaos(SplittableRandom random, long deadline, ExecutorService opener) throws InterruptedException {
            long lastReplacement = System.nanoTime();
            while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
                ModelRuntime rt = current.get(); // only this thread replaces it, so it is open here
                // a replacement is also due after REPLACE_AT_LEAST, so that even a short run has some
                boolean due = System.nanoTime() - lastReplacement > REPLACE_AT_LEAST.toNanos();
                int p = due ? 99 : random.nextInt(100);
                Linear m = MODELS.get(random.nextInt(MODELS.size()));
                boolean byName = random.nextBoolean();
                int slot = random.nextInt(SHARED_SLOTS);
                try {
                    if (p < 30) {
                        rt.evictAll();
                        evictAllCalls.increment();
                    } else if (p < 50) {
                        Shared h = shared.getAndSet(slot, null);
                        if (h != null) {
                            h.handle().close();
                            handleCloses.increment();
                        }
                    } else if (p < 75) {
                        openAsync(opener, rt, m, byName, h -> {
                            Shared old = shared.getAndSet(slot, new Shared(h, rt));
                            if (old != null) {
                                old.handle().close();
                                handleCloses.increment();
                            }
                        });
                    } else if (p < 96) {
                        openAsync(opener, rt, m, byName, RuntimeModel::close);
                    } else {
                        lastReplacement = System.nanoTime();
                        replaceRuntime(rt, random, opener, m, byName);
                    }
                } catch (InterruptedException e) {
                    throw e;
                } catch (Throwable e) {
                    unexpected.add(e);
                }
                Thread.sleep(random.nextInt(1, 6));
            }
        }

        /**
         * Closes the runtime while an open on it is in flight (on an opener thread), and puts a new one in its place.
         * The new runtime is built first, so that the predictors find a closed one only for a moment.
         */
        private void replaceRuntime(ModelRuntime rt, SplittableRandom random, ExecutorService opener, Linear m,
                boolean byName) throws InterruptedException {
            if (random.nextBoolean()) {
                rt.evictAll(); // so that the racing open is a miss: staging, session, adequacy
                evictAllCalls.increment();
            }
            openAsync(opener, rt, m, byName, RuntimeModel::close);
            Thread.sleep(random.nextInt(0, 3));
            ModelRuntime next = newRuntime();
            closing.add(rt);
            rt.close();
            runtimeCloses.increment();
            current.set(next);
            replacements.increment();
        }

        /** Opens on an opener thread and hands the model on; skipped when every opener is busy. */
        private void openAsync(ExecutorService opener, ModelRuntime rt, Linear m, boolean byName,
                Consumer<RuntimeModel> then) {
            if (!openers.tryAcquire()) {
                return;
            }
            try {
                opener.execute(() -> {
                    try {
                        RuntimeModel h;
                        try {
                            h = open(rt, m, byName);
                        } catch (RuntimeException e) {
                            classify(e, Call.OPEN, closing.contains(rt));
                            return;
                        }
                        then.accept(h);
                    } catch (Throwable e) {
                        unexpected.add(e);
                    } finally {
                        openers.release();
                    }
                });
            } catch (RuntimeException e) {
                openers.release();
                throw e;
            }
        }

        private RuntimeModel open(ModelRuntime rt, Linear m, boolean byName) {
            if (byName) {
                RuntimeModel h = rt.open(m.name(), VERSION);
                opensByName.increment();
                return h;
            }
            RuntimeModel h = rt.open(sources.resolve(m.name()));
            opensByPath.increment();
            return h;
        }

        /** Predicts a batch of 1 to 4 integer rows and checks every output against the model the handle names. */
        private void predictAndCheck(RuntimeModel h, String expectedName, SplittableRandom random) {
            int n = random.nextInt(1, 5);
            float[][] x = new float[n][1];
            for (int i = 0; i < n; i++) {
                x[i][0] = random.nextInt(-1000, 1001);
            }
            float[][] y = h.predict(x);
            predictions.increment();
            rows.add(n);
            String name = h.metadata().name();
            Linear m = byName.get(name);
            if (m == null || expectedName != null && !expectedName.equals(name)) {
                wrong("opened " + expectedName + ", the handle names " + name);
                return;
            }
            if (y.length != n) {
                wrong(name + ": " + n + " rows in, " + y.length + " out");
                return;
            }
            for (int i = 0; i < n; i++) {
                float want = m.expected(x[i][0]);
                if (y[i].length != 1 || Float.compare(y[i][0], want) != 0) {
                    wrong(name + ": x " + x[i][0] + ", expected " + want + " (" + m.a() + "x + " + m.b() + "), got "
                            + Arrays.toString(y[i]));
                }
            }
        }

        private void wrong(String what) {
            wrongOutputs.increment();
            if (wrongSamples.size() < 10) {
                wrongSamples.add(what);
            }
        }

        /**
         * Counts an expected refusal, or records the exception as unexpected.
         *
         * @param allowed whether the runtime or handle was closed (or being closed) when the call was made
         */
        private void classify(Throwable e, Call call, boolean allowed) {
            if (allowed && isClosedRefusal(e)) {
                (call == Call.OPEN ? openRefusals : handleRefusals).increment();
                String kind = call + " " + e.getClass().getSimpleName() + ": "
                        + String.valueOf(e.getMessage()).replaceAll("chaos-\\d", "chaos-N");
                refusalKinds.computeIfAbsent(kind, k -> new LongAdder()).increment();
            } else {
                unexpected.add(new AssertionError(call + (allowed ? " refused, but not as closed" : " refused while "
                        + "the runtime or handle was open") + ": " + e, e));
            }
        }

        /**
         * The documented refusals: {@link IllegalStateException} (closed runtime) or {@link MlopsException} (closed
         * handle) whose message says closed. {@code ModelHandle} also answers "the model was released" when the handle
         * is closed between its closed check and its lease; that is the same refusal, worded differently.
         */
        private static boolean isClosedRefusal(Throwable e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return (e instanceof IllegalStateException || e instanceof MlopsException)
                    && (message.contains("closed") || e instanceof MlopsException && message.contains("released"));
        }

        /** The entries left in each runtime's staging root, lock files excepted: staged copies nobody deleted. */
        private List<String> stagedLeft() throws IOException {
            List<String> left = new ArrayList<>();
            for (int i = 0; i < runtimes.size(); i++) {
                Path root = staging.resolve("runtime-" + i);
                if (Files.isDirectory(root)) {
                    try (Stream<Path> entries = Files.list(root)) {
                        entries.filter(p -> !p.getFileName().toString().endsWith(".lock"))
                                .map(p -> staging.relativize(p).toString())
                                .forEach(left::add);
                    }
                }
            }
            left.sort(null);
            return left;
        }

        private static ThreadFactory daemons(String prefix) {
            AtomicInteger n = new AtomicInteger();
            return r -> {
                Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
        }
    }
}
