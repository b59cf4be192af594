// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime.repository;

import dev.mlops.api.version.ModelVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread behind {@link ModelRepository#watch}: rescans on file-system events (debounced) or every poll interval,
 * and reports what changed since its own last scan. Never interrupts a scan: closing signals the thread and closes
 * the watch service, then joins.
 */
final class Watcher implements RepositoryWatch {
    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);
    /** How deep under the root directories are watched: name, version, and the bundle's own folders. */
    private static final int WATCH_DEPTH = 8;

    private final Scanner scanner;
    private final Path root;
    private final RepositoryListener listener;
    private final Duration pollInterval;
    private final Duration debounce;
    private final Runnable onClose;
    private final @Nullable WatchService service;
    private final WatchMode mode;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);

    private final Map<String, RepositoryEntry> seen = new LinkedHashMap<>();
    private final Map<Path, String> seenSkipped = new HashMap<>();
    /** The keys of the watched directories; touched by the constructor's thread, then only by the watch's. */
    private final Set<WatchKey> registered = new HashSet<>();
    /** What the first scan, made by {@link #start()}, found: delivered first by the watch's thread. */
    private List<RepositoryEvent> initial = List.of();

    Watcher(Scanner scanner, Path root, RepositoryListener listener, WatchMode requested, Duration pollInterval,
            Duration debounce, Runnable onClose) {
        this.scanner = scanner;
        this.root = root;
        this.listener = listener;
        this.pollInterval = pollInterval;
        this.debounce = debounce;
        this.onClose = onClose;
        WatchService ws = null;
        if (requested == WatchMode.WATCH_SERVICE) {
            try {
                ws = root.getFileSystem().newWatchService();
            } catch (IOException | UnsupportedOperationException e) {
                LOG.info("model repository {}: no watch service ({}); polling every {}", root, e, pollInterval);
            }
        }
        this.service = ws;
        this.mode = ws == null ? WatchMode.POLLING : WatchMode.WATCH_SERVICE;
        this.thread = new Thread(this::run, "mlops-repository-watch " + root);
        thread.setDaemon(true);
    }

    /** Registers the tree before the thread starts, so that every change after {@code watch} returns is seen. */
    void start() {
        register(); // before the thread starts: Thread.start orders these writes before the thread's reads
        initial = diff(); // the first scan too, so that a change made as soon as watch returns is a change
        thread.start();
    }

    @Override
    public WatchMode mode() {
        return mode;
    }

    @Override
    public boolean isRunning() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        stop.countDown();
        if (service != null) {
            try {
                service.close(); // wakes a poll() in progress with ClosedWatchServiceException
            } catch (IOException e) {
                LOG.debug("model repository {}: closing the watch service: {}", root, e.toString());
            }
        }
        if (Thread.currentThread() != thread) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        onClose.run();
    }

    private void run() {
        try {
            deliver(initial);
            while (!closed.get()) {
                if (service == null) {
                    if (stop.await(pollInterval.toNanos(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                } else if (!register()) { // a new directory: rescan for what was written before it was watched
                    WatchKey key = service.poll(pollInterval.toNanos(), TimeUnit.NANOSECONDS);
                    if (key != null) {
                        drain(key);
                        WatchKey more;
                        while ((more = service.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                            drain(more); // still changing: wait until the file system is quiet for the debounce
                        }
                    }
                }
                if (!closed.get()) {
                    rescan();
                }
            }
        } catch (ClosedWatchServiceException | InterruptedException e) {
            LOG.debug("model repository {}: watch stopped", root);
        } catch (RuntimeException | Error e) {
            LOG.error("model repository {}: watch failed and stopped", root, e);
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    /**
     * Registers every directory of the tree; registering one again is a no-op, one that vanished is skipped.
     *
     * @return whether a directory not watched before was registered
     */
    private boolean register() {
        WatchService ws = service;
        if (ws == null) {
            return false;
        }
        registered.removeIf(k -> !k.isValid());
        boolean added = false;
        try (Stream<Path> dirs = Files.walk(root, WATCH_DEPTH)) {
            for (Path dir : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
                try {
                    added |= registered.add(dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE,
                            StandardWatchEventKinds.ENTRY_DELETE, StandardWatchEventKinds.ENTRY_MODIFY));
                } catch (IOException e) {
                    LOG.debug("model repository {}: cannot watch {}: {}", root, dir, e.toString());
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.debug("model repository {}: cannot walk: {}", root, e.toString()); // changing; the next scan sees it
        }
        return added;
    }

    private void rescan() {
        deliver(diff());
    }

    /** Scans, and returns what changed since the last scan (everything, at the first). */
    private List<RepositoryEvent> diff() {
        Scan scan = scanner.scan();
        List<RepositoryEvent> events = new ArrayList<>();
        Map<String, RepositoryEntry> now = new LinkedHashMap<>();
        for (RepositoryEntry e : scan.entries()) {
            now.put(key(e.name(), e.version()), e);
        }
        for (Map.Entry<String, RepositoryEntry> old : seen.entrySet()) {
            if (!now.containsKey(old.getKey())) {
                events.add(new RepositoryEvent.Removed(old.getValue()));
            }
        }
        for (Map.Entry<String, RepositoryEntry> e : now.entrySet()) {
            Optional<RepositoryEntry> before = Optional.ofNullable(seen.get(e.getKey()));
            if (before.isEmpty()) {
                events.add(new RepositoryEvent.Added(e.getValue()));
            } else if (!before.get().deliveryId().equals(e.getValue().deliveryId())
                    || !before.get().path().equals(e.getValue().path())) {
                events.add(new RepositoryEvent.Changed(before.get(), e.getValue()));
            }
        }
        Map<Path, String> skippedNow = new HashMap<>();
        for (SkippedBundle s : scan.skipped()) {
            skippedNow.put(s.path(), s.reason());
            if (!s.reason().equals(seenSkipped.get(s.path()))) {
                events.add(new RepositoryEvent.Skipped(s));
            }
        }
        seen.clear();
        seen.putAll(now);
        seenSkipped.clear();
        seenSkipped.putAll(skippedNow);
        return events;
    }

    private void deliver(List<RepositoryEvent> events) {
        for (RepositoryEvent event : events) {
            if (closed.get()) {
                return;
            }
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("model repository {}: listener failed on {}", root, event, e);
            }
        }
    }

    private static String key(String name, ModelVersion version) {
        return name + "@" + version;
    }
}
