// SPDX-License-Identifier: Apache-2.0
package dev.mlops.spark;

import dev.mlops.api.AdequacyFailureException;
import dev.mlops.api.InvalidBundleException;
import dev.mlops.api.RuntimeModel;
import dev.mlops.metadata.bundle.BundleReader;
import dev.mlops.metadata.bundle.BundleStamp;
import dev.mlops.runtime.ModelRuntime;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM, one per delivery id: opened once (verified, gated), leased by every task that scores with
 * it, and closed when the last lease has been idle for the keep-alive, or at JVM shutdown.
 *
 * <p>Thread-safe: tasks acquire and release concurrently; a delivery is opened by one thread while the others wait.
 */
final class ExecutorModels {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
    private static final Map<String, Entry> ENTRIES = new ConcurrentHashMap<>();
    private static final AtomicLong OPENS = new AtomicLong();
    private static final ScheduledExecutorService CLOSER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mlops-spark-idle-close");
        t.setDaemon(true);
        return t;
    });

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "mlops-spark-shutdown"));
    }

    private ExecutorModels() {
    }

    /** Where a task finds its copy of the bundle, fetched only when this JVM has not opened the delivery yet. */
    interface Fetch {
        /** @return a local bundle directory or zip */
        Path localCopy();

        /** Deletes a copy once the runtime has staged its own; a shipped file stays where Spark put it. */
        void discard(Path copy);
    }

    /** One delivery's model and its leases; guarded by its own monitor. */
    private static final class Entry {
        private final String deliveryId;
        private @Nullable ModelRuntime runtime;
        private @Nullable RuntimeModel model;
        private int leases;
        private @Nullable ScheduledFuture<?> idleClose;
        private final AtomicLong opens = new AtomicLong();

        Entry(String deliveryId) {
            this.deliveryId = deliveryId;
        }
    }

    /** A task's hold on a model; closing it twice releases once. */
    static final class Lease implements AutoCloseable {
        private final Entry entry;
        private final RuntimeModel model;
        private final long keepAliveMillis;
        private final AtomicBoolean released = new AtomicBoolean();

        private Lease(Entry entry, RuntimeModel model, long keepAliveMillis) {
            this.entry = entry;
            this.model = model;
            this.keepAliveMillis = keepAliveMillis;
        }

        RuntimeModel model() {
            return model;
        }

        @Override
        public void close() {
            if (released.compareAndSet(false, true)) {
                release(entry, keepAliveMillis);
            }
        }
    }

    /**
     * Leases the model of a delivery, opening it (fetch, delivery check, verification, adequacy gate) when this JVM
     * holds none.
     *
     * @param deliveryId the delivery id the driver read
     * @param fetch obtains a local copy of the bundle
     * @param location where the copy comes from, for messages
     * @param keepAliveMillis how long the model stays open after its last lease is released
     * @throws DeliveryMismatchException when the copy is another delivery or fails verification
     * @throws ExecutorAdequacyException when an adequacy case fails on this executor
     */
    static Lease acquire(String deliveryId, Fetch fetch, String location, long keepAliveMillis) {
        Entry e = ENTRIES.computeIfAbsent(deliveryId, Entry::new);
        synchronized (e) {
            if (e.idleClose != null) {
                e.idleClose.cancel(false);
                e.idleClose = null;
            }
            if (e.model == null) {
                open(e, fetch, location);
            }
            e.leases++;
            return new Lease(e, java.util.Objects.requireNonNull(e.model), keepAliveMillis);
        }
    }

    private static void open(Entry e, Fetch fetch, String location) {
        String where = location + " on " + host();
        long start = System.nanoTime();
        Path copy = fetch.localCopy();
        try {
            open(e, copy, where, start);
        } finally {
            fetch.discard(copy);
        }
    }

    private static void open(Entry e, Path copy, String where, long start) {
        Optional<BundleStamp> stamp = BundleReader.standard().stamp(copy);
        if (stamp.isEmpty()) {
            throw new DeliveryMismatchException(where, e.deliveryId, "the copy has no readable manifest.json");
        }
        if (!stamp.get().deliveryId().equals(e.deliveryId)) {
            throw new DeliveryMismatchException(where, e.deliveryId, "its manifest declares "
                    + stamp.get().deliveryId());
        }
        ModelRuntime runtime = ModelRuntime.newBuilder().build();
        RuntimeModel model;
        try {
            model = runtime.open(copy);
        } catch (AdequacyFailureException ex) {
            runtime.close();
            throw new ExecutorAdequacyException(where, e.deliveryId, ex); // the report does not serialize
        } catch (InvalidBundleException ex) {
            runtime.close();
            throw new DeliveryMismatchException(where, e.deliveryId, "the copy fails verification: "
                    + ex.getMessage(), ex);
        } catch (RuntimeException | Error ex) {
            runtime.close();
            throw ex;
        }
        if (!model.deliveryId().equals(e.deliveryId)) {
            String actual = model.deliveryId();
            model.close();
            runtime.close();
            throw new DeliveryMismatchException(where, e.deliveryId, "its files are delivery " + actual);
        }
        e.runtime = runtime;
        e.model = model;
        e.opens.incrementAndGet();
        OPENS.incrementAndGet();
        LOG.info("opened {} {} (delivery {}) from {} in {} ms on provider {}; adequacy cases passed",
                model.metadata().name(), model.metadata().version(), e.deliveryId, where,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), model.executionProvider());
    }

    private static void release(Entry e, long keepAliveMillis) {
        synchronized (e) {
            e.leases--;
            if (e.leases > 0 || e.model == null) {
                return;
            }
            if (keepAliveMillis <= 0) {
                close(e);
            } else {
                e.idleClose = CLOSER.schedule(() -> closeIfIdle(e), keepAliveMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void closeIfIdle(Entry e) {
        synchronized (e) {
            if (e.leases == 0) {
                close(e);
            }
        }
    }

    /** Closes an entry's model and runtime; the caller holds its monitor. */
    private static void close(Entry e) {
        RuntimeModel model = e.model;
        ModelRuntime runtime = e.runtime;
        e.model = null;
        e.runtime = null;
        e.idleClose = null;
        if (model != null) {
            model.close();
            LOG.info("closed delivery {}", e.deliveryId);
        }
        if (runtime != null) {
            runtime.close();
        }
    }

    private static void closeAll() {
        for (Entry e : ENTRIES.values()) {
            synchronized (e) {
                close(e);
            }
        }
    }

    /** @return how many times this JVM opened the delivery */
    static long opens(String deliveryId) {
        Entry e = ENTRIES.get(deliveryId);
        return e == null ? 0 : e.opens.get();
    }

    /** @return how many times this JVM opened any delivery */
    static long opens() {
        return OPENS.get();
    }

    /** @return whether this JVM holds the delivery open now */
    static boolean isOpen(String deliveryId) {
        Entry e = ENTRIES.get(deliveryId);
        if (e == null) {
            return false;
        }
        synchronized (e) {
            return e.model != null;
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "an unknown host";
        }
    }
}
