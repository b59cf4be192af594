// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
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
}
