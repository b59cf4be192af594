// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.research.config.CanonicalJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The run store over JDBC: SQLite or PostgreSQL, one connection, operations one at a time. */
final class JdbcRunStore implements RunStore {
    static final String MIGRATIONS = "classpath:dev/mlops/research/store/migration";
    static final String HISTORY_TABLE = "runs_schema_history";
    static final int BUSY_TIMEOUT_MS = 60_000;
    private static final int MIGRATE_ATTEMPTS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRunStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final String ABANDONED = "the run store was closed before the run finished (its task neither "
            + "finished nor failed it: the process ended or an error escaped before RunStore.finish)";

    private final StoreUrl url;
    private final DataSource dataSource;
    private final int schemaVersion;
    private final Object lock = new Object();
    private final Set<String> startedHere = new LinkedHashSet<>();
    private @Nullable Connection connection;
    private boolean closed;

    private JdbcRunStore(StoreUrl url, DataSource dataSource, int schemaVersion) {
        this.url = url;
        this.dataSource = dataSource;
        this.schemaVersion = schemaVersion;
    }

    // ---------------------------------------------------------------------------------------------------- opening

    static RunStore open(String rawUrl, SchemaPolicy policy, String... migrationLocations) {
        Objects.requireNonNull(rawUrl, "url");
        Objects.requireNonNull(policy, "policy");
        StoreUrl url = StoreUrl.parse(rawUrl);
        DataSource dataSource = url.kind == StoreUrl.Kind.SQLITE ? sqlite(url) : postgresql(url);
        int version = migrate(url, dataSource, policy, migrationLocations);
        JdbcRunStore store = new JdbcRunStore(url, dataSource, version);
        synchronized (store.lock) {
            store.connection(); // fail now, not at the first write, when the store cannot be opened
        }
        LOG.debug("opened run store {} at schema version {}", url, version);
        return store;
    }

    private static DataSource sqlite(StoreUrl url) {
        Path file = url.sqliteFile().orElseThrow(() -> new StoreAccessException(url.redacted,
                "an in-memory SQLite database cannot hold run records: give a file, jdbc:sqlite:/path/runs.db"));
        Path dir = Objects.requireNonNull(file.getParent(), "an absolute path has a parent");
        if (!Files.isDirectory(dir)) {
            throw new StoreAccessException(url.redacted, "the directory " + dir + " does not exist");
        }
        if (Files.exists(file) && !Files.isWritable(file)) {
            throw new StoreAccessException(url.redacted, "the file " + file + " is read-only: a run store must be"
                    + " writable");
        }
        if (!Files.isWritable(dir)) {
            throw new StoreAccessException(url.redacted, "the directory " + dir + " is read-only: SQLite writes the"
                    + " database and its -wal and -shm files there");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url.raw);
        return ds;
    }

