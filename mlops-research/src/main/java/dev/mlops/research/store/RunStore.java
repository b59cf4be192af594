// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of every train, evaluate and export run: in a SQLite file ({@code jdbc:sqlite:/path/runs.db}, the
 * default, readable by Python's {@code sqlite3}) or a PostgreSQL database
 * ({@code jdbc:postgresql://host:5432/db?user=u&password=p}). The schema is documented in
 * {@code docs/research/run-store.md} for readers in other languages.
 *
 * <p>Each write is atomic: a run with its datasets and metrics is all there or not at all. A run is either recorded in
 * one go ({@link #record}) or started ({@link #start}, status running) and later finished ({@link #finish}, succeeded
 * or failed), so that a run that fails is recorded as failed, not lost. Closing a store marks the runs it started and
 * did not finish as failed. Several processes may write one SQLite file at once: the store uses WAL journaling and a
 * 60-second busy timeout, and takes the write lock at the start of each write transaction.
 *
 * <p>Use try-with-resources: <pre>{@code
 * try (RunStore store = RunStore.open("jdbc:sqlite:/work/runs.db")) {
 *     RunRecord run = store.start(NewRun.newBuilder("weather", buildId, "train").config(config).build());
 *     store.finish(run.runId(), RunOutcome.succeeded(metrics));
 * }
 * }</pre>
 *
 * <p>Thread-safe: one store may be shared by threads; its operations run one at a time on one connection.
 *
 * @since 0.2.0
 */
public interface RunStore extends AutoCloseable {

    /**
     * Opens a store, creating and migrating a fresh, empty database, and refusing a store with an older schema
     * ({@link SchemaPolicy#REFUSE_OLDER}).
     *
     * @param url {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P} (add
     *     {@code currentSchema=NAME} to keep the run store in its own PostgreSQL schema)
     * @return the open store
     * @throws StoreAccessException when the URL's scheme is neither, the SQLite file or its directory is missing or
     *     read-only, or the PostgreSQL server cannot be reached or refuses the credentials
     * @throws SchemaVersionException when the store's schema is older or newer than this SDK's
     * @throws RunStoreException when the database holds tables that are not a run store's, or a migration fails
     * @since 0.2.0
     */
    static RunStore open(String url) {
        return open(url, SchemaPolicy.REFUSE_OLDER);
    }

    /**
     * Opens a store with a policy for an older schema.
     *
     * @param url {@code jdbc:sqlite:PATH} or {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P}
     * @param policy {@link SchemaPolicy#MIGRATE} to migrate an older schema, {@link SchemaPolicy#REFUSE_OLDER} to refuse it
     * @return the open store
     * @throws StoreAccessException when the store cannot be reached, opened or written
     * @throws SchemaVersionException when the schema is newer than this SDK's, or older and the policy refuses it
     * @throws RunStoreException when the database holds tables that are not a run store's, or a migration fails
     * @since 0.2.0
     */
    static RunStore open(String url, SchemaPolicy policy) {
        return JdbcRunStore.open(url, policy, JdbcRunStore.MIGRATIONS);
    }

    /**
     * Returns the URL of a SQLite store in a file.
     *
     * @param file the database file, for example {@code runs.db}
     * @return {@code jdbc:sqlite:} and the file's absolute path
     * @since 0.2.0
     */
    static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /**
     * Redacts the password of a store URL, for messages and logs.
     *
     * @param url a JDBC URL
     * @return the URL with the value of every {@code password}-like parameter, and of a {@code user:password@} part,
     *     replaced by {@code ***}
     * @since 0.2.0
     */
    static String redact(String url) {
        return StoreUrl.redact(url);
    }

    /**
     * Returns the store's URL.
     *
     * @return the JDBC URL, any password replaced by {@code ***}
     * @since 0.2.0
     */
    String url();

    /**
     * Returns the store's schema version, which is this SDK's once the store is open.
     *
     * @return the version of the newest migration applied
     * @since 0.2.0
     */
    int schemaVersion();

    /**
     * Records a run as started: status running, no end time, no metrics yet.
     *
     * @param run what is known of the run at its start
     * @return the run as stored
     * @throws RunStateException when a run with the given run id exists already
     * @throws StoreAccessException when the store cannot be written
     * @throws RunStoreException when the write fails otherwise; nothing of the run is stored then
     * @since 0.2.0
     */
    RunRecord start(NewRun run);

    /**
     * Finishes a running run: sets its status, end time, metrics and, for an export, delivery id, in one transaction.
     *
     * @param runId the run
     * @param outcome how it ended
     * @return the run as stored
     * @throws UnknownRunException when no run has that id
     * @throws RunStateException when the run has finished already (a finished run is never changed)
     * @throws StoreAccessException when the store cannot be written
     * @throws RunStoreException when the write fails otherwise; the run stays as it was then
     * @since 0.2.0
     */
    RunRecord finish(String runId, RunOutcome outcome);

    /**
     * Records a finished run in one transaction, for example an export made elsewhere.
     *
     * @param run what is known of the run
     * @param outcome how it ended; the end time is now
     * @return the run as stored
     * @throws RunStateException when a run with the given run id exists already
     * @throws StoreAccessException when the store cannot be written
     * @throws RunStoreException when the write fails otherwise; nothing of the run is stored then
     * @since 0.2.0
     */
    RunRecord record(NewRun run, RunOutcome outcome);

    /**
     * Looks a run up.
     *
     * @param runId the run id
     * @return the run, or empty when no run has that id
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    Optional<RunRecord> find(String runId);

    /**
     * Reads a run that must exist.
     *
     * @param runId the run id
     * @return the run
     * @throws UnknownRunException naming the run when no run has that id
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    RunRecord get(String runId);

    /**
     * Returns the history of a model: all its runs, newest first (by start time, then run id).
     *
     * @param modelName the model
     * @return its runs; empty when the store has none of that model
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    List<RunRecord> history(String modelName);

    /**
     * Returns the names of the models the store has runs of.
     *
     * @return the names, sorted
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    List<String> models();

    /**
     * Puts runs side by side: metrics by name, dataset, split and slice across the runs.
     *
     * @param runIds the runs, in the order to show them; at least one
     * @return the comparison
     * @throws UnknownRunException naming the first id that no run has
     * @throws IllegalArgumentException when the list is empty
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    RunComparison compare(List<String> runIds);

    /**
     * Finds the best succeeded run of a model by one metric on one dataset.
     *
     * @param query the model, metric, dataset, direction and optional split, slice and task
     * @return the run with the best value (the newest of equals), or empty when no succeeded run measured it
     * @throws StoreAccessException when the store cannot be read
     * @since 0.2.0
     */
    Optional<RunRecord> best(BestRunQuery query);

    /**
     * Marks the runs this store started and did not finish as failed, then closes the connection. Idempotent; never
     * throws (a failure is logged).
     *
     * @since 0.2.0
     */
    @Override
    void close();
}
