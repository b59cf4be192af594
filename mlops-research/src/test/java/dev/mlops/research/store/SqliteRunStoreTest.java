// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store contract on a real SQLite file, and what only SQLite has: files, directories, WAL. */
class SqliteRunStoreTest implements RunStoreContract {
    @TempDir
    Path dir;
    private int stores;

    @Override
    public String newStoreUrl() {
        return RunStore.sqliteUrl(dir.resolve("runs-" + ++stores + ".db"));
    }

    @Override
    public void refuseMetricsNamedExplode(String url) throws Exception {
        execute(url, "CREATE TRIGGER explode BEFORE INSERT ON run_metrics WHEN NEW.name = 'explode'"
                + " BEGIN SELECT RAISE(ABORT, 'metric refused by test trigger'); END");
    }

    @Override
    public void createForeignTable(String url) throws Exception {
        execute(url, "CREATE TABLE invoices (id INTEGER PRIMARY KEY)");
    }

    private static void execute(String url, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void open_usesWalJournalingSoReadersAndWritersOfOtherProcessesDoNotBlock() throws Exception {
        String url = newStoreUrl();
        try (RunStore store = RunStore.open(url)) {
            store.record(RunStoreContract.run("m", "train").build(), RunOutcome.succeeded(List.of()));
            try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
        }
    }

    @Test
    void open_aMissingDirectoryIsRefusedNamingIt() {
        Path missing = dir.resolve("no-such-dir").resolve("runs.db");
        assertThatThrownBy(() -> RunStore.open(RunStore.sqliteUrl(missing)))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("run store jdbc:sqlite:" + missing)
                .hasMessageContaining("the directory " + missing.getParent() + " does not exist");
        assertThat(missing.getParent()).doesNotExist();
    }

    @Test
    void open_aFileThatIsNotADatabaseIsRefused() throws Exception {
        Path notDb = dir.resolve("notes.db");
        Files.writeString(notDb, "this is not a SQLite database, just some text that is long enough to have a header");
        assertThatThrownBy(() -> RunStore.open(RunStore.sqliteUrl(notDb)))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining(notDb.toString())
                .hasMessageContaining("not a SQLite database");
    }

    @Test
    void open_anInMemoryDatabaseIsRefused() {
        assertThatThrownBy(() -> RunStore.open("jdbc:sqlite::memory:"))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("in-memory");
    }

    @Test
    void open_aRelativePathIsResolvedAgainstTheWorkingDirectory() {
        assertThat(StoreUrl.parse("jdbc:sqlite:runs.db").sqliteFile()).contains(Path.of("runs.db").toAbsolutePath());
        assertThat(StoreUrl.parse("jdbc:sqlite:file:/tmp/x/runs.db?cache=shared").sqliteFile())
                .contains(Path.of("/tmp/x/runs.db"));
    }

    @Test
    void write_aStoreOpenedReadOnlyIsRefusedAsReadOnlyAndKeepsItsRuns() throws Exception {
        Path file = dir.resolve("ro.db");
        try (RunStore store = RunStore.open(RunStore.sqliteUrl(file))) {
            store.record(RunStoreContract.run("m", "train").runId("kept").build(), RunOutcome.succeeded(List.of()));
        }
        String readOnly = "jdbc:sqlite:file:" + file + "?mode=ro";
        try (RunStore store = RunStore.open(readOnly)) {
            assertThat(store.get("kept").status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThatThrownBy(() -> store.record(RunStoreContract.run("m", "train").build(),
                    RunOutcome.succeeded(List.of())))
                    .isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("run store " + readOnly)
                    .hasMessageContaining("read-only");
            assertThat(store.history("m")).extracting(RunRecord::runId).containsExactly("kept");
        }
    }

    @Test
    void open_aReadOnlyFileOrDirectoryIsRefusedNamingIt() throws Exception {
        assumeFalse("root".equals(System.getProperty("user.name")),
                "file permissions do not bind root (CI runs as root): run the tests as another user to check them");
        Path roDir = Files.createDirectory(dir.resolve("ro-dir"));
        Path file = roDir.resolve("runs.db");
        try (RunStore store = RunStore.open(RunStore.sqliteUrl(file))) {
            store.models();
        }
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
            assertThatThrownBy(() -> RunStore.open(RunStore.sqliteUrl(file)))
                    .isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("the file " + file + " is read-only");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("r-xr-xr-x"));
            assertThatThrownBy(() -> RunStore.open(RunStore.sqliteUrl(file)))
                    .isInstanceOf(StoreAccessException.class)
                    .hasMessageContaining("the directory " + roDir + " is read-only");
        } finally {
            Files.setPosixFilePermissions(roDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    @Test
    void python_readsTheStoreWithItsStandardSqlite3Module() throws Exception {
        assumeTrue(onPath("python3"), "python3 is not on the PATH: the check that Python's sqlite3 reads the store"
                + " is skipped");
        Path file = dir.resolve("shared-with-python.db");
        try (RunStore store = RunStore.open(RunStore.sqliteUrl(file))) {
            store.record(RunStoreContract.run("weather", "evaluate").runId("py-1").modelVersion("1.0.0")
                    .dataset(RunDataset.of("weather-test", RunStoreContract.SHA_A)).configJson("{\"lr\": 0.5}")
                    .startedAt(RunStoreContract.T0).build(), RunOutcome.succeeded(List.of(
                            RunMetric.of("rmse", 1.25, "weather-test", "test"),
                            RunMetric.of("rmse", 2.5, "weather-test", "test").withSlice(Map.of("area", "Hebron")))));
            String script = String.join("\n",
                    "import json, sqlite3, sys",
                    "con = sqlite3.connect(sys.argv[1])",
                    "run = con.execute('SELECT run_id, model_name, model_version, task, status, config_json,"
                            + " started_at FROM runs').fetchone()",
                    "metrics = con.execute('SELECT name, value, dataset, split, slice_json FROM run_metrics"
                            + " WHERE run_id = ? ORDER BY position', (run[0],)).fetchall()",
                    "ds = con.execute('SELECT name, sha256 FROM run_datasets WHERE run_id = ?', (run[0],)).fetchall()",
                    "print(json.dumps({'run': run, 'metrics': metrics, 'datasets': ds,",
                    "    'lr': json.loads(run[5])['lr'],",
                    "    'slice': json.loads(metrics[1][4])}, sort_keys=True))");
            Process p = new ProcessBuilder("python3", "-c", script, file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(out).isEqualTo("{\"datasets\": [[\"weather-test\", \"" + RunStoreContract.SHA_A + "\"]], "
                    + "\"lr\": 0.5, \"metrics\": [[\"rmse\", 1.25, \"weather-test\", \"test\", null], "
                    + "[\"rmse\", 2.5, \"weather-test\", \"test\", \"{\\\"area\\\":\\\"Hebron\\\"}\"]], "
                    + "\"run\": [\"py-1\", \"weather\", \"1.0.0\", \"evaluate\", \"succeeded\", "
                    + "\"{\\\"lr\\\":0.5}\", \"2026-03-01T10:00:00.123456Z\"], \"slice\": {\"area\": \"Hebron\"}}");
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, program))) {
                return true;
            }
        }
        return false;
    }
}