    private static DataSource postgresql(StoreUrl url) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        try {
            ds.setURL(url.raw);
        } catch (IllegalArgumentException e) {
            throw new StoreAccessException(url.redacted, "not a PostgreSQL JDBC URL: " + e.getMessage(), e);
        }
        if (url.parameter("loginTimeout").isEmpty()) {
            ds.setLoginTimeout(30);
        }
        return ds;
    }

    /** Brings the schema to this SDK's version as the policy allows; returns that version. */
    private static int migrate(StoreUrl url, DataSource dataSource, SchemaPolicy policy, String... locations) {
        FluentConfiguration config = Flyway.configure(JdbcRunStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations(locations)
                .table(HISTORY_TABLE)
                .loggers("slf4j")
                .cleanDisabled(true)
                .failOnMissingLocations(true);
        url.parameter("currentSchema").ifPresent(schema -> config.schemas(schema).defaultSchema(schema)
                .createSchemas(true));
        Flyway flyway = config.load();
        MigrationLock lock = url.kind == StoreUrl.Kind.SQLITE ? new MigrationLock(url) : null;
        try {
            return migrate(url, flyway, policy, locations, lock);
        } finally {
            if (lock != null) {
                lock.release();
            }
        }
    }

    private static int migrate(StoreUrl url, Flyway flyway, SchemaPolicy policy, String[] locations,
            @Nullable MigrationLock lock) {
        for (int attempt = 1; ; attempt++) {
            MigrationInfoService info;
            try {
                info = flyway.info();
            } catch (FlywayException e) {
                throw translate(url, "could not read the schema version", e);
            }
            int sdk = sdkVersion(info, locations);
            Optional<MigrationInfo> failed = Arrays.stream(info.all()).filter(i -> i.getState().isFailed()).findFirst();
            if (failed.isPresent()) {
                throw new RunStoreException(url.redacted, "migration " + failed.get().getVersion() + " ("
                        + failed.get().getDescription() + ") failed earlier and left the schema history marked"
                        + " failed; restore the database from its backup");
            }
            MigrationInfo current = info.current();
            if (current != null) {
                int store = version(current);
                if (store > sdk) {
                    throw new SchemaVersionException(url.redacted, store, sdk, "the schema version is " + store
                            + ", newer than this SDK's " + sdk + ": it was written by a newer mlops-java; use that"
                            + " version or newer (a store is never downgraded)");
                }
                if (store == sdk) {
                    return sdk;
                }
                if (policy == SchemaPolicy.REFUSE_OLDER) {
                    throw new SchemaVersionException(url.redacted, store, sdk, "the schema version is " + store
                            + ", older than this SDK's " + sdk + ": open it with SchemaPolicy.MIGRATE to migrate it"
                            + " (back the database up first: migrations are not reversible)");
                }
                LOG.info("migrating run store {} from schema version {} to {}", url, store, sdk);
            }
            if (lock != null && !lock.held()) {
                lock.acquire(); // then read the schema again: another process may have migrated it meanwhile
                attempt--;
                continue;
            }
            try {
                flyway.migrate();
                return sdk;
            } catch (FlywayException e) {
                // Two processes opening one fresh store race to create it; the loser reads the winner's schema.
                if (attempt >= MIGRATE_ATTEMPTS || !transientFailure(e)) {
                    throw translate(url, "could not create or migrate the schema", e);
                }
                LOG.debug("migration attempt {} of {} failed, reading the schema again", attempt, url, e);
                sleep(50L * attempt);
            }
        }
    }

    private static boolean transientFailure(FlywayException e) {
        String text = describe(e).toLowerCase(java.util.Locale.ROOT);
        return text.contains("already exists") || text.contains("busy") || text.contains("locked")
                || text.contains("duplicate") || text.contains("unique") || text.contains("constraint");
    }

    private static int sdkVersion(MigrationInfoService info, String... locations) {
        return Arrays.stream(info.all()).filter(i -> i.getState().isResolved() && i.getVersion() != null)
                .mapToInt(JdbcRunStore::version).max()
                .orElseThrow(() -> new IllegalStateException("no migrations found at " + String.join(", ", locations)));
    }

    private static int version(MigrationInfo info) {
        return Integer.parseInt(info.getVersion().getVersion());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while opening a run store", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- errors

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t.getMessage() != null) {
                sb.append(t.getMessage()).append('\n');
            }
        }
        return sb.toString();
    }

    private static @Nullable SQLException sqlCause(Throwable e) {
        Set<Throwable> seen = new java.util.HashSet<>();
        for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
            if (t instanceof SQLException s) {
                return s;
            }
        }
        return null;
    }

    /** Turns a database failure into a store exception that says what it means for the caller. */
    static RunStoreException translate(StoreUrl url, String doing, Throwable e) {
        SQLException sql = sqlCause(e);
        String message = firstLine(sql != null && sql.getMessage() != null ? sql.getMessage() : describe(e));
        if (sql != null) {
            String state = sql.getSQLState() == null ? "" : sql.getSQLState();
            if (url.kind == StoreUrl.Kind.SQLITE) {
                switch (sql.getErrorCode() & 0xff) {
                    case 8 -> {
                        return new StoreAccessException(url.redacted, doing + ": the database is read-only (" + message
                                + "); a run store's file and directory must be writable", e);
                    }
                    case 5, 6 -> {
                        return new StoreAccessException(url.redacted, doing + ": the database stayed locked by another"
                                + " process for longer than the busy timeout (" + BUSY_TIMEOUT_MS / 1000 + " s)", e);
                    }
                    case 14, 3, 23 -> {
                        return new StoreAccessException(url.redacted, doing + ": cannot open the file (" + message
                                + ")", e);
                    }
                    case 26 -> {
                        return new StoreAccessException(url.redacted, doing + ": the file is not a SQLite database", e);
                    }
                    default -> {
                        // not an access problem
                    }
                }
            } else if (state.startsWith("28")) {
                return new StoreAccessException(url.redacted, doing + ": the PostgreSQL server refused the credentials ("
                        + message + ")", e);
            } else if (state.startsWith("08")) {
                return new StoreAccessException(url.redacted, doing + ": cannot reach the PostgreSQL server ("
                        + message + ")", e);
            } else if (state.equals("3D000")) {
                return new StoreAccessException(url.redacted, doing + ": " + message, e);
            } else if (state.equals("25006")) {
                return new StoreAccessException(url.redacted, doing + ": the database is read-only (" + message + ")", e);
            }
        }
        if (describe(e).contains("non-empty schema")) {
            return new RunStoreException(url.redacted, doing + ": the database (or schema) holds tables but no run store"
                    + " schema history; give the run store an empty database, or for PostgreSQL its own schema"
                    + " (currentSchema=mlops in the URL)", e);
        }
        return new RunStoreException(url.redacted, doing + ": " + message, e);
    }

    private static String firstLine(String text) {
        String t = text.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl);
    }

    // ---------------------------------------------------------------------------------------------------- transactions

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Connection connection() {
        Connection c = connection;
        try {
            if (c == null || c.isClosed()) {
                c = dataSource.getConnection();
                c.setAutoCommit(true);
                connection = c;
            }
            return c;
        } catch (SQLException e) {
            throw translate(url, "could not connect", e);
        }
    }

    /**
     * Runs work in one transaction. SQLite write transactions start with BEGIN IMMEDIATE: the write lock is taken
     * (waiting up to the busy timeout) before anything is read, so two writers never deadlock on a lock upgrade.
     */
    private <T> T inTransaction(boolean write, String doing, Work<T> work) {
        synchronized (lock) {
            if (closed) {
                throw new RunStoreException(url.redacted, doing + ": the store is closed");
            }
            Connection c = connection();
            boolean sqlite = url.kind == StoreUrl.Kind.SQLITE;
            try {
                if (sqlite) {
                    try (Statement s = c.createStatement()) {
                        s.execute(write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
                    }
                } else {
                    c.setAutoCommit(false);
                    c.setTransactionIsolation(write ? Connection.TRANSACTION_READ_COMMITTED
                            : Connection.TRANSACTION_REPEATABLE_READ);
                }
                T result = work.run(c);
                if (sqlite) {
                    try (Statement s = c.createStatement()) {
                        s.execute("COMMIT");
                    }
                } else {
                    c.commit();
                    c.setAutoCommit(true);
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, sqlite);
                if (e instanceof RunStoreException r) {
                    throw r;
                }
                if (e instanceof RuntimeException r) {
                    throw r;
                }
                throw translate(url, doing, e);
            }
        }
    }

    private void rollback(Connection c, boolean sqlite) {
        try {
            if (sqlite) {
                if (!c.getAutoCommit()) {
                    c.rollback();
                } else {
                    try (Statement s = c.createStatement()) {
                        s.execute("ROLLBACK");
                    }
                }
            } else {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            // No transaction was open (BEGIN failed), or the connection is gone: drop it, the next call reconnects.
            LOG.debug("rollback on {} failed; reconnecting on the next call", url, e);
            closeQuietly(c);
            connection = null;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- writes

    @Override
    public RunRecord start(NewRun run) {
        Objects.requireNonNull(run, "run");
        String runId = run.runId().orElseGet(() -> UUID.randomUUID().toString());
        Instant startedAt = time(run.startedAt().orElseGet(Instant::now));
        RunRecord stored = inTransaction(true, "could not start run '" + runId + "'", c -> {
            insertRun(c, runId, run, startedAt, null, null);
            return read(c, runId).orElseThrow();
        });
        synchronized (lock) {
            startedHere.add(runId);
        }
        return stored;
    }

    @Override
    public RunRecord record(NewRun run, RunOutcome outcome) {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(outcome, "outcome");
        String runId = run.runId().orElseGet(() -> UUID.randomUUID().toString());
        Instant startedAt = time(run.startedAt().orElseGet(Instant::now));
        Instant endedAt = time(Instant.now());
        return inTransaction(true, "could not record run '" + runId + "'", c -> {
            insertRun(c, runId, run, startedAt, outcome, endedAt.isBefore(startedAt) ? startedAt : endedAt);
            insertMetrics(c, runId, outcome.metrics());
            return read(c, runId).orElseThrow();
        });
    }

    @Override
    public RunRecord finish(String runId, RunOutcome outcome) {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(outcome, "outcome");
        Instant endedAt = time(Instant.now());
        RunRecord stored = inTransaction(true, "could not finish run '" + runId + "'", c -> {
            RunStatus status = status(c, runId).orElseThrow(() -> new UnknownRunException(url.redacted, runId));
            if (status != RunStatus.RUNNING) {
                throw new RunStateException(url.redacted, runId, "has already " + status.wireName()
                        + "; a finished run is never changed");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = ?, error = ?, ended_at = ?,"
                    + " delivery_id = ? WHERE run_id = ? AND status = 'running'")) {
                ps.setString(1, statusOf(outcome).wireName());
                setOptional(ps, 2, errorOf(outcome));
                ps.setString(3, TIME.format(endedAt));
                setOptional(ps, 4, deliveryOf(outcome));
                ps.setString(5, runId);
                if (ps.executeUpdate() != 1) {
                    throw new RunStateException(url.redacted, runId, "was finished by another process meanwhile");
                }
            }
            insertMetrics(c, runId, outcome.metrics());
            return read(c, runId).orElseThrow();
        });
        synchronized (lock) {
            startedHere.remove(runId);
        }
        return stored;
    }

    private void insertRun(Connection c, String runId, NewRun run, Instant startedAt, @Nullable RunOutcome outcome,
            @Nullable Instant endedAt) throws SQLException {
        Optional<RunStatus> existing = status(c, runId);
        if (existing.isPresent()) {
            throw new RunStateException(url.redacted, runId, "exists already (status " + existing.get().wireName()
                    + "); run ids are never reused");
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO runs (run_id, model_name, model_version, build_id,"
                + " task, status, error, config_json, config_sha256, delivery_id, git_commit, git_branch, started_at,"
                + " ended_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, runId);
            ps.setString(2, run.modelName());
            setOptional(ps, 3, run.modelVersion());
            ps.setString(4, run.buildId());
            ps.setString(5, run.task());
            ps.setString(6, outcome == null ? RunStatus.RUNNING.wireName() : statusOf(outcome).wireName());
            setOptional(ps, 7, outcome == null ? Optional.empty() : errorOf(outcome));
            setOptional(ps, 8, run.configJson());
            setOptional(ps, 9, run.configSha256());
            setOptional(ps, 10, outcome == null ? Optional.empty() : deliveryOf(outcome));
            setOptional(ps, 11, run.gitCommit());
            setOptional(ps, 12, run.gitBranch());
            ps.setString(13, TIME.format(startedAt));
            setOptional(ps, 14, Optional.ofNullable(endedAt).map(TIME::format));
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO run_datasets (run_id, position, name, sha256, version) VALUES (?, ?, ?, ?, ?)")) {
            int position = 0;
            for (RunDataset d : run.datasets()) {
                ps.setString(1, runId);
                ps.setInt(2, position++);
                ps.setString(3, d.name());
                ps.setString(4, d.sha256());
                setOptional(ps, 5, d.version());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void insertMetrics(Connection c, String runId, List<RunMetric> metrics) throws SQLException {
        int position;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM run_metrics WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                position = rs.getInt(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO run_metrics (run_id, position, name, value, dataset,"
                + " split, slice_json) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (RunMetric m : metrics) {
                ps.setString(1, runId);
                ps.setInt(2, position++);
                ps.setString(3, m.name());
                ps.setDouble(4, m.value());
                setOptional(ps, 5, m.dataset());
                setOptional(ps, 6, m.split());
                setOptional(ps, 7, sliceJson(m.slice()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static RunStatus statusOf(RunOutcome outcome) {
        return outcome instanceof RunOutcome.Failed ? RunStatus.FAILED : RunStatus.SUCCEEDED;
    }

    private static Optional<String> errorOf(RunOutcome outcome) {
        return outcome instanceof RunOutcome.Failed f ? Optional.of(f.error()) : Optional.empty();
    }

    private static Optional<String> deliveryOf(RunOutcome outcome) {
        return outcome instanceof RunOutcome.Succeeded s ? s.deliveryId() : Optional.empty();
    }

    private static void setOptional(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
        if (value.isPresent()) {
            ps.setString(index, value.get());
        } else {
            ps.setNull(index, Types.VARCHAR);
        }
    }

    private static Instant time(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }

    static Optional<String> sliceJson(Map<String, String> slice) {
        if (slice.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode node = JSON.createObjectNode();
        slice.forEach(node::put);
        return Optional.of(CanonicalJson.write(node));
    }

    private Map<String, String> slice(@Nullable String json, String runId) {
        if (json == null) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> slice = new TreeMap<>();
            node.properties().forEach(e -> slice.put(e.getKey(), e.getValue().asText()));
            return slice;
        } catch (IOException e) {
            throw new RunStoreException(url.redacted, "run '" + runId + "': run_metrics.slice_json is not a JSON object: "
                    + json, e);
        }
    }

    // ---------------------------------------------------------------------------------------------------- reads

    private static Optional<RunStatus> status(Connection c, String runId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM runs WHERE run_id = ?")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(RunStatus.fromWireName(rs.getString(1))) : Optional.empty();
            }
        }
    }

    private static final String RUN_COLUMNS = "r.run_id, r.model_name, r.model_version, r.build_id, r.task, r.status,"
            + " r.error, r.config_json, r.config_sha256, r.delivery_id, r.git_commit, r.git_branch, r.started_at,"
            + " r.ended_at";

    /** Reads the runs that {@code where} selects from {@code runs r}, with their datasets and metrics, in its order. */
    private List<RunRecord> query(Connection c, String where, List<String> args) throws SQLException {
        Map<String, RunRow> rows = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs r " + where)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow row = new RunRow(rs);
                    rows.put(row.runId, row);
                }
            }
        }
        if (rows.isEmpty()) {
            return List.of();
        }
        String selected = "SELECT r.run_id FROM runs r " + where.replaceAll("(?i)ORDER BY.*$", "");
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, name, sha256, version FROM run_datasets WHERE"
                + " run_id IN (" + selected + ") ORDER BY run_id, position")) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow row = rows.get(rs.getString(1));
                    if (row != null) {
                        row.datasets.add(new RunDataset(rs.getString(2), rs.getString(3),
                                Optional.ofNullable(rs.getString(4))));
                    }
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT run_id, name, value, dataset, split, slice_json FROM"
                + " run_metrics WHERE run_id IN (" + selected + ") ORDER BY run_id, position")) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RunRow row = rows.get(rs.getString(1));
                    if (row != null) {
                        row.metrics.add(new RunMetric(rs.getString(2), rs.getDouble(3),
                                Optional.ofNullable(rs.getString(4)), Optional.ofNullable(rs.getString(5)),
                                slice(rs.getString(6), row.runId)));
                    }
                }
            }
        }
        List<RunRecord> out = new ArrayList<>(rows.size());
        for (RunRow row : rows.values()) {
            out.add(row.toRecord());
        }
        return out;
    }

    private static void bind(PreparedStatement ps, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            ps.setString(i + 1, args.get(i));
        }
    }

    private Optional<RunRecord> read(Connection c, String runId) throws SQLException {
        List<RunRecord> runs = query(c, "WHERE r.run_id = ?", List.of(runId));
        return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
    }

    @Override
    public Optional<RunRecord> find(String runId) {
        Objects.requireNonNull(runId, "runId");
        return inTransaction(false, "could not read run '" + runId + "'", c -> read(c, runId));
    }

    @Override
    public RunRecord get(String runId) {
        return find(runId).orElseThrow(() -> new UnknownRunException(url.redacted, runId));
    }

    @Override
    public List<RunRecord> history(String modelName) {
        Objects.requireNonNull(modelName, "modelName");
        return inTransaction(false, "could not read the history of model '" + modelName + "'", c -> query(c,
                "WHERE r.model_name = ? ORDER BY r.started_at DESC, r.run_id DESC", List.of(modelName)));
    }

    @Override
    public List<String> models() {
        return inTransaction(false, "could not list the models", c -> {
            List<String> names = new ArrayList<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT DISTINCT model_name FROM runs")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            names.sort(Comparator.naturalOrder());
            return List.copyOf(names);
        });
    }

    @Override
    public RunComparison compare(List<String> runIds) {
        List<String> ids = List.copyOf(runIds);
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("compare needs at least one run id");
        }
        return inTransaction(false, "could not compare runs " + ids, c -> {
            List<RunRecord> runs = new ArrayList<>();
            for (String id : ids) {
                runs.add(read(c, id).orElseThrow(() -> new UnknownRunException(url.redacted, id)));
            }
            return RunComparison.of(runs);
        });
    }

    @Override
    public Optional<RunRecord> best(BestRunQuery q) {
        Objects.requireNonNull(q, "query");
        List<String> args = new ArrayList<>(List.of(q.modelName(), q.metric(), q.dataset()));
        StringBuilder sql = new StringBuilder("SELECT r.run_id FROM runs r JOIN run_metrics m ON m.run_id = r.run_id"
                + " WHERE r.model_name = ? AND r.status = 'succeeded' AND m.name = ? AND m.dataset = ?");
        q.split().ifPresent(s -> {
            sql.append(" AND m.split = ?");
            args.add(s);
        });
        Optional<String> slice = sliceJson(q.slice());
        if (slice.isPresent()) {
            sql.append(" AND m.slice_json = ?");
            args.add(slice.get());
        } else {
            sql.append(" AND m.slice_json IS NULL");
        }
        q.task().ifPresent(t -> {
            sql.append(" AND r.task = ?");
            args.add(t);
        });
        sql.append(" ORDER BY m.value ").append(q.direction() == MetricDirection.HIGHER ? "DESC" : "ASC")
                .append(", r.started_at DESC, r.run_id DESC");
        return inTransaction(false, "could not find the best run of model '" + q.modelName() + "'", c -> {
            String best = null;
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                ps.setMaxRows(1);
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        best = rs.getString(1);
                    }
                }
            }
            return best == null ? Optional.<RunRecord>empty() : read(c, best);
        });
    }

    // ---------------------------------------------------------------------------------------------------- the rest

    @Override
    public String url() {
        return url.redacted;
    }

    @Override
    public int schemaVersion() {
        return schemaVersion;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            List<String> unfinished = List.copyOf(startedHere);
            for (String runId : unfinished) {
                try {
                    inTransaction(true, "could not mark run '" + runId + "' failed", c -> {
                        try (PreparedStatement ps = c.prepareStatement("UPDATE runs SET status = 'failed', error = ?,"
                                + " ended_at = ? WHERE run_id = ? AND status = 'running'")) {
                            ps.setString(1, ABANDONED);
                            ps.setString(2, TIME.format(time(Instant.now())));
                            ps.setString(3, runId);
                            return ps.executeUpdate();
                        }
                    });
                    LOG.warn("run store {}: run {} was not finished; recorded it as failed", url, runId);
                } catch (RuntimeException e) {
                    LOG.warn("run store {}: could not record unfinished run {} as failed", url, runId, e);
                }
            }
            startedHere.clear();
            closed = true;
            Connection c = connection;
            connection = null;
            if (c != null) {
                closeQuietly(c);
            }
        }
    }

    @Override
    public String toString() {
        return "RunStore[" + url.redacted + ", schema " + schemaVersion + "]";
    }

    /**
     * Serializes the creation and migration of one SQLite file across processes (a file lock on {@code FILE-migrate.lock}
     * beside it) and threads, so that two pipelines opening a fresh store at once do not both run the migrations. Taken
     * only when the schema needs work, and deleted once it is done: whoever takes a lock later reads the schema again
     * and finds it current.
     */
    private static final class MigrationLock {
        private static final Object IN_PROCESS = new Object();
        private static final Set<Path> IN_PROCESS_HELD = new java.util.HashSet<>();
        private final StoreUrl url;
        private final Path file;
        private @Nullable FileChannel channel;
        private @Nullable FileLock lock;
        private boolean monitor;

        MigrationLock(StoreUrl url) {
            this.url = url;
            Path db = url.sqliteFile().orElseThrow();
            this.file = db.resolveSibling(db.getFileName() + "-migrate.lock");
        }

        boolean held() {
            return lock != null;
        }

        void acquire() {
            try {
                FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                channel = ch;
                synchronized (IN_PROCESS) {
                    while (IN_PROCESS_HELD.contains(file)) {
                        IN_PROCESS.wait();
                    }
                    IN_PROCESS_HELD.add(file);
                    monitor = true;
                }
                lock = ch.lock();
            } catch (IOException e) {
                release();
                throw new StoreAccessException(url.redacted, "could not lock " + file + " to create or migrate the"
                        + " schema: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                release();
                throw new RunStoreException(url.redacted, "interrupted while waiting to migrate the schema", e);
            }
        }

        void release() {
            try {
                if (lock != null) {
                    Files.deleteIfExists(file);
                    lock.release();
                }
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                LOG.debug("releasing {} failed", file, e);
            } finally {
                lock = null;
                channel = null;
                if (monitor) {
                    synchronized (IN_PROCESS) {
                        IN_PROCESS_HELD.remove(file);
                        IN_PROCESS.notifyAll();
                    }
                    monitor = false;
                }
            }
        }
    }

    /** One row of {@code runs} while its datasets and metrics are read. */
    private final class RunRow {
        final String runId;
        final String modelName;
        final @Nullable String modelVersion;
        final String buildId;
        final String task;
        final String status;
        final @Nullable String error;
        final @Nullable String configJson;
        final @Nullable String configSha256;
        final @Nullable String deliveryId;
        final @Nullable String gitCommit;
        final @Nullable String gitBranch;
        final String startedAt;
        final @Nullable String endedAt;
        final List<RunDataset> datasets = new ArrayList<>();
        final List<RunMetric> metrics = new ArrayList<>();

        RunRow(ResultSet rs) throws SQLException {
            runId = rs.getString(1);
            modelName = rs.getString(2);
            modelVersion = rs.getString(3);
            buildId = rs.getString(4);
            task = rs.getString(5);
            status = rs.getString(6);
            error = rs.getString(7);
            configJson = rs.getString(8);
            configSha256 = rs.getString(9);
            deliveryId = rs.getString(10);
            gitCommit = rs.getString(11);
            gitBranch = rs.getString(12);
            startedAt = rs.getString(13);
            endedAt = rs.getString(14);
        }

        RunRecord toRecord() {
            try {
                return new RunRecord(runId, modelName, Optional.ofNullable(modelVersion), buildId, task,
                        RunStatus.fromWireName(status), Optional.ofNullable(error), datasets,
                        Optional.ofNullable(configJson), Optional.ofNullable(configSha256), metrics,
                        Instant.parse(startedAt), Optional.ofNullable(endedAt).map(Instant::parse),
                        Optional.ofNullable(deliveryId), Optional.ofNullable(gitCommit), Optional.ofNullable(gitBranch));
            } catch (RuntimeException e) {
                throw new RunStoreException(url.redacted, "run '" + runId + "' is stored in a form this SDK cannot read: "
                        + e.getMessage(), e);
            }
        }
    }
}
