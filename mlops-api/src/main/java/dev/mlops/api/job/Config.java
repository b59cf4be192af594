// SPDX-License-Identifier: Apache-2.0
package dev.mlops.api.job;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The effective configuration of a job: a JSON object of sections (for example {@code model}, {@code train},
 * {@code evaluation}) after the file and every override were applied, with its canonical SHA-256.
 *
 * <p>Implementations are immutable and thread-safe. {@code mlops-research} provides the implementation
 * ({@code dev.mlops.research.config.ConfigLoader}).
 *
 * @since 0.2.0
 */
public interface Config {

    /**
     * Looks a value up by its dotted path, such as {@code train.epochs}.
     *
     * @param path member names separated by {@code .}
     * @return the value as a {@code String}, {@code Boolean}, {@code Long} (integral numbers), {@code Double}
     *     (other numbers), {@code List} or {@code Map} (unmodifiable, of the same kinds); empty when the path is
     *     absent or holds JSON {@code null}
     * @throws IllegalArgumentException when the path is empty or has an empty segment
     * @since 0.2.0
     */
    Optional<Object> get(String path);

    /**
     * Returns the SHA-256 of the canonical JSON form of this configuration (RFC 8785 style): the same whatever the key
     * order, whitespace or number spelling of the file; different as soon as one value differs.
     *
     * @return 64 lower-case hex digits
     * @since 0.2.0
     */
    String sha256();

    /**
     * Returns this configuration as pretty-printed JSON, ending in a newline.
     *
     * @return JSON text that any JSON reader (Python's {@code json} included) accepts
     * @since 0.2.0
     */
    String toJson();

    /**
     * Writes this configuration as pretty-printed JSON, atomically: readers see the old file or the whole new one.
     *
     * @param file the target; its directory must exist
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     * @since 0.2.0
     */
    void save(Path file);

    /**
     * Binds this configuration to a record type, checking every key and value against it.
     *
     * @param type a record whose components are the top-level sections
     * @param <T> the record type
     * @return the bound value
     * @throws dev.mlops.api.MlopsException (a subtype) listing every violation with its JSON path
     * @since 0.2.0
     */
    <T extends Record> T bind(Class<T> type);
}
