// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlops.api.MlopsException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.testkit.models.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads predict while the cache evicts and reloads the same models, and handles close under them. A session
 * closed during a run would crash the JVM; the lease count must prevent every such close.
 */
class ConcurrentEvictionTest {
    static final int THREADS = 8;
    static final int ITERATIONS = 150;

    @TempDir
    Path tmp;

    @Test
    void predictWhileEvictingAndReloading_endsWithNoErrorAndNoSessionLeft() throws Exception {
        long before = LoadedModel.openSessions();
        float[] slopes = {2f, 3f, -1f};
        List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < slopes.length; i++) {
            bundles.add(TestBundles.packed(tmp.resolve("m" + i), TestModels.linear(slopes[i], 1f, 1), "linear-" + i,
                    "1.0.0"));
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        AtomicLong predictions = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS + 2);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).maximumModels(1)
                .intraOpThreads(1).build()) {
            RuntimeModel shared = runtime.open(bundles.get(0)); // long-lived handle across evictions
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                long seed = t;
                futures.add(pool.submit(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    start.await();
                    for (int i = 0; i < ITERATIONS; i++) {
                        int which = random.nextInt(slopes.length);
                        float x = (float) random.nextInt(-100, 100);
                        try {
                            if (random.nextInt(4) == 0) {
                                check(shared.predict(new float[][] {{x}}), slopes[0] * x + 1f);
                            } else {
                                try (RuntimeModel m = runtime.open(bundles.get(which))) {
                                    check(m.predict(new float[][] {{x}, {x + 1}}), slopes[which] * x + 1f);
                                }
                            }
                            predictions.incrementAndGet();
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                start.await();
                while (!done.get()) {
                    runtime.evictAll();
                    Thread.sleep(2);
                }
                return null;
            }));
            start.countDown();
            for (int i = 0; i < THREADS; i++) {
                futures.get(i).get(120, TimeUnit.SECONDS);
            }
            done.set(true);
            futures.get(THREADS).get(10, TimeUnit.SECONDS);
            shared.close();
            assertThat(runtime.cacheStats().evictions() + runtime.cacheStats().misses()).isGreaterThan(3);
        } finally {
            pool.shutdownNow();
        }
        assertThat(errors).as("errors").isEmpty();
        assertThat(predictions.get()).isEqualTo((long) THREADS * ITERATIONS);
        assertThat(LoadedModel.openSessions()).as("sessions left open after shutdown").isEqualTo(before);
    }

    @Test
    void closingAHandleWhileOtherThreadsPredictOnIt_neverCrashes() throws Exception {
        long before = LoadedModel.openSessions();
        Path bundle = TestBundles.packed(tmp.resolve("m"), TestModels.mlp(7, 16, 64, 4), "mlp", "1.0.0");
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        AtomicLong refused = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (ModelRuntime runtime = ModelRuntime.newBuilder().providers(ExecutionProvider.CPU).build()) {
            for (int round = 0; round < 20; round++) {
                RuntimeModel handle = runtime.open(bundle);
                runtime.evictAll(); // the handle now holds the only lease but the callers' own
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    fs.add(pool.submit(() -> {
                        go.await();
                        for (int i = 0; i < 50; i++) {
                            try {
                                handle.predict(TestModels.mlp(7, 16, 64, 4).sampleInputs());
                            } catch (IllegalStateException closed) {
                                refused.incrementAndGet();
                            } catch (Throwable e) {
                                unexpected.add(e);
                            }
                        }
                        return null;
                    }));
                }
                go.countDown();
                Thread.sleep(1);
                handle.close();
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(unexpected).isEmpty();
        assertThat(LoadedModel.openSessions()).isEqualTo(before);
    }

    static void check(float[][] y, float expectedFirst) {
        if (Math.abs(y[0][0] - expectedFirst) > 1e-3f) {
            throw new AssertionError("expected " + expectedFirst + ", got " + y[0][0]);
        }
    }
}
