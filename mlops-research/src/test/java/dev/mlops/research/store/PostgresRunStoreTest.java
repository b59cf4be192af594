// SPDX-License-Identifier: Apache-2.0
package dev.mlops.research.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The run store contract on a real PostgreSQL server ({@link PostgresServer}): each test gets its own, fresh schema.
 * Skipped, saying why, when no server is available.
 */
class PostgresRunStoreTest implements RunStoreContract {
    private String server = "";

    @BeforeEach
    void needsAServer() {
        assumeTrue(PostgresServer.url().isPresent(), PostgresServer::whyNot);
        server = PostgresServer.url().orElseThrow();
    }

    @Override
    public String newStoreUrl() {
        return PostgresServer.freshSchemaUrl(server);
    }

    @Override
    public void refuseMetricsNamedExplode(String url) throws Exception {
        PostgresServer.execute(url,
                "CREATE FUNCTION explode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.name = 'explode' THEN"
                        + " RAISE EXCEPTION 'metric refused by test trigger'; END IF; RETURN NEW; END $$",
                "CREATE TRIGGER explode BEFORE INSERT ON run_metrics FOR EACH ROW EXECUTE FUNCTION explode()");
    }

    @Override
    public void createForeignTable(String url) throws Exception {
        String schema = StoreUrl.parse(url).parameter("currentSchema").orElseThrow();
        PostgresServer.execute(url, "CREATE SCHEMA " + schema, "CREATE TABLE " + schema + ".invoices (id INTEGER)");
    }

    @Test
    void open_wrongCredentialsAreRefusedWithThePasswordRedacted() {
        String wrong = server.replaceAll("[?&]password=[^&]*", "") + (server.contains("?") ? "&" : "?")
                + "password=not-the-password-42";
        String badUser = wrong.replaceAll("user=[^&]*", "user=no_such_user");
        assertThatThrownBy(() -> RunStore.open(badUser))
                .isInstanceOf(StoreAccessException.class)
                .hasMessageContaining("refused the credentials")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("not-the-password-42")
                .extracting(e -> ((StoreAccessException) e).storeUrl()).asString().contains("user=no_such_user");
    }

    @Test
    void open_twoStoresInOneDatabaseKeepApartInTheirOwnSchemas() {
        String a = newStoreUrl();
        String b = newStoreUrl();
        try (RunStore sa = RunStore.open(a); RunStore sb = RunStore.open(b)) {
            sa.record(RunStoreContract.run("weather", "train").build(), RunOutcome.succeeded(List.of()));
            assertThat(sa.history("weather")).hasSize(1);
            assertThat(sb.history("weather")).isEmpty();
        }
    }
}
