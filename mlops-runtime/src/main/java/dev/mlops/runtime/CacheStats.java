// SPDX-License-Identifier: Apache-2.0
package dev.mlops.runtime;

/**
 * A snapshot of the model cache.
 *
 * <p>Immutable and thread-safe.
 *
 * @param hits opens served by a model already loaded
 * @param misses opens that had to load (and gate) a model
 * @param evictions models dropped by size or idle time
 * @param cachedModels models in the cache now
 * @param openSessions native sessions alive now, in the cache or held by callers
 * @since 0.1.0
 */
public record CacheStats(long hits, long misses, long evictions, long cachedModels, long openSessions) {
}
