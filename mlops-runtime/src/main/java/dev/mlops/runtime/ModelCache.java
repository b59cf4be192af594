// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.mlops.api.RuntimeModel;
import dev.mlops.metadata.bundle.BundleStamp;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jspecify.annotations.Nullable;

/**
 * The loaded models of one runtime, by delivery id, each holding the cache's lease; and what makes a re-open cheap:
 * the stamp of each source path when its copy was verified, and the delivery id of each repository entry.
 *
 * <p>Every operation that hands out or publishes a model runs under the read side of one lock and checks that the
 * cache is open; {@link #close()} takes the write side, marks it closed and lets go of every model. So once close
 * returns nothing can enter the cache again, and no lease can be handed out of it: an open that was still loading
 * releases its fresh model instead of publishing it. Thread-safe.
 */
final class ModelCache {
    private final Cache<String, LoadedModel> models;
    private final Cache<Path, BundleStamp> stamps;
    private final Cache<String, String> idsByNameVersion;
    private final LongAdder evictions = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed; // guarded by lock

    ModelCache(long maximumModels, Duration expireAfterIdle) {
        this.models = Caffeine.newBuilder()
                .maximumSize(maximumModels)
                .expireAfterAccess(expireAfterIdle)
                .executor(Runnable::run)
                .removalListener((@Nullable String id, @Nullable LoadedModel model, RemovalCause cause) -> {
                    if (cause.wasEvicted()) {
                        evictions.increment();
                    }
                    if (model != null) {
                        model.release(); // the cache's lease; callers' leases keep the session until they finish
                    }
                })
                .build();
        this.stamps = Caffeine.newBuilder().maximumSize(4 * maximumModels).build();
        this.idsByNameVersion = Caffeine.newBuilder().maximumSize(4 * maximumModels).build();
    }

    /**
     * Hands out a lease on the cached model of a delivery, counting a hit.
     *
     * @throws IllegalStateException when the cache is closed
     */
    Optional<RuntimeModel> lease(String deliveryId) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw closedError();
            }
            LoadedModel cached = models.getIfPresent(deliveryId);
            if (cached != null && cached.acquire()) {
                hits.increment();
                return Optional.of(new ModelHandle(cached));
            }
            return Optional.empty();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Hands out a lease on the model last verified from {@code source}, when the source still has that stamp. */
    Optional<RuntimeModel> leaseUnchanged(Path source, Optional<BundleStamp> stamp) {
        if (stamp.isPresent() && stamp.get().equals(stamps.getIfPresent(source))) {
            return lease(stamp.get().deliveryId());
        }
        return Optional.empty();
    }

    /** Hands out a lease on the model last opened for a repository entry. */
    Optional<RuntimeModel> leaseEntry(String nameAtVersion) {
        String id = idsByNameVersion.getIfPresent(nameAtVersion);
        return id == null ? Optional.empty() : lease(id);
    }

    /** Remembers which delivery a repository entry holds. */
    void rememberEntry(String nameAtVersion, String deliveryId) {
        idsByNameVersion.put(nameAtVersion, deliveryId);
    }

    /**
     * Remembers how a source looked when it was stamped, before the staged copy that then verified: a later open that
     * finds the same stamp may use the cached model without reading the bundle again. A source that changed while it
     * was staged gets a stamp that no longer matches, which only costs the next open a full read.
     */
    void rememberStamp(Path source, Optional<BundleStamp> stamp, String verifiedId) {
        if (stamp.isPresent() && stamp.get().deliveryId().equals(verifiedId)) {
            stamps.put(source, stamp.get());
        } else {
            stamps.invalidate(source);
        }
    }

    /**
     * Publishes a freshly loaded model, taking over the lease its loader holds, and hands out a lease on it (or on the
     * model a racing thread published first). The handle's lease is taken before the cache can see the model, so an
     * eviction right after the put cannot close it.
     *
     * @throws IllegalStateException when the cache is closed; the fresh model is released first
     */
    RuntimeModel publish(LoadedModel fresh) {
        lock.readLock().lock();
        try {
            if (closed) {
                fresh.release();
                throw closedError();
            }
            misses.increment();
            if (!fresh.acquire()) { // cannot fail: the load's lease is still held
                throw new IllegalStateException("a freshly loaded model was already closed: " + fresh);
            }
            for (;;) {
                LoadedModel existing = models.asMap().putIfAbsent(fresh.deliveryId(), fresh);
                if (existing == null) {
                    return new ModelHandle(fresh); // the cache owns the load's lease, the handle its own
                }
                if (existing.acquire()) {
                    fresh.release(); // another thread loaded the same delivery first: use its session
                    fresh.release();
                    return new ModelHandle(existing);
                }
                models.asMap().remove(fresh.deliveryId(), existing);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Lets go of every cached model; sessions in use close when their last caller lets go. */
    void invalidateAll() {
        models.invalidateAll();
        models.cleanUp();
    }

    /** @return a snapshot of the counters */
    CacheStats stats() {
        models.cleanUp();
        return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), models.estimatedSize(),
                LoadedModel.openSessions());
    }

    /** @throws IllegalStateException when closed */
    void ensureOpen() {
        if (isClosed()) {
            throw closedError();
        }
    }

    boolean isClosed() {
        lock.readLock().lock();
        try {
            return closed;
        } finally {
            lock.readLock().unlock();
        }
    }

    static IllegalStateException closedError() {
        return new IllegalStateException("this ModelRuntime is closed");
    }

    /** Closes the cache: nothing enters it again, and every model it holds is let go. Idempotent. */
    void close() {
        lock.writeLock().lock();
        try {
            closed = true;
            invalidateAll();
            stamps.invalidateAll();
            idsByNameVersion.invalidateAll();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
